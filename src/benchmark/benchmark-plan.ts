import type { Method } from './stats'
import type { Side, SideFile } from './sides'
import type { Visiting } from './swap-files'
import type { WheelEnvironment } from '../libraries/wheels'

/** What one benchmark runs, against which files, and how long it may take. */
export interface BenchmarkPlan {
  command: string
  cwd: string
  /** Pairs to run, or auto: until the interval is within ±TARGET_HALF_WIDTH or the budget is spent. */
  runs: number | 'auto'
  /** Seconds benchmark-runs: auto may spend, warm-up included. */
  budgetSeconds: number
  /** alternate: A B A B …; duet: both sides at once, each on a CPU of its own, where that is safe. */
  method: Method
  programDirs: Record<Side, string>
  /** The files both sides built at one path: each side's copy is put there for its runs. */
  files: SideFile[]
  /** Each side's Python environment with its own wheels installed, where the builds made wheels. */
  environments?: Record<Side, WheelEnvironment>
  /** Where each run leaves its CPU times. */
  scratchDir: string
  /** Where the swaps are recorded until the build's own files are back (swaps.ts). */
  journal: string
  /** Variables every run gets: a Go release for other platforms runs with the runner's own GOOS and GOARCH. */
  env?: Record<string, string>
  /**
   * Where the sides are not the plain and the optimized builds (advice:
   * measure times the release against a variant): what the log calls each,
   * whose files the build left at their paths, and what the other is.
   */
  sides?: { labels: Record<Side, string>; resident: Side; visiting: Visiting }
}
