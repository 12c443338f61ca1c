// How much faster the action's optimized example program is than a plain
// release build of the same code. One run: the action (dist/) builds the
// example with the workloads of .github/workflows/example.yml; cargo builds
// the plain program the same way minus the profile; then both run the same
// larger inputs in alternating turns and the medians are compared.
//
// Reproduce: npm run bench   (BENCH_RUNS=N for more turns; default 10)
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { exampleStepInputs } from '../__tests__/support/example-workflow'
import { LocalActionsServices } from '../__tests__/support/actions-services'
import { createJob, REPO_ROOT, runStep } from '../__tests__/support/runner'

/** Inputs several times the size of the training workloads: the profile must generalize. */
const CASES: Array<[string, string[]]> = [
  ['fib 32', ['programs/fib.fs', '32']],
  ['sieve 2,000,000', ['programs/sieve.fs', '2000000']],
  ['collatz 300,000', ['programs/collatz.fs', '300000']]
]
const RUNS = Number(process.env.BENCH_RUNS ?? 10)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

function timeRun(program: string, args: string[], cwd: string): number {
  const started = process.hrtime.bigint()
  execFileSync(program, args, { cwd, stdio: 'ignore' })
  return Number(process.hrtime.bigint() - started) / 1e9
}

async function main(): Promise<void> {
  const job = createJob('pgo-bench-')
  const workspace = path.join(job.root, 'example')
  fs.cpSync(path.join(REPO_ROOT, 'example'), workspace, { recursive: true, filter: source => !source.includes(`${path.sep}target`) })

  const host = /^host: (.+)$/m.exec(execFileSync('rustc', ['-vV'], { encoding: 'utf8' }))![1]
  const plainTarget = path.join(job.root, 'plain-target')
  execFileSync('cargo', ['build', '--release', '--quiet', '--target', host, '--target-dir', plainTarget], { cwd: workspace, stdio: 'inherit' })
  const plain = path.join(plainTarget, host, 'release', 'minivm')

  const services = await LocalActionsServices.start()
  const step = await runStep({ job, workspace, env: services.env(), inputs: { ...exampleStepInputs(), 'working-directory': '.' } }).finally(() => services.stop())
  if (step.exitCode !== 0) throw new Error(`the action failed:\n${step.log.split('\n').slice(-30).join('\n')}`)
  const optimized = step.outputs.binaries

  const rows: string[] = []
  const ratios: number[] = []
  for (const [name, args] of CASES) {
    timeRun(plain, args, workspace)
    timeRun(optimized, args, workspace)
    const plainTimes: number[] = []
    const optimizedTimes: number[] = []
    for (let turn = 0; turn < RUNS; turn++) {
      plainTimes.push(timeRun(plain, args, workspace))
      optimizedTimes.push(timeRun(optimized, args, workspace))
    }
    const ratio = median(plainTimes) / median(optimizedTimes)
    ratios.push(ratio)
    rows.push(`| ${name} | ${median(plainTimes).toFixed(3)} s | ${median(optimizedTimes).toFixed(3)} s | ${ratio.toFixed(3)}× |`)
  }
  const geomean = Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length)

  console.log(`\nminivm (example/): plain release build vs the action's PGO build, ${RUNS} alternating runs each, medians\n`)
  console.log('| Program | Plain release | PGO (pgo-action) | Speedup |')
  console.log('|---|--:|--:|--:|')
  rows.forEach(row => console.log(row))
  console.log(`| **Geometric mean** | | | **${geomean.toFixed(3)}×** |`)
  console.log(`\nThe action's own run took ${step.seconds.toFixed(1)} s. Reproduce: npm run bench`)
  fs.rmSync(job.root, { recursive: true, force: true })
}

main().catch(error => {
  console.error(error)
  process.exitCode = 1
})
