// The arithmetic of an A/B benchmark: pure, so it can be tested on its own.
// The runner beside it runs the benchmark; the room imports system only.

export interface SideTimes {
  /** Seconds of each measured run, in the order they ran. */
  runs: number[]
  median: number
  min: number
  max: number
}

export interface BenchmarkResult {
  baseline: SideTimes
  optimized: SideTimes
  /** Baseline median over optimized median: above 1 means the profile helped. */
  speedup: number
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('no values')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

export function sideTimes(runs: number[]): SideTimes {
  return { runs, median: median(runs), min: Math.min(...runs), max: Math.max(...runs) }
}

export function compareSides(baselineRuns: number[], optimizedRuns: number[]): BenchmarkResult {
  const baseline = sideTimes(baselineRuns)
  const optimized = sideTimes(optimizedRuns)
  return { baseline, optimized, speedup: baseline.median / optimized.median }
}

/** "12.3% faster", "4.0% slower", "no change" for the summary. */
export function describeSpeedup(speedup: number): string {
  const change = (1 - 1 / speedup) * 100
  if (Math.abs(change) < 0.05) return 'no change'
  return change > 0 ? `${change.toFixed(1)}% less time` : `${(-change).toFixed(1)}% more time`
}

/** A bar per side, scaled to the slower median: a chart that reads in any log or summary. */
export function barChart(result: BenchmarkResult, width = 40): string[] {
  const longest = Math.max(result.baseline.median, result.optimized.median)
  const bar = (seconds: number) => {
    const eighths = Math.round((seconds / longest) * width * 8)
    return '█'.repeat(Math.floor(eighths / 8)) + (eighths % 8 ? '▏▎▍▌▋▊▉'[(eighths % 8) - 1] : '')
  }
  return [
    `plain      ${bar(result.baseline.median).padEnd(width + 1)} ${formatTime(result.baseline.median)}`,
    `optimized  ${bar(result.optimized.median).padEnd(width + 1)} ${formatTime(result.optimized.median)}`
  ]
}

export function formatTime(seconds: number): string {
  if (seconds < 1) return `${(seconds * 1000).toFixed(1)} ms`
  return `${seconds.toFixed(3)} s`
}
