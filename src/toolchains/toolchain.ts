// The toolchains room: one folder per toolchain (rust/, clang/, gcc/, go/), each
// with its spec, what the inputs need as plain data and pure checks
// (spec.ts, listed in specs.ts), and its adapter behind this interface
// (opened through index.ts), with what only that toolchain knows.
// May import: config, executables, llvm, platform, settings, system, targets.
import type { Env } from '../system/environment'
import type { ProfileFitWarning } from '../llvm/fit-warnings'
import type { BundledLlvmTools } from '../llvm/locate'
import type { LlvmVersion } from '../llvm/version'
import type { BuildSettings } from '../settings/settings'
import type { ProfileTool } from '../llvm/profile-tool'
import type { PlatformPlan } from '../targets/go-platforms'
import type { Config } from '../config'
import type { ToolchainSpec } from './spec'

// The one place that knows a compiler. The pipeline asks its adapter how to
// instrument a build, how to use a profile, where its programs landed and
// what its warnings mean; adding a toolchain means adding one adapter.

export type BuildVariant =
  | { kind: 'instrumented'; profileDir: string }
  /**
   * keepRelocations: link with the relocations kept (--emit-relocs), which BOLT needs to move code.
   * programProfiles: one profile per program, where the workloads made them (Go), used instead of `profile`.
   * platform: the Go platform (linux/arm64) this build is for, where the release has several.
   */
  | { kind: 'optimized'; profile: string; keepRelocations?: boolean; programProfiles?: ProgramProfile[]; platform?: string }
  | { kind: 'plain' }

/** A program's own profile. */
export interface ProgramProfile {
  program: string
  profile: string
}

/** A build that writes beside the release: the variables that move its outputs, and where a released program's counterpart lands. */
export interface BesideBuild {
  env: Env
  /** The variant's file for a released program; undefined for one the build does not move. */
  counterpart(released: string): string | undefined
}

export interface BuildSetup {
  /** Variables for the build command, on top of the step's environment. */
  env: Env
  /** What the action added and what it kept of the user's settings, for the log. */
  notes: string[]
  /** Settings of the user's the action had to override. */
  warnings: string[]
  /** Undoes what the setup changed in the working directory, after the build, whether it succeeded or not. */
  cleanup?: () => void
}

export interface CompilerInfo {
  /** The compiler and its version: "rustc 1.95.0". */
  name: string
  /** One line for the log and the summary, such as "rustc 1.95.0 (LLVM 22.1.2), host x86_64-unknown-linux-gnu". */
  description: string
  /** The compiler's LLVM, which the profile tools must match; undefined for Go. */
  llvm?: LlvmVersion
  /** What decides whether a profile can be read, for cache keys: "llvm22", "go1.26". */
  profileFormatVersion: string
  /** Apple's clang, whose matching profile tools are Xcode's. */
  apple?: boolean
}

/** The workloads' files the merge can use, and those it cannot, each with why. */
export interface RawProfileScreen {
  usable: string[]
  skipped: Array<{ file: string; reason: string }>
}

/** Finds the programs a build wrote. Created before the build, asked after it. */
export interface ProgramWatch {
  programs(): Promise<string[]>
}

/** What the run may do, so a preflight checks only what will be used. */
export interface PreflightNeeds {
  /** Whether the run may build instrumented programs (not when it only uses a given profile). */
  instrumentation: boolean
}

/** What opening an adapter needs to know of the run. */
export interface ToolchainOptions {
  /** Where the build runs: its compiler is the one asked (rust-toolchain.toml applies). */
  workingDirectory: string
  /** The LLVM major the workflow asked for (llvm-version), if any. */
  llvmMajor?: number
  /** The build command, for what it says of the build (cargo's --target). */
  build: string
  /** go-platforms: the platforms one Go profile builds. */
  goPlatforms?: string[]
  /** A directory of the step's own the adapter may fill, made when first used (GCC unpacks its profiles there). */
  scratchDir: string
}

/** What a stage needs of the profile tool's preparation: the run's configuration, and whether it may instrument. */
export interface ProfileToolRequest {
  config: Config
  needs: PreflightNeeds
}

/** The profile tool, ready, and one line for the stage's row. */
export interface PreparedProfileTool {
  tool: ProfileTool
  result: string
}

/** What the optimized build is checked against: the profile it was given, and where the raw profiles were. */
export interface OptimizedCheckRequest {
  /** Every program built, the runner's own for the benchmark included. */
  built: string[]
  profile: string
  programProfiles?: ProgramProfile[]
  /** Where the instrumented programs wrote their raw profiles: a program still naming it kept its counters. */
  rawProfileDir: string
  cwd: string
}

/** What the toolchain found of the profile's use: lines of proof for the log, and how well a sampled profile fits, where it judges that. */
export interface OptimizedCheck {
  confirmations: string[]
  sampleFit?: { text: string; notes: string[]; warnings: string[] }
}

/** Plain facts about the toolchain's builds, which the stages read as they are. */
export interface BuildTraits {
  /** The first build's row in the summary: "Instrumented build", or "Build for profiling" where nothing is instrumented. */
  readonly profilingBuildName: string
  /**
   * Whether the build system may reuse objects from an earlier build despite
   * new flags (make, CMake): then every build starts from the tree as the
   * action found it.
   */
  readonly reusesObjects: boolean
  /** File name ending of the merged profile. */
  readonly profileExtension: string
  /** What to check when a build ignored the flags the action set. */
  readonly flagsAdvice: string
  /** Whether the compiler names each function a profile does not fit, as LLVM's warnings do: then the fit is read from the optimized build. */
  readonly warnsOfFit: boolean
  /** How to keep the symbol table in the release build, which BOLT needs (a stripped program has none). */
  readonly keepSymbolsAdvice?: string
  /** Why this build cannot be instrumented at all, whatever is installed (a target without a profiler runtime); said before any other check. */
  readonly cannotInstrument?: string
  /** The targets the build compiles for, where it names them; undefined means the runner's own. */
  readonly targets?: readonly string[]
  /** Variables every command that runs the runner's own programs gets (Go: the runner's GOOS and GOARCH where the release is for others). */
  readonly runnerEnv: Env
}

/** The workloads' side: where their profiles go, what they are called, and what to say when there are none. */
export interface WorkloadProfiles {
  /** Variables that send workload `number`'s profiles into `profileDir`. */
  env(profileDir: string, number: number): Env
  /** Whether a file the workloads left in the profile directory is a raw profile. */
  isRaw(fileName: string): boolean
  /** Whether a raw profile of that name came from workload `number`, where the names tell. */
  isOfWorkload?(fileName: string, number: number): boolean
  /** Why one workload line may have written no profile, in the words of the toolchain's users. */
  readonly noProfileOfLineReason: string
  /** What to change when the workloads wrote no profile at all, in the words of the toolchain's users. */
  noProfilesAdvice(programs: string[]): string
  /**
   * Sorts the workloads' files into profiles the merge can use and files it
   * cannot (a Go heap profile beside a CPU profile), each with the reason.
   * Undefined when the merge itself tells (llvm-profdata names what it cannot read).
   */
  screen?(files: string[]): RawProfileScreen
  /**
   * What to tell the user of files the workloads left in the working
   * directory, where the toolchain knows of a habit that leaves them (go
   * test -cpuprofile keeps its test binary); undefined for none of note.
   */
  leftoverWarning?(created: string[]): string | undefined
  /** Whether workloads may write profiles for one program only, into PGO_PROFILE_DIR/<program name>/ (Go, whose build takes one profile per main package). */
  readonly perProgram: boolean
}

/** What a toolchain on LLVM has for BOLT: its own copy of the LLVM tools, and the libraries its build will write. */
export interface LlvmCapability {
  /** The compiler's own copy of the LLVM tools, where it has one. */
  bundledTools(): Promise<BundledLlvmTools | undefined>
  /** The shared libraries a build will write when binaries is empty, known before it runs (Rust: a workspace's cdylibs when it has no programs). */
  expectedLibraries(): Promise<string[]>
}

/** A profile kept in the repository where the toolchain's own build finds it (Go: default.pgo beside each main package). */
export interface DefaultProfileCapability {
  paths(programs: string[]): Promise<Array<{ program: string; path: string }>>
}

/** A release for several platforms from one profile (Go's GOOS/GOARCH). */
export interface PlatformCapability {
  readonly plan: PlatformPlan
  /** The platform a built program is for, as the toolchain records it. */
  programPlatform(program: string): Promise<string | undefined>
}

/** A second optimized build with other settings, beside the release (advice: measure). */
export interface BesideCapability {
  /** How it writes its programs beside the release, never over it, and where each program lands; or why this build cannot. */
  build(build: string, dir: string): Promise<BesideBuild | { cannot: string }>
}

/**
 * The one place that knows a compiler: a small core every toolchain has,
 * and capability groups a toolchain has or lacks as a whole, each asked
 * for by the stage that needs it.
 */
export interface Toolchain {
  readonly spec: ToolchainSpec
  readonly compiler: CompilerInfo
  readonly traits: BuildTraits
  readonly workloads: WorkloadProfiles
  prepareBuild(variant: BuildVariant): Promise<BuildSetup>
  /** Undefined when the toolchain cannot tell which programs a build wrote (then binaries says). */
  watchPrograms(variant: BuildVariant): Promise<ProgramWatch | undefined>
  /** The settings the build uses that shape what PGO can do (Cargo's profile, Go's -gcflags, clang's -O), read before any build. */
  readBuildSettings(build: string): Promise<BuildSettings>
  /** The tool that merges and reads the profiles, found or installed, and the checks only this toolchain makes before any build. */
  prepareProfileTool(request: ProfileToolRequest): Promise<PreparedProfileTool>
  /** The programs the workloads can profile, of those the profiling build wrote; throws where the build ignored the flags. */
  checkProfilingBuild(programs: string[], profileDir: string, cwd: string): Promise<string[]>
  /** Checks that the optimized programs were built with the profile, where the toolchain can tell. */
  checkOptimizedBuild(request: OptimizedCheckRequest): Promise<OptimizedCheck>
  /** Reads one line of the optimized build's output: a warning that a function does not fit the profile, or undefined. */
  profileFitWarning(line: string): ProfileFitWarning | undefined
  readonly llvm?: LlvmCapability
  readonly defaultProfile?: DefaultProfileCapability
  readonly platforms?: PlatformCapability
  readonly beside?: BesideCapability
}
