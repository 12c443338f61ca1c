import { describeResult, describeSpeedup, INDIFFERENCE, type BenchmarkResult, type Measurement } from '../benchmark/stats'
import { formatTime } from '../system/units'
import { barChart } from './bar-chart'
import { cell, code, fenced } from './format'
import type { RunReport } from './run-report'

type BenchmarkReport = NonNullable<RunReport['benchmark']>

const VERDICT_WORDS: Record<BenchmarkResult['verdict'], string> = {
  faster: 'faster',
  slower: 'slower',
  'no significant difference': 'no significant difference from the plain build'
}

/** The result first: the speedup, its interval, the verdict, and what the interval means. */
export function renderBenchmarkHeadline(benchmark: BenchmarkReport): string {
  const { result } = benchmark
  const change =
    result.verdict === 'no significant difference'
      ? ''
      : ` The benchmark takes ${describeSpeedup(result.speedup)} with the optimized build.`
  const lines = [`**Speedup: ${describeResult(result)}: ${VERDICT_WORDS[result.verdict]}.**${change}`]
  if (benchmark.minSpeedup !== undefined && benchmark.minSpeedupOutcome)
    lines.push(minimumLine(benchmark.minSpeedup, benchmark.minSpeedupOutcome))
  lines.push(
    '',
    `<sub>The interval holds the true median speedup with 95% confidence; a difference is called only when the whole interval lies more than ${INDIFFERENCE * 100}% from 1. ` +
      `${result.metric === 'cpu' ? 'CPU' : 'Wall'} time, ${result.pairs.length} pairs (${result.method}).</sub>`
  )
  return lines.join('\n')
}

/** Which build the paths hold, where if-slower shipped the plain one. */
export function renderShippedPlain(shipped: NonNullable<RunReport['shippedPlain']>): string {
  return (
    `**Shipped: the plain build** (if-slower: ship-plain), as the optimized one was significantly slower (${cell(shipped.speedup)}): ` +
    `${shipped.files.map(file => code(file, 'line')).join(', ')} hold the plain build; the profile is still cached.`
  )
}

/** A benchmark whose sides ran the same code: no speedup, and why, where the speedup would lead. */
export function renderNoVerdict(untold: NonNullable<RunReport['benchmarkUntold']>): string {
  return `**No speedup:** the benchmark (${code(untold.command, 'line')}) could not tell its sides apart: ${cell(untold.why)}. A verdict would time the same code twice.`
}

function minimumLine(minimum: number, outcome: NonNullable<BenchmarkReport['minSpeedupOutcome']>): string {
  if (outcome === 'met') return `min-speedup ${minimum}: met, by the whole interval.`
  if (outcome === 'not met') return `min-speedup ${minimum}: **not met**: the whole interval lies below it.`
  return `min-speedup ${minimum}: undecided: the interval straddles it, so the step went on (a warning says so).`
}

/** How the benchmark ran, each side's times, and every pair in a collapsed table. */
export function renderBenchmark(benchmark: BenchmarkReport): string {
  const { result } = benchmark
  const metric = result.metric === 'cpu' ? 'CPU' : 'wall'
  return [
    '### Benchmark',
    '',
    code(benchmark.command, 'line'),
    '',
    `- Compared on ${cell(result.metricReason)}.`,
    `- Method: ${cell(result.methodReason)}.`,
    ...(result.sides ? [`- Each side its own build: ${cell(result.sides)}.`] : []),
    `- ${result.pairs.length} pairs after a warm-up run of each side; stopped because ${cell(result.stoppedBecause)}. The benchmark took ${formatTime(result.seconds)}.`,
    '',
    `| Programs | Median ${metric} time | Min | Max |`,
    '|---|--:|--:|--:|',
    `| Plain build | ${formatTime(result.baseline.median)} | ${formatTime(result.baseline.min)} | ${formatTime(result.baseline.max)} |`,
    `| Optimized build | ${formatTime(result.optimized.median)} | ${formatTime(result.optimized.min)} | ${formatTime(result.optimized.max)} |`,
    '',
    ...fenced(barChart(result), 'text'),
    '',
    '<details><summary>Every pair</summary>',
    '',
    '| Pair | Plain CPU | Plain wall | Optimized CPU | Optimized wall | Speedup |',
    '|--:|--:|--:|--:|--:|--:|',
    ...result.pairs.map((pair, i) => `| ${i + 1} | ${times(pair.plain)} | ${times(pair.optimized)} | ${result.ratios[i].toFixed(3)} |`),
    '',
    '</details>'
  ].join('\n')
}

function times(run: Measurement): string {
  return `${run.cpu === undefined ? '–' : formatTime(run.cpu)} | ${formatTime(run.wall)}`
}
