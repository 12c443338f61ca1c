import * as fs from 'node:fs'
import { commandEnv } from '../../system/environment'
import { runTool } from '../../system/exec'

/**
 * What `go version -m` says of a program: its main package, its platform
 * and the -pgo it was built with. It reads ELF, PE and Mach-O alike, so a
 * program built for another platform is read the same way.
 */
export class GoBuildInfo {
  /** Each program's answer, by path, time and size: the check, the fit and default.pgo each ask. */
  private readonly known = new Map<string, string>()

  constructor(private readonly cwd: string) {}

  async of(program: string): Promise<string> {
    // A program is read again only once a build has rewritten it.
    const { mtimeMs, size } = fs.statSync(program)
    const key = `${program}\0${mtimeMs}\0${size}`
    const known = this.known.get(key)
    if (known !== undefined) return known
    const { stdout } = await runTool('go', ['version', '-m', program], {
      cwd: this.cwd,
      env: commandEnv(),
      what: `Reading the build information of ${program}`,
      quiet: true,
      capture: true
    })
    this.known.set(key, stdout)
    return stdout
  }

  /** The import path of the program's main package. */
  async mainPackage(program: string): Promise<string | undefined> {
    return /^\tpath\t(\S+)$/m.exec(await this.of(program))?.[1]
  }

  /** The directory of the program's main package, where `go build` looks for default.pgo. */
  async mainPackageDir(program: string): Promise<string | undefined> {
    const importPath = await this.mainPackage(program)
    if (!importPath) return undefined
    const { stdout } = await runTool('go', ['list', '-f', '{{.Dir}}', importPath], {
      cwd: this.cwd,
      env: commandEnv(),
      what: `Finding the package ${importPath}`,
      quiet: true,
      capture: true
    })
    return stdout.trim() || undefined
  }

  /** linux/arm64: the GOOS and GOARCH the program was built for. */
  async platform(program: string): Promise<string | undefined> {
    const info = await this.of(program)
    const os = /^\tbuild\tGOOS=(\S+)$/m.exec(info)?.[1]
    const arch = /^\tbuild\tGOARCH=(\S+)$/m.exec(info)?.[1]
    return os && arch ? `${os}/${arch}` : undefined
  }

  /** The -pgo setting recorded, as written there, and whether the build trimmed paths (then only the file name is kept). */
  async pgoSetting(program: string): Promise<{ recorded?: string; written?: string; trimmed: boolean }> {
    const info = await this.of(program)
    const written = /^\tbuild\t-pgo=(.*)$/m.exec(info)?.[1]
    return {
      written,
      recorded: written === undefined ? undefined : unquoteBuildSetting(written),
      trimmed: /^\tbuild\t-trimpath=true$/m.test(info)
    }
  }
}

/** A value from `go version -m`'s build lines, which Go quotes when it holds spaces or quotes. */
function unquoteBuildSetting(value: string): string {
  if (!value.startsWith('"')) return value
  try {
    return JSON.parse(value) as string
  } catch {
    return value
  }
}
