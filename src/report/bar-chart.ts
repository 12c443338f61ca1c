import type { Comparison } from '../benchmark/stats'
import { formatTime } from '../system/units'

/** A bar per side, scaled to the slower median: a chart that reads in any log or summary. */
export function barChart(
  comparison: Pick<Comparison, 'baseline' | 'optimized'>,
  labels = { plain: 'plain', optimized: 'optimized' },
  width = 40
): string[] {
  const longest = Math.max(comparison.baseline.median, comparison.optimized.median)
  const bar = (seconds: number) => {
    const eighths = Math.round((seconds / longest) * width * 8)
    return '█'.repeat(Math.floor(eighths / 8)) + (eighths % 8 ? '▏▎▍▌▋▊▉'[(eighths % 8) - 1] : '')
  }
  return [
    `${labels.plain.padEnd(10)} ${bar(comparison.baseline.median).padEnd(width + 1)} ${formatTime(comparison.baseline.median)}`,
    `${labels.optimized.padEnd(10)} ${bar(comparison.optimized.median).padEnd(width + 1)} ${formatTime(comparison.optimized.median)}`
  ]
}
