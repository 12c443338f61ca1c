// The toolchains room: one folder per toolchain (rust/, clang/, go/), each
// with its spec, what the inputs need as plain data and pure checks
// (spec.ts, listed in specs.ts), and its adapter behind this interface
// (opened through index.ts), with what only that toolchain knows.
// May import: config, llvm, platform, settings, system, targets.
import type { Env } from '../system/environment'
import type { ProfileFitWarning } from '../llvm/fit-warnings'
import type { BundledLlvmTools } from '../llvm/locate'
import type { LlvmVersion } from '../llvm/version'
import type { BuildSettings } from '../settings/settings'
import type { ProfileTool } from '../llvm/profile-tool'
import type { SampleFitReport } from './go/go-fit'
import type { PlatformPlan } from '../targets/go-platforms'

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
}

export interface Toolchain {
  readonly name: string
  readonly compiler: CompilerInfo
  /** llvm: instrumented builds and llvm-profdata; pprof: Go's sampled CPU profiles. */
  readonly profileFormat: 'llvm' | 'pprof'
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
  /**
   * How the toolchain's compiler signs the .comment section of what it
   * builds ("clang version 22.1.8"): a program without it was compiled by
   * another compiler. Undefined where every program carries the signature anyway.
   */
  readonly compilerSignature?: RegExp
  /** How to keep the symbol table in the release build, which BOLT needs (a stripped program has none). */
  readonly keepSymbolsAdvice?: string
  /** Why this build cannot be instrumented at all, whatever is installed (a target without a profiler runtime); said before any other check. */
  readonly cannotInstrument?: string
  /** The targets the build compiles for, where it names them; undefined means the runner's own. */
  readonly targets?: readonly string[]
  /** Go: the platforms the optimized build makes from one profile, where there are others than the runner's own. */
  readonly platforms?: PlatformPlan
  /** The platform a built program is for (Go's GOOS/GOARCH), where the toolchain records it. */
  programPlatform?(program: string): Promise<string | undefined>
  /** Whether a file the workloads left in the profile directory is a raw profile. */
  isRawProfile(fileName: string): boolean
  /**
   * How a second optimized build with other settings (advice: measure)
   * writes its programs beside the release, never over it, and where each
   * program lands; or why this build cannot.
   */
  buildBeside?(build: string, dir: string): Promise<BesideBuild | { cannot: string }>
  /** The settings the build uses that shape what PGO can do (Cargo's profile, Go's -gcflags, clang's -O), read before any build. */
  readBuildSettings(build: string): Promise<BuildSettings>
  /** Checks only this toolchain knows to make before any build (Rust: the C compiler behind the cc crate; clang: its profile runtime). */
  preflight?(needs: PreflightNeeds): Promise<void>
  /** The compiler's own copy of the LLVM tools, where it has one. */
  bundledLlvmTools?(): Promise<BundledLlvmTools | undefined>
  /** The profile tool of a toolchain that does not use LLVM's (Go's pprof). */
  ownProfileTool?(): ProfileTool
  prepareBuild(variant: BuildVariant): Promise<BuildSetup>
  /** Undefined when the toolchain cannot tell which programs a build wrote. */
  watchPrograms?(variant: BuildVariant): Promise<ProgramWatch>
  /** The shared libraries a build will write when binaries is empty, known before it runs (Rust: a workspace's cdylibs when it has no programs). */
  expectedLibraries?(): Promise<string[]>
  /** Variables that send workload `number`'s profiles into `profileDir`. */
  workloadEnv(profileDir: string, number: number): Env
  /** Why one workload line may have written no profile, in the words of the toolchain's users. */
  readonly noProfileOfLineReason: string
  /** What to change when the workloads wrote no profile at all, in the words of the toolchain's users. */
  noProfilesAdvice(programs: string[]): string
  /**
   * Sorts the workloads' files into profiles the merge can use and files it
   * cannot (a Go heap profile beside a CPU profile), each with the reason.
   * Undefined when the merge itself tells (llvm-profdata names what it cannot read).
   */
  screenRawProfiles?(files: string[]): RawProfileScreen
  /**
   * What to tell the user of files the workloads left in the working
   * directory, where the toolchain knows of a habit that leaves them (go
   * test -cpuprofile keeps its test binary); undefined for none of note.
   */
  leftoverWarning?(created: string[]): string | undefined
  /**
   * Whether workloads may write profiles for one program only, into
   * PGO_PROFILE_DIR/<program name>/ (Go, whose build takes one profile per
   * main package).
   */
  readonly profilesPerProgram?: boolean
  /** Whether a raw profile of that name came from workload `number`, where the names tell. */
  isProfileOfWorkload?(fileName: string, number: number): boolean
  /**
   * Reads one line of the optimized build's output. Undefined when the
   * compiler never says how well a profile fits (then staleness is not judged).
   */
  profileFitWarning?(line: string): ProfileFitWarning | undefined
  /** Where the toolchain's own build finds a profile kept in the repository (Go: default.pgo beside main). */
  defaultProfilePaths?(programs: string[]): Promise<Array<{ program: string; path: string }>>
  /** How much of a sampled profile each program has the functions of (Go), where the compiler does not say, judged. */
  sampleFits?(programs: string[], profile: string, programProfiles?: ProgramProfile[]): Promise<SampleFitReport | undefined>
  /** Checks that the optimized programs were built with `profile`, where the toolchain records it. */
  confirmProfileUse?(programs: string[], profile: string, programProfiles?: ProgramProfile[]): Promise<string[]>
}
