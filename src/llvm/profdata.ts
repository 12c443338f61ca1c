import * as fs from 'node:fs'
import * as path from 'node:path'
import { commandEnv } from '../system/environment'
import { runTool } from '../system/exec'
import type { MergeInput, MergeOutcome, ProfileContents, ProfileTool } from './profile-tool'
import type { LocatedTool } from './locate'
import { ActionError } from '../system/errors'
import { checkIndexedProfile, checkRawProfiles, readHead, type ProfileReader } from './preflight'
import { readProfileHeader } from './profile-format'
import { readableNames } from './readable-names'
import { ShowParser } from './show-parser'

/** llvm-profdata, the tool that merges raw profiles and describes the result. */
export class LlvmProfdata implements ProfileTool {
  readonly description: string

  /** `compiler` is the one that builds with the profiles: its LLVM decides which formats work. */
  constructor(
    readonly tool: LocatedTool,
    private readonly compiler: ProfileReader
  ) {
    this.description = `llvm-profdata ${tool.version.full} (${tool.origin})`
  }

  /** Refuses a profile from elsewhere that the compiler would drop without failing. */
  checkReusable(profile: string, origin: string): void {
    if (!readProfileHeader(readHead(profile))) {
      throw new ActionError(
        `The profile ${profile} (${origin}) is not an LLVM indexed profile: it does not start the way a .profdata file does. ` +
          'Give the merged .profdata that llvm-profdata merge writes (the profile-path output of a run that made it).'
      )
    }
    checkIndexedProfile(
      profile,
      `${profile} (${origin})`,
      this.compiler,
      `make a new profile with this toolchain (mode generate, without profile or profile-hash), or build with a compiler whose LLVM reads it (for Rust, a newer toolchain in rust-toolchain.toml).`
    )
  }

  readableNames(names: string[]): Promise<Map<string, string>> {
    return readableNames(names, path.dirname(this.tool.path))
  }

  /**
   * llvm-profdata merge with --failure-mode=all: one unreadable raw profile
   * (a process that crashed while writing it) costs that file, not the
   * whole profile; llvm-profdata names each file it drops in a warning.
   */
  async merge(inputs: MergeInput[], output: string): Promise<MergeOutcome> {
    const { name, llvm } = this.compiler
    const matchingTools =
      `use llvm-profdata from LLVM ${llvm.major}, the compiler's: leave llvm-version at auto (or set it to ${llvm.major}), ` +
      'and let llvm-tools find or install it (auto, rustup, system, download) or name a directory that holds it.'
    const files = inputs.map(input => input.file)
    checkRawProfiles(
      files,
      { name: `llvm-profdata ${this.tool.version.full}`, llvm: this.tool.version },
      `${name} (LLVM ${llvm.full})`,
      matchingTools
    )
    // A list file keeps thousands of raw profiles off the command line (a line is "file" or "weight,file");
    // it goes, so the profile's directory holds the profile alone.
    const list = `${output}.inputs`
    fs.writeFileSync(
      list,
      inputs.map(input => (input.weight && input.weight !== 1 ? `${input.weight},${input.file}` : input.file)).join('\n') + '\n'
    )
    const dropped: MergeOutcome['dropped'] = []
    try {
      await runTool(this.tool.path, ['merge', '--failure-mode=all', '--output', output, '--input-files', list], {
        cwd: path.dirname(output),
        env: commandEnv(),
        what: 'Merging the profiles',
        onLine: line => {
          const warning = /^warning: (.+?): (.+)$/.exec(line)
          if (warning && files.includes(warning[1]) && !dropped.some(entry => entry.file === warning[1]))
            dropped.push({ file: warning[1], reason: warning[2] })
        }
      })
    } finally {
      fs.rmSync(list, { force: true })
    }
    checkIndexedProfile(output, `merged by llvm-profdata ${this.tool.version.full}`, this.compiler, matchingTools)
    return { dropped }
  }

  /** llvm-profdata overlap's program-level edge overlap: 1 when every counter agrees in proportion. */
  async overlap(base: string, test: string): Promise<number | undefined> {
    const { stdout } = await runTool(this.tool.path, ['overlap', base, test], {
      cwd: path.dirname(test),
      env: commandEnv(),
      what: 'Comparing two profiles',
      quiet: true,
      capture: true
    })
    const percent = /Edge profile overlap: ([\d.]+)%/.exec(stdout)?.[1]
    return percent === undefined ? undefined : Number(percent) / 100
  }

  async contents(profile: string, hottest: number): Promise<ProfileContents> {
    const parser = new ShowParser(hottest)
    await runTool(this.tool.path, ['show', '--all-functions', '--counts', profile], {
      cwd: path.dirname(profile),
      env: commandEnv(),
      what: `Reading the profile ${profile}`,
      quiet: true,
      onLine: line => parser.line(line)
    })
    return parser.result()
  }
}
