import * as fs from 'node:fs'
import * as path from 'node:path'
import { commandEnv } from '../system/environment'
import { runTool } from '../system/exec'
import type { DynoStat } from '../llvm/llvm-bolt'
import { instrumentArgs, optimizeArgs, parseDynoStats } from '../llvm/llvm-bolt'
import type { LocatedTool } from '../llvm/locate'

/** llvm-bolt and merge-fdata of one LLVM: instrument a program, merge its profiles, write the optimized program. */
export class BoltTools {
  readonly description: string

  constructor(
    readonly bolt: LocatedTool,
    readonly mergeFdata: LocatedTool,
    private readonly arch: string
  ) {
    this.description = `llvm-bolt ${bolt.version.full} (${bolt.origin})`
  }

  async instrument(program: string, output: string, profileFile: string): Promise<void> {
    await runTool(this.bolt.path, instrumentArgs(program, output, profileFile), {
      cwd: path.dirname(output),
      env: commandEnv(),
      what: `Instrumenting ${path.basename(program)} with llvm-bolt`
    })
  }

  /** Merges the profiles of one program's processes; a list file keeps thousands of them off the command line. */
  async merge(inputs: string[], output: string): Promise<void> {
    const list = `${output}.inputs`
    fs.writeFileSync(list, inputs.join('\n') + '\n')
    try {
      await runTool(this.mergeFdata.path, ['-o', output, `@${list}`], {
        cwd: path.dirname(output),
        env: commandEnv(),
        what: `Merging the BOLT profiles of ${path.basename(output)}`,
        quiet: true
      })
    } finally {
      fs.rmSync(list, { force: true })
    }
  }

  /**
   * Writes the optimized program. llvm-bolt records its command line in the
   * program it writes, so the paths are given relative to `cwd`: the same
   * inputs then give the same bytes wherever the runner keeps its files.
   */
  async optimize(files: { program: string; output: string; profile: string }, cwd: string): Promise<DynoStat[]> {
    const relative = (file: string) => path.relative(cwd, file)
    const { stdout } = await runTool(
      this.bolt.path,
      optimizeArgs(relative(files.program), relative(files.output), relative(files.profile), this.arch),
      {
        cwd,
        env: commandEnv(),
        what: `Optimizing ${path.basename(files.program)} with llvm-bolt`,
        capture: true
      }
    )
    return parseDynoStats(stdout)
  }
}
