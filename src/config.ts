// The shape of everything the action was asked to do, once src/inputs/ has
// read and checked it: what the stages work from. Types and names only, so
// the rooms below the stages never depend on how inputs are parsed.
// May import: llvm.
import type { LlvmToolSource } from './llvm/tool-source'

export const MODES = ['auto', 'generate', 'use', 'collect'] as const
export type Mode = (typeof MODES)[number]

export const EMULATOR_CHOICES = ['auto', 'qemu', 'none'] as const
export type EmulatorChoice = (typeof EMULATOR_CHOICES)[number]

export const BENCHMARK_METHODS = ['alternate', 'duet'] as const
export type BenchmarkMethod = (typeof BENCHMARK_METHODS)[number]

/** none; measure: build a variant with the settings that amplify PGO, and time it against the optimized build. */
/** What a significantly slower optimized build does: a warning, a failed step, or the plain build shipped in its place. */
export const IF_SLOWER_CHOICES = ['warn', 'fail', 'ship-plain'] as const
export type IfSlower = (typeof IF_SLOWER_CHOICES)[number]
/** advice: measure times an LTO variant against the release; ship-if-faster also ships it where it is significantly faster and as fully profiled. */
export const ADVICE_CHOICES = ['none', 'measure', 'ship-if-faster'] as const
export type Advice = (typeof ADVICE_CHOICES)[number]

/** One line of the profile input: a file or a glob, and how many times its counts count. */
export interface ProfileSource {
  /** Absolute: a file, or a glob pattern of files. */
  pattern: string
  /** As the workflow wrote it. */
  given: string
  weight: number
}

export interface BoltRequest {
  /** fail: a program or runner BOLT cannot handle fails the step; warn: a warning, and the PGO program is kept. */
  onUnsupported: 'fail' | 'warn'
}

export interface LlvmVersionRequest {
  major: number
  /** A full version such as 22.1.8, when the input gave one. */
  exact?: string
}

/** Everything the action was asked to do, validated. Paths are absolute. */
export interface Config {
  /** GITHUB_WORKSPACE: everything the action changes lies inside it. */
  workspace: string
  /** The toolchain's name, one of those in src/toolchains/specs.ts. */
  toolchain: string
  /** The marker file `toolchain: auto` went by, or undefined when the toolchain was named. */
  toolchainDetectedFrom?: string
  workingDirectory: string
  build: string
  buildIsDefault: boolean
  binaries: string[]
  workload: string[]
  /** Where the workload came from when the workflow gave none (maturin's pgo-command), for the log. */
  workloadFrom?: string
  /** How many workload lines run at a time. */
  workloadJobs: number
  mode: Mode
  /** The profile input: files or globs to use as they are, merged with their weights when there are several. */
  profiles: ProfileSource[]
  /** profile-artifacts: the name pattern of the run's artifacts whose profiles a fan-in step merges. */
  profileArtifacts?: string
  /** profile-shards: how many such artifacts the fan-in expects. */
  profileShards?: number
  profileHash?: string
  cache: boolean
  cacheKey: string
  /** Undefined means `auto`: match the compiler's LLVM. */
  llvmVersion?: LlvmVersionRequest
  llvmTools: LlvmToolSource
  llvmMirror: string
  /** sha256 the downloaded LLVM release archive must have, when the workflow pins it. */
  llvmArchiveSha256?: string
  /** Undefined when bolt is false. */
  bolt?: BoltRequest
  /** How the workloads run a target's programs this runner cannot execute. */
  emulator: EmulatorChoice
  /** Absolute: the emulated target's libraries, when the workflow names them. */
  emulatorSysroot?: string
  benchmark?: string
  /** Pairs to run, or auto: until the interval is narrow enough or the budget is spent. */
  benchmarkRuns: number | 'auto'
  /** Seconds benchmark-runs auto may spend. */
  benchmarkBudget: number
  benchmarkMethod: BenchmarkMethod
  advice: Advice
  /** Fail the step when the benchmark's speedup is below this. */
  minSpeedup?: number
  /** What a significantly slower optimized build does (if-slower). */
  ifSlower: IfSlower
  uploadArtifact?: string
  /** Go: also write the profile as default.pgo beside each main package. */
  defaultPgo: boolean
  /** Go: the GOOS/GOARCH pairs (linux/arm64) the optimized build makes from the one profile; [] for the build as it is. */
  goPlatforms: string[]
}
