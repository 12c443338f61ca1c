// The arithmetic of an A/B benchmark: pure, so it can be tested on its own.
// The runner beside it runs the benchmark.
//
// The method: each pair is one run of the plain programs and one of the
// optimized programs, close together in time, so whatever slows the machine
// down slows both. The speedup of a pair is plain time / optimized time; the
// result is the median of those ratios, with a 95% confidence interval from
// the order statistics of the ratios (distribution-free: it holds for any
// shape of noise, outliers included, given independent pairs).

/** One run of one side: seconds of wall time, and of CPU time (user + system, the whole process tree) where the OS tells. */
export interface Measurement {
  wall: number
  cpu?: number
}

export interface Pair {
  plain: Measurement
  optimized: Measurement
}

/** What the comparison is made on. */
export type Metric = 'cpu' | 'wall'

export type Verdict = 'faster' | 'no significant difference' | 'slower'

export interface Interval {
  low: number
  high: number
}

export interface SideTimes {
  /** Seconds of each measured run, in the order they ran, in the chosen metric. */
  runs: number[]
  median: number
  min: number
  max: number
}

export interface Comparison {
  metric: Metric
  /** Why that metric, in a sentence for the summary. */
  metricReason: string
  /** Each pair's plain time / optimized time. */
  ratios: number[]
  /** The median ratio: above 1 means the optimized programs take less time. */
  speedup: number
  /** The 95% confidence interval of the median ratio; undefined below MIN_PAIRS_FOR_INTERVAL pairs. */
  interval?: Interval
  verdict: Verdict
  baseline: SideTimes
  optimized: SideTimes
}

/** alternate: the sides one after the other; duet: both at once, each on a CPU of its own. */
export type Method = 'alternate' | 'duet'

/** A whole benchmark: the comparison, and how it was run. */
export interface BenchmarkResult extends Comparison {
  method: Method
  /** Why that method, in a sentence. */
  methodReason: string
  pairs: Pair[]
  /** Why the runs stopped: "the interval is within ±1%", "the time budget of 120 s ran out", "10 pairs, as benchmark-runs asks". */
  stoppedBecause: string
  /** Wall-clock seconds the whole benchmark took, warm-up included. */
  seconds: number
  /** How the action knows each side ran its own build, in a sentence. */
  sides?: string
}

/** A share of wall time spent on a CPU at or above which a benchmark counts as CPU-bound. */
export const CPU_BOUND_SHARE = 0.9
/** Differences smaller than this (either way) are not called: code layout alone moves timings this much. */
export const INDIFFERENCE = 0.005
/** The fewest pairs that give a 95% interval for a median. */
export const MIN_PAIRS_FOR_INTERVAL = 6

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('no values')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

export function sideTimes(runs: number[]): SideTimes {
  return { runs, median: median(runs), min: Math.min(...runs), max: Math.max(...runs) }
}

/**
 * The 95% confidence interval of the median of `values`: the k-th smallest
 * and k-th largest, for the largest k with P(Binomial(n, ½) < k) ≤ 2.5%.
 * Coverage is at least 95% whatever the distribution; undefined for fewer
 * than six values, where no such k exists.
 */
export function medianInterval(values: number[], confidence = 0.95): Interval | undefined {
  const n = values.length
  if (n < MIN_PAIRS_FOR_INTERVAL) return undefined
  const tail = (1 - confidence) / 2
  let k = 0
  let below = 0
  let pmf = 0.5 ** n
  // below = P(X ≤ k - 1); grow k while P(X ≤ k) stays within the tail.
  while (below + pmf <= tail) {
    below += pmf
    pmf = (pmf * (n - k)) / (k + 1)
    k++
  }
  if (k === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  return { low: sorted[k - 1], high: sorted[n - k] }
}

/** faster or slower only when the whole interval lies beyond the indifference band around 1. */
export function judge(interval: Interval | undefined): Verdict {
  if (interval && interval.low > 1 + INDIFFERENCE) return 'faster'
  if (interval && interval.high < 1 - INDIFFERENCE) return 'slower'
  return 'no significant difference'
}

/** Half the interval's width as a share of the median: 0.01 is ±1%. */
export function relativeHalfWidth(interval: Interval | undefined, speedup: number): number {
  return interval ? (interval.high - interval.low) / 2 / speedup : Infinity
}

/**
 * CPU time when the benchmark is CPU-bound (it measures the same work with
 * less of a shared machine's noise: time spent waiting for a CPU is not
 * counted), wall time otherwise (time spent waiting on I/O or on other
 * processes is part of what a program that is not CPU-bound costs).
 */
export function chooseMetric(pairs: Pair[], cpuMeasured: boolean): { metric: Metric; reason: string } {
  if (!cpuMeasured)
    return {
      metric: 'wall',
      reason: "wall time: the CPU time of the benchmark's processes could not be read here (on Windows it never can)"
    }
  // The runs least disturbed by other processes tell what the benchmark itself does: a program
  // that waits on I/O or sleeps never keeps a CPU busy, however quiet the machine.
  const shares = pairs
    .flatMap(pair => [pair.plain, pair.optimized])
    .map(run => (run.cpu ?? 0) / run.wall)
    .sort((a, b) => a - b)
  const share = shares[Math.floor(0.9 * (shares.length - 1))]
  const percent = `${Math.round(share * 100)}%`
  if (share >= CPU_BOUND_SHARE) {
    const threads = share > 1.1 ? ', on more than one CPU at a time' : ''
    return {
      metric: 'cpu',
      reason: `CPU time: the benchmark kept a CPU busy for ${percent} of its wall time${threads} in its least disturbed runs, so CPU time measures its work without the time it waited for a CPU`
    }
  }
  return {
    metric: 'wall',
    reason: `wall time: the benchmark was on a CPU for at most ${percent} of its wall time (I/O, sleeping or child processes it waits for), and CPU time would leave that out`
  }
}

/** The pairs compared on the metric the runs call for. */
export function comparePairs(pairs: Pair[]): Comparison {
  if (pairs.length === 0) throw new Error('no pairs')
  const cpuMeasured = pairs.every(pair => pair.plain.cpu !== undefined && pair.optimized.cpu !== undefined)
  const { metric, reason } = chooseMetric(pairs, cpuMeasured)
  const time = (run: Measurement) => (metric === 'cpu' ? (run.cpu as number) : run.wall)
  const ratios = pairs.map(pair => time(pair.plain) / time(pair.optimized))
  const speedup = median(ratios)
  const interval = medianInterval(ratios)
  return {
    metric,
    metricReason: reason,
    ratios,
    speedup,
    interval,
    verdict: judge(interval),
    baseline: sideTimes(pairs.map(pair => time(pair.plain))),
    optimized: sideTimes(pairs.map(pair => time(pair.optimized)))
  }
}

/** The children's user and system seconds from `times` ("0m1.234s 0m0.010s", second line), or undefined. */
export function parseChildTimes(text: string): number | undefined {
  const line = text.trim().split('\n')[1]
  const fields = line ? [...line.matchAll(/(\d+)m([\d.]+)s/g)] : []
  if (fields.length !== 2) return undefined
  return fields.reduce((sum, [, minutes, seconds]) => sum + Number(minutes) * 60 + Number(seconds), 0)
}

/** "12.3% less time", "4.0% more time", "no change" for the summary. */
export function describeSpeedup(speedup: number): string {
  const change = (1 - 1 / speedup) * 100
  if (Math.abs(change) < 0.05) return 'no change'
  return change > 0 ? `${change.toFixed(1)}% less time` : `${(-change).toFixed(1)}% more time`
}

/** "1.084× (95% CI 1.071–1.097)". */
export function describeResult(comparison: Pick<Comparison, 'speedup' | 'interval'>): string {
  const interval = comparison.interval
    ? ` (95% CI ${comparison.interval.low.toFixed(3)}–${comparison.interval.high.toFixed(3)})`
    : ' (too few pairs for an interval)'
  return `${comparison.speedup.toFixed(3)}×${interval}`
}
