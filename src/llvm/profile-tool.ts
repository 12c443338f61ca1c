/**
 * The program that merges a toolchain's raw profiles and reads the result:
 * llvm-profdata for LLVM's instrumentation, `go tool pprof` for Go.
 */
export interface ProfileTool {
  /** For the log and the summary: "llvm-profdata 22.1.2 (rustup llvm-tools)". */
  readonly description: string
  /**
   * Merges what it can read of the inputs into `output`, each input's counts
   * multiplied by its weight, and says which inputs it could not read. It
   * throws when it could read none.
   */
  merge(inputs: MergeInput[], output: string): Promise<MergeOutcome>
  /** Makes the tool ready to run, where that takes work; says what it did, for the summary, when it took a while. */
  prepare?(): Promise<string | undefined>
  /** Throws, saying why and what to do, when the compiler cannot use a profile made elsewhere. */
  checkReusable?(profile: string, origin: string): void
  /** Functions in the profile, how many ran, and the `hottest` hottest. */
  contents(profile: string, hottest: number): Promise<ProfileContents>
  /** Names for people, keyed by the names the profile holds. */
  readableNames(names: string[]): Promise<Map<string, string>>
  /** How much two profiles of the same programs agree, from 0 to 1, where the tool can tell. */
  overlap?(base: string, test: string): Promise<number | undefined>
}

export interface MergeInput {
  file: string
  /** How many times its counts count: a whole number, 1 unless given. */
  weight?: number
}

export interface MergeOutcome {
  /** Inputs the tool could not read (a crashed process's truncated profile), and what it said of each. */
  dropped: Array<{ file: string; reason: string }>
}

export interface FunctionCounts {
  /** The name as the profile stores it (mangled, maybe with a `file;` prefix). */
  name: string
  /** The largest counter: how often its hottest block ran. */
  maxCount: number
  /** All its counters added up. */
  totalCount: number
}

export interface ProfileContents {
  /** counts: instrumentation counted every block; samples: a CPU profiler sampled where time went. */
  kind: 'counts' | 'samples'
  /** Functions the profile knows (for samples: those on any sampled stack). */
  totalFunctions: number
  /** Functions that ran (for samples: that were sampled themselves). */
  functionsWithCounts: number
  /** Sum of every counter, or every sample, in the profile. */
  totalCount: number
  /** The hottest functions by largest counter, hottest first. */
  hottest: FunctionCounts[]
  /** Every function it holds data for, by its own name (no file prefix), where the tool lists them (llvm-profdata). */
  names?: ReadonlySet<string>
  /** Those of them whose counters are not all zero (the functions that ran), with their counters added up. */
  ranCounts?: ReadonlyMap<string, number>
}
