// The benchmark method measured on itself, under a noisy neighbour: a process
// that burns a CPU in random bursts (half its time, in bursts of 50–500 ms),
// beside the benchmark on this machine. Both sides run the same program, a
// plain build of the example: A/A, where every "faster" or
// "slower" is a false alarm; and a known 10% effect, where the plain side
// runs the same query for 10% more rounds than the optimized side. Each
// trial is one benchmark-runs: auto run with the action's own runner, for
// alternate and duet runs.
//
// Reproduce: npm run bench with BENCH_ONLY=method
//   BENCH_METHOD_TRIALS=N   A/A trials per method (default 20)
//   BENCH_METHOD_EFFECT_TRIALS=N   10% trials per method (default 10)
//   BENCH_METHOD_BUDGET=S   benchmark-budget of each trial (default 60)
import { spawn, type ChildProcess } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { REPO_ROOT } from '../__tests__/support/runner'
import { runBenchmark } from '../src/benchmark/run-benchmark'
import { median, type BenchmarkResult, type Method } from '../src/benchmark/stats'
import { capture, percent } from './lib/measure'

const TRIALS = Number(process.env.BENCH_METHOD_TRIALS ?? 20)
const EFFECT_TRIALS = Number(process.env.BENCH_METHOD_EFFECT_TRIALS ?? 10)
const BUDGET = Number(process.env.BENCH_METHOD_BUDGET ?? 60)
const METHODS: Method[] = ['alternate', 'duet']

/** A process that keeps a CPU busy half the time, in bursts of random length. */
function noisyNeighbour(): ChildProcess {
  const script = `
    const burn = ms => { const end = Date.now() + ms; while (Date.now() < end) {} }
    const tick = () => { if (Math.random() < 0.5) burn(50 + Math.random() * 450); setTimeout(tick, Math.random() * 300) }
    tick()`
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' })
}

interface Trial {
  result: BenchmarkResult
}

async function trial(command: string, method: Method, dir: string): Promise<Trial> {
  const result = await runBenchmark({
    command,
    cwd: dir,
    runs: 'auto',
    budgetSeconds: BUDGET,
    method,
    programDirs: { plain: path.join(dir, 'plain'), optimized: path.join(dir, 'optimized') },
    files: [],
    scratchDir: path.join(dir, 'scratch'),
    journal: path.join(dir, 'swaps.json')
  })
  if (!('verdict' in result)) throw new Error(`The benchmark could not tell its sides apart: ${result.sides.how}`)
  return { result }
}

export async function benchMethod(): Promise<string> {
  const example = path.join(REPO_ROOT, 'example')
  capture('cargo', ['build', '--release', '--quiet'], example)
  const rowq = path.join(example, 'target', 'release', 'rowq')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-bench-method-'))
  for (const side of ['plain', 'optimized']) fs.mkdirSync(path.join(dir, side))
  const query = (rounds: string) => `'${rowq}' --rows 20000 --rounds ${rounds} 'price > 100 and qty < 5' > /dev/null`
  const aa = query('750')
  const effect = query('$([ "$PGO_BENCHMARK_SIDE" = plain ] && echo 825 || echo 750)')
  const neighbour = noisyNeighbour()
  const rows: string[] = []
  try {
    for (const method of METHODS) {
      const aaTrials: Trial[] = []
      for (let i = 0; i < TRIALS; i++) {
        aaTrials.push(await trial(aa, method, dir))
        console.log(`A/A ${method} ${i + 1}/${TRIALS}: ${aaTrials[i].result.verdict}`)
      }
      const effectTrials: Trial[] = []
      for (let i = 0; i < EFFECT_TRIALS; i++) {
        effectTrials.push(await trial(effect, method, dir))
        console.log(`10% ${method} ${i + 1}/${EFFECT_TRIALS}: ${effectTrials[i].result.speedup.toFixed(4)}`)
      }
      const falseAlarms = aaTrials.filter(t => t.result.verdict !== 'no significant difference').length
      const halfWidth = (t: Trial) =>
        t.result.interval ? (t.result.interval.high - t.result.interval.low) / 2 / t.result.speedup : Infinity
      const errors = effectTrials.map(t => Math.abs(t.result.speedup / 1.1 - 1))
      const covered = effectTrials.filter(t => t.result.interval && t.result.interval.low <= 1.1 && 1.1 <= t.result.interval.high).length
      const all = [...aaTrials, ...effectTrials]
      rows.push(
        `| ${method} | ${falseAlarms} of ${TRIALS} (${percent(falseAlarms / TRIALS, 0)}) | ${percent(median(aaTrials.map(halfWidth)))} | ` +
          `${effectTrials.map(t => t.result.speedup.toFixed(3)).join(', ')} | ${percent(Math.max(...errors))} | ${covered} of ${EFFECT_TRIALS} | ` +
          `±${percent(median(effectTrials.map(halfWidth)))} | ${median(all.map(t => t.result.pairs.length))} | ${median(all.map(t => t.result.seconds)).toFixed(0)} s (${Math.min(...all.map(t => t.result.seconds)).toFixed(0)}–${Math.max(...all.map(t => t.result.seconds)).toFixed(0)}) | ` +
          `${all.filter(t => t.result.stoppedBecause.startsWith('the interval')).length} of ${all.length} |`
      )
    }
  } finally {
    neighbour.kill()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return [
    '## The benchmark method, under a noisy neighbour',
    '',
    `Each trial is one run of the action's benchmark runner with \`benchmark-runs: auto\` and a ${BUDGET} s budget, while a noisy neighbour burns a CPU in random bursts. ` +
      `The program is a plain build of the example, \`rowq --rows 20000 --rounds N 'price > 100 and qty < 5'\`, about 0.33 s for N = 750. A/A: both sides run N = 750, so any verdict but "no significant difference" is a false alarm (${TRIALS} trials per method). ` +
      `10% effect: the plain side runs N = 825, the optimized side N = 750, so the true speedup is 1.100 (${EFFECT_TRIALS} trials per method).`,
    '',
    '| Method | A/A false alarms | A/A interval (± median) | 10%: speedups found | 10%: largest error | 10%: intervals holding 1.100 | 10%: interval (± median) | Pairs (median) | Time per trial, median (range) | Stopped at ±1% |',
    '|---|--:|--:|---|--:|--:|--:|--:|--:|--:|',
    ...rows
  ].join('\n')
}
