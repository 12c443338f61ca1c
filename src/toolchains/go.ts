import * as fs from 'node:fs'
import * as path from 'node:path'
import { compareTrees, listTree } from '../system/build-tree'
import { commandEnv, type Env } from '../system/environment'
import { ActionError } from '../system/errors'
import { runTool } from '../system/exec'
import { displayPath } from '../system/paths'
import type { FunctionCounts, ProfileTool } from '../llvm/profile-tool'
import { quoteForGoFlags } from '../system/shell-words'
import { sha256File } from '../system/hash'
import { protectedDirectories, sharedActionDir } from '../system/workdir'
import { judgeSampleFits, programFunctions, programSymbols, sampleFit, type ProgramSampleFit, type ProgramSymbols, type SampleFitReport } from './go-fit'
import { goFunctionNames } from './go-pclntab'
import { GoPprof } from './go-pprof'
import { whyNotCpuProfile } from './pprof-kind'
import { placeProgramProfiles } from './go-default-pgo'
import type { BuildSetup, BuildVariant, CompilerInfo, ProgramProfile, ProgramWatch, RawProfileScreen, Toolchain, ToolchainOptions } from './toolchain'

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
  readonly profilesPerProgram = true
  /** `go version -m` of each program as last built, by path, time and size. */
  private readonly buildInfos = new Map<string, string>()
  readonly noProfileOfLineReason = 'Go writes a CPU profile only where the workload asks for one (-cpuprofile=$PGO_PROFILE_DIR/<name>.pprof, or runtime/pprof in the program)'

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

  noProfilesAdvice(): string {
    return (
      'Go programs are not instrumented: each workload writes its CPU profile into $PGO_PROFILE_DIR itself, with ' +
        `\`go test -cpuprofile=$PGO_PROFILE_DIR/<name>.pprof\`, with runtime/pprof's StartCPUProfile in the program, ` +
        `or by saving a running server's net/http/pprof /debug/pprof/profile there (curl -o "$PGO_PROFILE_DIR/<name>.pprof" …).`
    )
  }

  /** Only CPU profiles: a heap or mutex profile would make pprof's merge fail without naming the file. */
  screenRawProfiles(files: string[]): RawProfileScreen {
    const screen: RawProfileScreen = { usable: [], skipped: [] }
    for (const file of files) {
      const reason = whyNotCpuProfile(fs.readFileSync(file))
      if (reason) screen.skipped.push({ file, reason })
      else screen.usable.push(file)
    }
    return screen
  }

  /** go test with -cpuprofile keeps the test binary it ran, <package>.test, in the current directory. */
  leftoverWarning(created: string[]): string | undefined {
    const binaries = created.filter(file => file.endsWith('.test') && isExecutable(file))
    if (binaries.length === 0) return undefined
    const listed = binaries.map(file => `${displayPath(file, this.cwd)} (${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MiB)`).join(', ')
    return (
      `The workloads left go test's binaries in the working directory: ${listed}. go test keeps the test binary it ran when it writes a ` +
      'CPU profile, and a later `git add -A` would commit it. Add -o "$RUNNER_TEMP/<name>.test" to the go test line to put it elsewhere; ' +
      'the action deletes nothing it did not make, so they stay.'
    )
  }

  ownProfileTool(): ProfileTool {
    return new GoPprof(this.cwd, this.goVersion)
  }

  async prepareBuild(variant: BuildVariant): Promise<BuildSetup> {
    const { kept, dropped } = withoutPgoFlag(process.env.GOFLAGS ?? '')
    const notes = [`Your GOFLAGS: ${kept.join(' ') || 'none'}`]
    const warnings = dropped.length ? [`Left out ${dropped.join(' ')} from your GOFLAGS: the action sets -pgo itself.`] : []
    if (variant.kind === 'optimized' && variant.keepRelocations) {
      throw new ActionError('Go programs cannot be linked for BOLT: the Go linker does not keep relocations the way BOLT needs.')
    }
    if (variant.kind === 'optimized' && variant.programProfiles) {
      const placed = await placeProgramProfiles(variant.programProfiles, program => this.mainPackageDir(program), this.cwd)
      notes.push(...placed.notes, 'Added to GOFLAGS: -pgo=auto (each main package builds with the default.pgo beside it)')
      return { env: { GOFLAGS: [...kept, '-pgo=auto'].join(' ') }, notes, warnings, cleanup: placed.restore }
    }
    if (variant.kind === 'optimized') {
      const stable = await placeStableProfile(variant.profile)
      const pgo = pgoFlag(stable)
      notes.push(`Added to GOFLAGS: ${pgo} (the profile under a name of its hash, so the same profile builds the same bytes wherever it came from)`)
      return { env: { GOFLAGS: [...kept, pgo].join(' ') }, notes, warnings }
    }
    // -pgo=off keeps a default.pgo in a main package out of the plain build and of the build the
    // workloads profile: the new profile then describes the code as the source makes it, not as an
    // earlier profile made it, so the same workload trains the same profile whatever default.pgo holds.
    const existing = variant.kind === 'instrumented' ? await this.existingDefaultProfiles() : []
    if (variant.kind === 'instrumented') notes.push('Built as usual, but for -pgo=off: Go profiles with the CPU profiler, so nothing is instrumented.')
    if (existing.length > 0) {
      notes.push(`Left out of this build: ${existing.join(', ')} (Go would use it by -pgo=auto; the profile is made from the program as its source makes it).`)
    }
    notes.push('Added to GOFLAGS: -pgo=off')
    return { env: { GOFLAGS: [...kept, '-pgo=off'].join(' ') }, notes, warnings }
  }

  /**
   * default.pgo files beside the working directory's main packages, which
   * `go build` would use by -pgo=auto. Best effort: a tree `go list` cannot
   * read has none to report.
   */
  private async existingDefaultProfiles(): Promise<string[]> {
    try {
      const { stdout } = await runTool('go', ['list', '-f', '{{if eq .Name "main"}}{{.Dir}}{{end}}', './...'], {
        cwd: this.cwd,
        env: commandEnv(),
        what: 'Listing the main packages',
        quiet: true,
        capture: true
      })
      const candidates = stdout.split('\n').filter(Boolean).map(dir => path.join(dir, 'default.pgo'))
      return candidates.filter(file => fs.existsSync(file)).map(file => displayPath(file, this.cwd)).sort()
    } catch {
      return []
    }
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

  /**
   * `go version -m` shows the profile each program was built with: its
   * path, or with -trimpath only its file name, which names the profile's
   * hash here (or default.pgo, for a program built from its own profile).
   * Anything else means the build replaced the action's -pgo.
   */
  async confirmProfileUse(programs: string[], profile: string, programProfiles?: ProgramProfile[]): Promise<string[]> {
    const confirmed: string[] = []
    const union = await stableProfilePath(profile)
    for (const program of programs) {
      const ownDir = programProfiles?.some(entry => entry.program === program) ? await this.mainPackageDir(program) : undefined
      const expected = ownDir ? path.join(ownDir, 'default.pgo') : union
      const info = await this.buildInfo(program)
      const used = /^\tbuild\t-pgo=(.*)$/m.exec(info)?.[1]
      const trimmed = /^\tbuild\t-trimpath=true$/m.test(info)
      const recorded = used === undefined ? undefined : unquoteBuildSetting(used)
      if (recorded !== expected && !(trimmed && recorded === path.basename(expected))) {
        throw new ActionError(
          `${displayPath(program, this.cwd)} was not built with the profile: go version -m shows ${used ? `-pgo=${used}` : 'no -pgo setting'}, ` +
            `where the action gave it -pgo=${trimmed ? path.basename(expected) : expected}. ${this.flagsAdvice}`
        )
      }
      confirmed.push(`${displayPath(program, this.cwd)}: go version -m shows -pgo=${used}`)
    }
    return confirmed
  }

  /** The share of the profile's samples in functions each program has, from `go tool nm`. */
  async sampleFits(programs: string[], profile: string, programProfiles?: ProgramProfile[]): Promise<SampleFitReport | undefined> {
    const fits: ProgramSampleFit[] = []
    const sampledIn = new Map<string, FunctionCounts[]>()
    for (const program of programs) {
      const own = programProfiles?.find(entry => entry.program === program)?.profile ?? profile
      if (!sampledIn.has(own)) sampledIn.set(own, (await this.ownProfileTool().contents(own, Number.MAX_SAFE_INTEGER)).hottest)
      const sampled = sampledIn.get(own) ?? []
      const mainPackage = /^\tpath\t(\S+)$/m.exec(await this.buildInfo(program))?.[1]
      fits.push({ program, mainPackage, fit: sampleFit(sampled, await this.functionsOf(program), mainPackage) })
    }
    return judgeSampleFits(fits, this.cwd)
  }

  /** The functions a program holds code of: from its pclntab, or, where that cannot be read, `go tool nm`. */
  private async functionsOf(program: string): Promise<ProgramSymbols> {
    const names = goFunctionNames(fs.readFileSync(program))
    if (names) return programFunctions(names)
    const { stdout } = await runTool('go', ['tool', 'nm', program], { cwd: this.cwd, env: commandEnv(), what: `Listing the functions of ${program}`, quiet: true, capture: true })
    return programSymbols(stdout)
  }

  /** default.pgo in the directory of each program's main package, where `go build` looks for a profile. */
  async defaultProfilePaths(programs: string[]): Promise<Array<{ program: string; path: string }>> {
    const found: Array<{ program: string; path: string }> = []
    for (const program of programs) {
      const dir = await this.mainPackageDir(program)
      const file = dir && path.join(dir, 'default.pgo')
      if (file && !found.some(entry => entry.path === file)) found.push({ program, path: file })
    }
    return found.sort((a, b) => (a.path < b.path ? -1 : 1))
  }

  /** The directory of a program's main package, from the import path its build information records. */
  private async mainPackageDir(program: string): Promise<string | undefined> {
    const importPath = /^\tpath\t(\S+)$/m.exec(await this.buildInfo(program))?.[1]
    if (!importPath) return undefined
    const { stdout } = await runTool('go', ['list', '-f', '{{.Dir}}', importPath], { cwd: this.cwd, env: commandEnv(), what: `Finding the package ${importPath}`, quiet: true, capture: true })
    return stdout.trim() || undefined
  }

  /** What `go version -m` says of a program: its main package, module and build settings. */
  private async buildInfo(program: string): Promise<string> {
    // The check, the fit and default.pgo each ask; a program is read again only once a build has rewritten it.
    const { mtimeMs, size } = fs.statSync(program)
    const key = `${program}\0${mtimeMs}\0${size}`
    const known = this.buildInfos.get(key)
    if (known !== undefined) return known
    const { stdout } = await runTool('go', ['version', '-m', program], {
      cwd: this.cwd,
      env: commandEnv(),
      what: `Reading the build information of ${program}`,
      quiet: true,
      capture: true
    })
    this.buildInfos.set(key, stdout)
    return stdout
  }
}

/**
 * Where the optimized build reads the profile: a file named by the
 * profile's hash in the action's directory, the same for every step of the
 * runner. Go records the -pgo path in the program (only the file name with
 * -trimpath), so a profile read from where it happened to be (this step's
 * merge, the cache, default.pgo) would build other bytes each time.
 */
async function stableProfilePath(profile: string): Promise<string> {
  return path.join(sharedActionDir('go-profiles'), `pgo-${(await sha256File(profile)).slice(0, 16)}.pprof`)
}

async function placeStableProfile(profile: string): Promise<string> {
  const stable = await stableProfilePath(profile)
  if (path.resolve(profile) !== stable) {
    fs.mkdirSync(path.dirname(stable), { recursive: true })
    fs.copyFileSync(profile, stable)
  }
  return stable
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
