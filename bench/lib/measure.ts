// Timing for the bench: programs run in alternating turns after a warm-up,
// and compared turn by turn, as the action's own benchmark compares pairs:
// each turn's ratio on CPU time, the median of the ratios, and its 95%
// interval from their order statistics (src/benchmark/stats.ts).
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { median, medianInterval, parseChildTimes } from '../../src/benchmark/stats'

export { median }

export const RUNS = Number(process.env.BENCH_RUNS ?? 15)

/** Wall seconds a piece of work took. */
export function timed(work: () => void): number {
  const started = process.hrtime.bigint()
  work()
  return Number(process.hrtime.bigint() - started) / 1e9
}

/** `program` copied alone into `<root>/bin-<side>`, so that putting that folder first on PATH runs that build of it and no other. */
export function aloneInDir(root: string, side: string, program: string): string {
  const dir = path.join(root, `bin-${side}`)
  fs.mkdirSync(dir, { recursive: true })
  fs.copyFileSync(program, path.join(dir, path.basename(program)))
  return dir
}

/** A share as a percentage: 0.123 → "12.3%". */
export function percent(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)}%`
}

/** Wall seconds of one run of a bash command, its output discarded. */
export function timeShell(command: string, options: { cwd: string; env?: NodeJS.ProcessEnv }): number {
  return measureShell(command, options).wall
}

/** Wall and CPU seconds (every process the command waited for) of one run of a bash command, its output discarded. */
export function measureShell(command: string, options: { cwd: string; env?: NodeJS.ProcessEnv }): { wall: number; cpu: number } {
  const started = process.hrtime.bigint()
  const times = execFileSync('bash', ['-c', 'bash -eo pipefail -c "$0" > /dev/null; times', command], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const wall = Number(process.hrtime.bigint() - started) / 1e9
  return { wall, cpu: parseChildTimes(times) ?? wall }
}

/** Each side's CPU seconds, turn by turn. */
export type Turns<Side extends string> = Record<Side, number[]>

/** Runs each side once to warm up, then all sides in turns `runs` times; returns each side's CPU times. */
export function alternate<Side extends string>(sides: Record<Side, () => { cpu: number }>, runs = RUNS): Turns<Side> {
  const names = Object.keys(sides) as Side[]
  const times = Object.fromEntries(names.map(name => [name, [] as number[]])) as unknown as Turns<Side>
  names.forEach(name => sides[name]())
  for (let run = 0; run < runs; run++) for (const name of names) times[name].push(sides[name]().cpu)
  return times
}

/** How many times faster `faster` was than `slower`, turn by turn: "1.069× (1.051–1.088)". */
export function speedup<Side extends string>(turns: Turns<Side>, slower: Side, faster: Side): string {
  const ratios = turns[slower].map((time, i) => time / turns[faster][i])
  const interval = medianInterval(ratios)
  return `${ratio(median(ratios))}${interval ? ` (${interval.low.toFixed(3)}–${interval.high.toFixed(3)})` : ''}`
}

export function seconds(value: number): string {
  return value < 1 ? `${(value * 1000).toFixed(0)} ms` : `${value.toFixed(2)} s`
}

export function ratio(value: number): string {
  return `${value.toFixed(3)}×`
}

export function capture(file: string, args: string[], cwd?: string): string {
  return execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

/** "1.62× (1.41–1.80)": the median of the turns' ratios, with its 95% interval. */
export function pairedRatio(numerators: number[], denominators: number[]): string {
  const ratios = numerators.map((value, i) => value / denominators[i])
  const interval = medianInterval(ratios)
  return `${ratio(median(ratios))}${interval ? ` (${interval.low.toFixed(2)}–${interval.high.toFixed(2)})` : ` (range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`}`
}

export function spread(values: number[]): string {
  return `${seconds(median(values))} (${seconds(Math.min(...values))}–${seconds(Math.max(...values))})`
}
