import * as fs from 'node:fs'
import * as path from 'node:path'
import { compareTrees, listTree } from '../../system/build-tree'
import { commandEnv } from '../../system/environment'
import { ActionError } from '../../system/errors'
import { runTool } from '../../system/exec'
import { displayPath } from '../../system/paths'
import type { ProfileTool } from '../../llvm/profile-tool'
import { protectedDirectories } from '../../system/workdir'
import { GoProfileChecks } from './go-profile-checks'
import { GoPprof } from './go-pprof'
import { goWorkloads, isWrittenProgram } from './go-workloads'
import { placeProgramProfiles } from './go-default-pgo'
import { pgoFlag, placeStableProfile } from './go-profile-path'
import { GoBuildInfo } from './go-build-info'
import { platformSetup } from './go-platform-builds'
import { checkKnownPlatforms, planPlatforms, runnerVariables, type PlatformPlan } from '../../targets/go-platforms'
import type {
  BuildSetup,
  BuildTraits,
  BuildVariant,
  CompilerInfo,
  DefaultProfileCapability,
  OptimizedCheck,
  OptimizedCheckRequest,
  PlatformCapability,
  PreparedProfileTool,
  ProgramWatch,
  Toolchain,
  ToolchainOptions,
  WorkloadProfiles
} from '../toolchain'
import { GO_SPEC } from './go-spec'
import type { BuildSettings } from '../../settings/settings'
import { readGoBuildSettings } from './go-settings'

/** Profile-guided optimization arrived in Go 1.21. */
const FIRST_PGO_RELEASE = { major: 1, minor: 21 }

/**
 * Go: nothing is instrumented. The programs are built as usual, the
 * workloads write pprof CPU profiles into PGO_PROFILE_DIR, and the optimized
 * build gets -pgo=<merged profile> through GOFLAGS.
 */
export class GoToolchain implements Toolchain {
  readonly spec = GO_SPEC
  readonly compiler: CompilerInfo
  readonly traits: BuildTraits
  readonly workloads: WorkloadProfiles
  readonly defaultProfile: DefaultProfileCapability = { paths: programs => this.defaultProfilePaths(programs) }
  readonly platforms?: PlatformCapability
  private readonly buildInfo: GoBuildInfo

  private constructor(
    private readonly cwd: string,
    private readonly goVersion: string,
    /** The runner's own GOOS/GOARCH, as go env GOHOSTOS/GOHOSTARCH say. */
    private readonly runner: string,
    private readonly plan?: PlatformPlan
  ) {
    const [, minor] = parseGoVersion(goVersion) ?? []
    this.compiler = { name: goVersion, description: goVersion, profileFormatVersion: `go1.${minor}` }
    this.buildInfo = new GoBuildInfo(cwd)
    const runnerEnv = runnerVariables(plan)
    this.traits = {
      profilingBuildName: 'Build for profiling',
      reusesObjects: false,
      profileExtension: '.pprof',
      flagsAdvice: 'The action passes -pgo in GOFLAGS: a build command that passes -pgo itself, or sets GOFLAGS, replaces it.',
      warnsOfFit: false,
      runnerEnv
    }
    this.workloads = goWorkloads(cwd, runnerEnv)
    if (plan) this.platforms = { plan, programPlatform: program => this.buildInfo.platform(program) }
  }

  static async open(options: ToolchainOptions): Promise<GoToolchain> {
    const cwd = options.workingDirectory
    const { stdout } = await runTool('go', ['env', 'GOVERSION', 'GOHOSTOS', 'GOHOSTARCH', 'GOOS', 'GOARCH'], {
      cwd,
      env: commandEnv(),
      what: 'Asking go for its version',
      quiet: true,
      capture: true
    })
    const [goVersion = '', hostOs, hostArch, os, arch] = stdout.split('\n').map(line => line.trim())
    const version = parseGoVersion(goVersion)
    if (!version) throw new ActionError(`go env GOVERSION printed '${goVersion}', which is not a Go release version.`)
    const [major, minor] = version
    if (major < FIRST_PGO_RELEASE.major || (major === FIRST_PGO_RELEASE.major && minor < FIRST_PGO_RELEASE.minor)) {
      throw new ActionError(
        `toolchain go needs Go 1.21 or newer, the first release with profile-guided optimization; this is ${goVersion}. ` +
          "Install a newer Go first (actions/setup-go with go-version: '1.21' or later)."
      )
    }
    const request = {
      listed: options.goPlatforms ?? [],
      host: { os: hostOs, arch: hostArch },
      configured: { os, arch },
      build: options.build,
      env: process.env
    }
    const plan = planPlatforms(request)
    if (plan?.release) checkKnownPlatforms(plan.release, await knownPlatforms(cwd), goVersion)
    return new GoToolchain(cwd, goVersion, `${hostOs}/${hostArch}`, plan)
  }

  private pprof(): ProfileTool {
    return new GoPprof(this.cwd, this.goVersion)
  }

  /** go tool pprof, built once where the Go release leaves it to be built on first use. */
  async prepareProfileTool(): Promise<PreparedProfileTool> {
    const tool = this.pprof()
    const prepared = await tool.prepare?.()
    return { tool, result: prepared ? `${tool.description}; ${prepared}` : tool.description }
  }

  /** Nothing is instrumented: every program the build wrote is profiled as it is. */
  async checkProfilingBuild(programs: string[]): Promise<string[]> {
    return programs
  }

  /** go version -m's record of the profile each program used, and the share of the profile's samples in its functions. */
  async checkOptimizedBuild(request: OptimizedCheckRequest): Promise<OptimizedCheck> {
    const checks = new GoProfileChecks(this.cwd, this.buildInfo, this.pprof(), this.traits.flagsAdvice)
    const confirmations = await checks.confirmProfileUse(request.built, request.profile, request.programProfiles)
    return { confirmations, sampleFit: await checks.sampleFits(request.built, request.profile, request.programProfiles) }
  }

  /** Go's compiler says nothing of how a profile fits: the fit is judged by the samples (checkOptimizedBuild). */
  profileFitWarning(): undefined {
    return undefined
  }

  readBuildSettings(build: string): Promise<BuildSettings> {
    return readGoBuildSettings(build, this.cwd)
  }

  async prepareBuild(variant: BuildVariant): Promise<BuildSetup> {
    const setup = await this.prepareProfileUse(variant)
    const platform = platformSetup(this.plan, variant, this.runner)
    return { ...setup, env: { ...setup.env, ...platform.env }, notes: [...platform.notes, ...setup.notes] }
  }

  /** GOFLAGS for the variant: -pgo=off, the profile's stable path, or -pgo=auto with each program's own. */
  private async prepareProfileUse(variant: BuildVariant): Promise<BuildSetup> {
    const { kept, dropped } = withoutPgoFlag(process.env.GOFLAGS ?? '')
    const notes = [`Your GOFLAGS: ${kept.join(' ') || 'none'}`]
    const warnings = dropped.length ? [`Left out ${dropped.join(' ')} from your GOFLAGS: the action sets -pgo itself.`] : []
    if (variant.kind === 'optimized' && variant.keepRelocations) {
      throw new ActionError('Go programs cannot be linked for BOLT: the Go linker does not keep relocations the way BOLT needs.')
    }
    if (variant.kind === 'optimized' && variant.programProfiles) {
      const placed = await placeProgramProfiles(variant.programProfiles, program => this.buildInfo.mainPackageDir(program), this.cwd)
      notes.push(...placed.notes, 'Added to GOFLAGS: -pgo=auto (each main package builds with the default.pgo beside it)')
      return { env: { GOFLAGS: [...kept, '-pgo=auto'].join(' ') }, notes, warnings, cleanup: placed.restore }
    }
    if (variant.kind === 'optimized') {
      const stable = await placeStableProfile(variant.profile)
      const pgo = pgoFlag(stable)
      notes.push(
        `Added to GOFLAGS: ${pgo} (the profile under a name of its hash, so the same profile builds the same bytes wherever it came from)`
      )
      return { env: { GOFLAGS: [...kept, pgo].join(' ') }, notes, warnings }
    }
    // -pgo=off keeps a default.pgo in a main package out of the plain build and of the build the
    // workloads profile: the new profile then describes the code as the source makes it, not as an
    // earlier profile made it, so the same workload trains the same profile whatever default.pgo holds.
    const existing = variant.kind === 'instrumented' ? await this.existingDefaultProfiles() : []
    if (variant.kind === 'instrumented')
      notes.push('Built as usual, but for -pgo=off: Go profiles with the CPU profiler, so nothing is instrumented.')
    if (existing.length > 0) {
      notes.push(
        `Left out of this build: ${existing.join(', ')} (Go would use it by -pgo=auto; the profile is made from the program as its source makes it).`
      )
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
      const candidates = stdout
        .split('\n')
        .filter(Boolean)
        .map(dir => path.join(dir, 'default.pgo'))
      return candidates
        .filter(file => fs.existsSync(file))
        .map(file => displayPath(file, this.cwd))
        .sort()
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
        const programs = [...created, ...modified].filter(isWrittenProgram).sort()
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

  /** default.pgo in the directory of each program's main package, where `go build` looks for a profile. */
  private async defaultProfilePaths(programs: string[]): Promise<Array<{ program: string; path: string }>> {
    const found: Array<{ program: string; path: string }> = []
    for (const program of programs) {
      const dir = await this.buildInfo.mainPackageDir(program)
      const file = dir && path.join(dir, 'default.pgo')
      if (file && !found.some(entry => entry.path === file)) found.push({ program, path: file })
    }
    return found.sort((a, b) => (a.path < b.path ? -1 : 1))
  }
}

/** The platforms this Go builds for: `go tool dist list`. */
async function knownPlatforms(cwd: string): Promise<string[]> {
  const { stdout } = await runTool('go', ['tool', 'dist', 'list'], {
    cwd,
    env: commandEnv(),
    what: 'Listing the platforms go builds for',
    quiet: true,
    capture: true
  })
  return stdout
    .split('\n')
    .map(line => line.trim())
    .filter(Boolean)
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
