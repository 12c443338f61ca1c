// The report room: what one run did (this file), gathered stage by stage
// (stage.ts), judged (staleness.ts), described (profile.ts) and rendered as
// the job summary (summary.ts).
// May import: benchmark, fit, libraries, llvm, outputs, system.
import type { BenchmarkResult } from '../benchmark/stats'
import type { DynoStat } from '../llvm/llvm-bolt'

export type { DynoStat } from '../llvm/llvm-bolt'
import type { FitReport } from '../fit/fit-report'
import type { ProgramReport } from '../outputs/binaries'
export type { FitReport, JudgedFit, ProgramFit, Training } from '../fit/fit-report'
export type { ProgramReport } from '../outputs/binaries'

export type StageStatus = 'done' | 'warning' | 'skipped' | 'failed'

export interface StageRow {
  name: string
  status: StageStatus
  /** One line: what the stage did, or why it failed. */
  result: string
  seconds: number
}

export interface HotFunction {
  name: string
  maxCount: number
  /** This function's counters as a fraction of every counter in the profile. */
  share: number
}

export interface ProfileReport {
  path: string
  sha256: string
  bytes: number
  /** Where it came from: made by this run, restored from the cache, a file. */
  origin: string
  /** The cache key it was saved under by this run. */
  cacheKey?: string
  /** counts: instrumentation counted every block; samples: a CPU profiler sampled. */
  kind?: 'counts' | 'samples'
  rawFiles?: number
  rawBytes?: number
  totalFunctions?: number
  functionsWithCounts?: number
  hottest?: HotFunction[]
  /** How much it differs from an earlier profile of the same build, when the run measured that. */
  stability?: StabilityReport
  /** The files it was merged from, when the profile input named several. */
  sources?: ProfileSourceReport[]
  /** One profile per program, when the workloads made them: each built its program in place of this one. */
  programProfiles?: ProgramProfileReport[]
  /** Every function it holds data for, and those that ran (no file prefix), to tell which programs it was trained on; not shown. */
  functionNames?: { all: ReadonlySet<string>; ran: ReadonlyMap<string, number>; totalCount: number }
}

export interface ProgramProfileReport {
  program: string
  /** The program's name, which is its directory's in PGO_PROFILE_DIR. */
  name: string
  /** This program's profile: the profiles for every program and its own, merged. */
  profile: string
  sha256: string
  rawFiles: number
}

export interface ProfileSourceReport {
  path: string
  bytes: number
  weight: number
  /** Its counts, times its weight, as a share of the merged profile's. */
  share: number
}

export interface StabilityReport {
  /** What it was compared with: "the cached profile (key …)"; undefined when there was nothing to compare with. */
  comparedWith?: string
  identical?: boolean
  /** llvm-profdata overlap, from 0 to 1. */
  overlap?: number
  /** What in the run makes profiles differ from run to run, in words. */
  causes: string[]
}

/** A reused profile that no longer fits the code. */
export interface StaleReport {
  unmatched: number
  profiled: number
  /** The share of the profile's counts in the functions changed since profiling, where known. */
  changedShare?: number
  /** Whether the run made a new profile because of it. */
  regenerated: boolean
}

export interface BoltProgramReport {
  displayPath: string
  /** The PGO build of the program, kept beside the run's other files for comparison, when BOLT took it up. */
  pgoCopy?: string
  pgoSha256: string
  /** llvm-bolt's dynamic statistics, when BOLT rewrote the program. */
  dynoStats?: DynoStat[]
  /** Bytes of the PGO build BOLT read (linked with its relocations kept) and of what BOLT wrote, when it rewrote the program. */
  size?: { pgo: number; bolted: number }
  /** Why the program stays the PGO build. */
  kept?: string
}

export interface BoltReport {
  /** "llvm-bolt 22.1.8 (system)". */
  tools?: string
  /** Why BOLT did not run at all (bolt: if-supported on a runner or build it cannot handle). */
  skipped?: string
  /** Where the BOLT profiles came from: made by this run, or the cache. */
  profileOrigin?: string
  /** The cache key they were saved under by this run. */
  cacheKey?: string
  programs: BoltProgramReport[]
}

/** advice: measure: the variant with the settings that amplify PGO, timed against the optimized build. */
export interface AdviceReport {
  /** 'lto = "fat" and codegen-units = 1' */
  change: string
  /** Where the settings go, and the lines, to build with them for good: one place or more. */
  apply: Array<{ where: string; lines: string[]; language: 'toml' | 'yaml' }>
  /** The release's time over the variant's: above 1, the variant is faster. */
  result: BenchmarkResult
  /** The variant's own profile (its instrumented build and the workloads) and its optimized build, in seconds. */
  variantSeconds: number
  optimizedSeconds?: number
  /** Functions the variant's build had no profile data for (its own profile's). */
  missing: number
  /** advice: ship-if-faster: whether the variant went to the build's paths, and why. */
  shipping?: { shipped: boolean; why: string; paths?: string[] }
}

export interface RunReport {
  /** "rust: rustc 1.95.0 (LLVM 22.1.2), host x86_64-unknown-linux-gnu" */
  toolchain?: string
  /** The build settings that shape PGO's effect, as the optimized build's row repeats them: "opt-level 3, lto false (default), …". */
  buildSettings?: string
  /** A benchmark that could not tell its sides apart, so it gave no speedup: its command, and why. */
  benchmarkUntold?: { command: string; why: string }
  /** A Go release for several platforms from one profile: which, where they were named, and the runner's own that trained them. */
  platforms?: { runner: string; from: string; released: string[]; runnerForBenchmarkOnly: boolean }
  /** A target this runner runs only under an emulator, and the emulator the workloads used (undefined when none ran). */
  target?: { triple: string; emulation?: string }
  stages: StageRow[]
  totalSeconds?: number
  profile?: ProfileReport
  fit?: FitReport
  stale?: StaleReport
  programs?: ProgramReport[]
  artifact?: { name: string; id: number; files: number; bytes: number }
  benchmark?: {
    command: string
    result: BenchmarkResult
    minSpeedup?: number
    /** How min-speedup came out, judged by the interval. */
    minSpeedupOutcome?: 'met' | 'not met' | 'undecided'
  }
  /** if-slower ship-plain put the plain build at these paths (as the workflow names them), after the speedup below 1. */
  shippedPlain?: { files: string[]; speedup: string }
  bolt?: BoltReport
  advice?: AdviceReport
  /** mode collect: the step makes a shard of a profile for a fan-in step, and no programs. */
  collecting?: boolean
  error?: string
}
