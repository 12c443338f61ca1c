// Timing for the bench: programs run in alternating turns after a warm-up,
// and medians are compared, so that drift in the machine's speed during a
// run falls on every side alike.
import { execFileSync } from 'node:child_process'
import { median } from '../../src/benchmark/stats'

export { median }

export const RUNS = Number(process.env.BENCH_RUNS ?? 10)

/** Seconds one run of a bash command takes, its output discarded. */
export function timeShell(command: string, options: { cwd: string; env?: NodeJS.ProcessEnv }): number {
  const started = process.hrtime.bigint()
  execFileSync('bash', ['-eo', 'pipefail', '-c', command], { cwd: options.cwd, env: options.env ?? process.env, stdio: 'ignore' })
  return Number(process.hrtime.bigint() - started) / 1e9
}

/** Runs each side once to warm up, then all sides in turns `runs` times; returns each side's medians. */
export function alternate<Side extends string>(sides: Record<Side, () => number>, runs = RUNS): Record<Side, number> {
  const names = Object.keys(sides) as Side[]
  const times = Object.fromEntries(names.map(name => [name, [] as number[]])) as unknown as Record<Side, number[]>
  names.forEach(name => sides[name]())
  for (let run = 0; run < runs; run++) for (const name of names) times[name].push(sides[name]())
  return Object.fromEntries(names.map(name => [name, median(times[name])])) as Record<Side, number>
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
