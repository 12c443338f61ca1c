// The benchmark room: statistics (stats.ts) and this runner, which runs a
// benchmark command against the plain and the optimized programs. It may
// import system helpers only; the Benchmark stage in stages/ uses it.
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { commandEnv, pathWithFirst } from '../system/environment'
import { runShell } from '../system/exec'
import { barChart, compareSides, formatTime, type BenchmarkResult } from './stats'

export type Side = 'plain' | 'optimized'

/**
 * Runs the benchmark command against the plain and the optimized programs in
 * turns (A B A B …) after one warm-up run of each, so that a machine that
 * slows down or speeds up during the run affects both sides alike. The
 * programs under test are first on PATH; PGO_BENCHMARK_SIDE says which side runs.
 */
export async function runBenchmark(
  command: string,
  options: { cwd: string; runs: number; programDirs: Record<Side, string> }
): Promise<BenchmarkResult> {
  const { cwd, runs, programDirs } = options
  const times: Record<Side, number[]> = { plain: [], optimized: [] }
  const runOnce = async (side: Side, label: string): Promise<number> => {
    const { seconds, leftover } = await runShell(command, {
      cwd,
      env: commandEnv({ PATH: pathWithFirst([programDirs[side]]), PGO_BENCHMARK_SIDE: side }),
      what: `The benchmark (${side} programs, ${label})`,
      quiet: true
    })
    if (leftover) core.warning(leftover)
    core.info(`${side.padEnd(9)} ${label.padEnd(9)} ${formatTime(seconds)}`)
    return seconds
  }
  await runOnce('plain', 'warm-up')
  await runOnce('optimized', 'warm-up')
  for (let run = 1; run <= runs; run++) {
    for (const side of ['plain', 'optimized'] as const) times[side].push(await runOnce(side, `run ${run}`))
  }
  const result = compareSides(times.plain, times.optimized)
  barChart(result).forEach(line => core.info(line))
  return result
}

/** Copies programs into one directory under their own names (the first of a name wins, as it would on PATH). */
export function copyProgramsInto(programs: string[], dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  for (const program of programs) {
    const target = path.join(dir, path.basename(program))
    if (fs.existsSync(target)) {
      core.warning(`Two programs are called ${path.basename(program)}; the benchmark uses the first, not ${program}.`)
      continue
    }
    fs.copyFileSync(program, target)
    fs.chmodSync(target, fs.statSync(program).mode)
  }
}
