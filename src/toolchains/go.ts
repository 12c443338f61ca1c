import * as fs from 'node:fs'
import * as path from 'node:path'
import { compareTrees, listTree } from '../system/build-tree'
import { commandEnv, type Env } from '../system/environment'
import { ActionError } from '../system/errors'
import { runTool } from '../system/exec'
import { displayPath } from '../system/paths'
import type { ProfileTool } from '../llvm/profile-tool'
import { quoteForGoFlags } from '../system/shell-words'
import { protectedDirectories } from '../system/workdir'
import { GoPprof } from './go-pprof'
import type { BuildSetup, BuildVariant, CompilerInfo, ProgramWatch, Toolchain, ToolchainOptions } from './toolchain'

/** Profile-guided optimization arrived in Go 1.21. */
const FIRST_PGO_RELEASE = { major: 1, minor: 21 }

/**
 * Go: nothing is instrumented. The programs are built as usual, the
 * workloads write pprof CPU profiles into PGO_PROFILE_DIR, and the optimized
 * build gets -pgo=<merged profile> through GOFLAGS.
 */
export class GoToolchain implements Toolchain {
  readonly name = 'go'
  readonly profileFormat = 'pprof'
  readonly profilingBuildName = 'Build for profiling'
  readonly reusesObjects = false
  readonly profileExtension = '.pprof'
  readonly flagsAdvice = 'The action passes -pgo in GOFLAGS: a build command that passes -pgo itself, or sets GOFLAGS, replaces it.'
  readonly compiler: CompilerInfo

  private constructor(
    private readonly cwd: string,
    private readonly goVersion: string
  ) {
    const [, minor] = parseGoVersion(goVersion) ?? []
    this.compiler = { name: goVersion, description: goVersion, profileFormatVersion: `go1.${minor}` }
  }

  static async open(options: ToolchainOptions): Promise<GoToolchain> {
    const cwd = options.workingDirectory
    const { stdout } = await runTool('go', ['env', 'GOVERSION'], { cwd, env: commandEnv(), what: 'Asking go for its version', quiet: true, capture: true })
    const goVersion = stdout.trim()
    const version = parseGoVersion(goVersion)
    if (!version) throw new ActionError(`go env GOVERSION printed '${goVersion}', which is not a Go release version.`)
    const [major, minor] = version
    if (major < FIRST_PGO_RELEASE.major || (major === FIRST_PGO_RELEASE.major && minor < FIRST_PGO_RELEASE.minor)) {
      throw new ActionError(
        `toolchain go needs Go 1.21 or newer, the first release with profile-guided optimization; this is ${goVersion}. ` +
          "Install a newer Go first (actions/setup-go with go-version: '1.21' or later)."
      )
    }
    return new GoToolchain(cwd, goVersion)
  }

  /** The workloads' CPU profiles, whatever they are called: the directory is theirs alone. */
  isRawProfile(fileName: string): boolean {
    return !fileName.startsWith('.')
  }

  ownProfileTool(): ProfileTool {
    return new GoPprof(this.cwd, this.goVersion)
  }

  async prepareBuild(variant: BuildVariant): Promise<BuildSetup> {
    const { kept, dropped } = withoutPgoFlag(process.env.GOFLAGS ?? '')
    const notes = [`Your GOFLAGS: ${kept.join(' ') || 'none'}`]
    const warnings = dropped.length ? [`Left out ${dropped.join(' ')} from your GOFLAGS: the action sets -pgo itself.`] : []
    if (variant.kind === 'instrumented') {
      notes.push('Built as usual: Go profiles with the CPU profiler, so nothing is instrumented.')
      return { env: { GOFLAGS: kept.join(' ') }, notes, warnings }
    }
    if (variant.kind === 'optimized' && variant.keepRelocations) {
      throw new ActionError('Go programs cannot be linked for BOLT: the Go linker does not keep relocations the way BOLT needs.')
    }
    // -pgo=off keeps a default.pgo in the main package out of the plain build.
    const pgo = variant.kind === 'optimized' ? pgoFlag(variant.profile) : '-pgo=off'
    notes.push(`Added to GOFLAGS: ${pgo}`)
    return { env: { GOFLAGS: [...kept, pgo].join(' ') }, notes, warnings }
  }

  /** The executables that appeared or changed in the working directory during the build. */
  async watchPrograms(): Promise<ProgramWatch> {
    const before = listTree(this.cwd, protectedDirectories())
    return {
      programs: async () => {
        const { created, modified } = compareTrees(before, listTree(this.cwd, protectedDirectories()))
        const programs = [...created, ...modified].filter(isExecutable).sort()
        if (programs.length === 0) {
          throw new ActionError(
            `The build wrote no program inside ${this.cwd}. With -o outside the working directory, or for programs the build ` +
              'does not change, set `binaries` to the paths of the programs.'
          )
        }
        return programs
      }
    }
  }

  workloadEnv(): Env {
    return {}
  }

  /** `go version -m` shows the profile each program was built with. */
  async confirmProfileUse(programs: string[], profile: string): Promise<string[]> {
    const confirmed: string[] = []
    for (const program of programs) {
      const used = /^\tbuild\t-pgo=(.*)$/m.exec(await this.buildInfo(program))?.[1]
      if (used === undefined || unquoteBuildSetting(used) !== profile) {
        throw new ActionError(
          `${displayPath(program, this.cwd)} was not built with the profile: go version -m shows ${used ? `-pgo=${used}` : 'no -pgo setting'}. ${this.flagsAdvice}`
        )
      }
      confirmed.push(`${displayPath(program, this.cwd)}: go version -m shows -pgo=${used}`)
    }
    return confirmed
  }

  /** default.pgo in the directory of each program's main package, where `go build` looks for a profile. */
  async defaultProfilePaths(programs: string[]): Promise<string[]> {
    const dirs = new Set<string>()
    for (const program of programs) {
      const importPath = /^\tpath\t(\S+)$/m.exec(await this.buildInfo(program))?.[1]
      if (!importPath) continue
      const { stdout: dir } = await runTool('go', ['list', '-f', '{{.Dir}}', importPath], { cwd: this.cwd, env: commandEnv(), what: `Finding the package ${importPath}`, quiet: true, capture: true })
      if (dir.trim()) dirs.add(path.join(dir.trim(), 'default.pgo'))
    }
    return [...dirs].sort()
  }

  /** What `go version -m` says of a program: its main package, module and build settings. */
  private async buildInfo(program: string): Promise<string> {
    const { stdout } = await runTool('go', ['version', '-m', program], {
      cwd: this.cwd,
      env: commandEnv(),
      what: `Reading the build information of ${program}`,
      quiet: true,
      capture: true
    })
    return stdout
  }
}

/** -pgo=<profile> for GOFLAGS, quoted the way Go unquotes it there. */
function pgoFlag(profile: string): string {
  const flag = quoteForGoFlags(`-pgo=${profile}`)
  if (!flag) throw new ActionError(`The profile's path holds both kinds of quote, which GOFLAGS cannot carry: ${profile}`)
  return flag
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

/** [major, minor] of "go1.26.8", "go1.21rc2" or "go1.22". */
export function parseGoVersion(version: string): [number, number] | undefined {
  const match = /^go(\d+)\.(\d+)/.exec(version)
  return match ? [Number(match[1]), Number(match[2])] : undefined
}

/** GOFLAGS without a -pgo setting of the user's, which would fight the action's. */
export function withoutPgoFlag(goflags: string): { kept: string[]; dropped: string[] } {
  const flags = goflags.split(/\s+/).filter(Boolean)
  return { kept: flags.filter(flag => !/^--?pgo(=|$)/.test(flag)), dropped: flags.filter(flag => /^--?pgo(=|$)/.test(flag)) }
}

function isExecutable(file: string): boolean {
  if (process.platform === 'win32') return file.endsWith('.exe')
  const stat = fs.statSync(file, { throwIfNoEntry: false })
  return Boolean(stat?.isFile() && stat.mode & 0o111) && !file.split(path.sep).includes('.git')
}
