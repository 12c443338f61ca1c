// What BOLT adds on top of PGO: for the example project (example/, a
// bytecode interpreter) and the C fixture (__tests__/fixtures/c-make), one
// run of the action (dist/) with bolt: true gives the PGO+BOLT program at
// its path and the PGO-only program in the run's directory; a plain release
// build is made beside them. All three then run the same inputs, larger than
// the training workloads, in alternating turns, and the medians are compared.
//
// Reproduce: npm run build && npx tsx bench/bolt-speedup.ts   (BENCH_RUNS=N for more turns; default 10)
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { LocalActionsServices } from '../__tests__/support/actions-services'
import { exampleStepInputs } from '../__tests__/support/example-workflow'
import { createJob, REPO_ROOT, runStep, type Job } from '../__tests__/support/runner'

const RUNS = Number(process.env.BENCH_RUNS ?? 10)
const REPRODUCE = 'npm run build && npx tsx bench/bolt-speedup.ts'

/** One project: how the action builds it, how a plain release build is made, and the inputs to time. */
interface Project {
  title: string
  source: string
  inputs: Record<string, string>
  /** Builds the plain release program in `dir` (a copy of the source) and returns its path. */
  plainBuild(dir: string): string
  /** The PGO-only program's name in the run's bolt/pgo directory. */
  program: string
  cases: Array<[string, string[]]>
}

const HOST = /^host: (.+)$/m.exec(execFileSync('rustc', ['-vV'], { encoding: 'utf8' }))![1]

const PROJECTS: Project[] = [
  {
    title: 'minivm (example/)',
    source: path.join(REPO_ROOT, 'example'),
    inputs: { ...exampleStepInputs(), 'working-directory': '.', bolt: 'true' },
    plainBuild: dir => {
      execFileSync('cargo', ['build', '--release', '--quiet', '--target', HOST], { cwd: dir, stdio: 'inherit' })
      return path.join(dir, 'target', HOST, 'release', 'minivm')
    },
    program: 'minivm',
    cases: [
      ['fib 32', ['programs/fib.fs', '32']],
      ['sieve 2,000,000', ['programs/sieve.fs', '2000000']],
      ['collatz 300,000', ['programs/collatz.fs', '300000']]
    ]
  },
  {
    title: 'textstat (__tests__/fixtures/c-make)',
    source: path.join(REPO_ROOT, '__tests__', 'fixtures', 'c-make'),
    inputs: { build: 'make', binaries: 'textstat', workload: 'textstat 200\ntextstat 50', bolt: 'true' },
    plainBuild: dir => {
      execFileSync('make', ['-s', 'CC=clang-22'], { cwd: dir, stdio: 'inherit' })
      return path.join(dir, 'textstat')
    },
    program: 'textstat',
    cases: [['textstat 3000', ['3000']]]
  }
]

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

function geomean(ratios: number[]): number {
  return Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length)
}

interface Programs {
  plain: string
  pgo: string
  bolt: string
  seconds: number
}

/** One run of the action with bolt: true, and a plain build of the same source. */
async function buildAll(project: Project, job: Job, services: LocalActionsServices): Promise<Programs> {
  const copy = (name: string) => {
    const dir = path.join(job.root, name)
    fs.cpSync(project.source, dir, { recursive: true, filter: source => !source.includes(`${path.sep}target`) })
    return dir
  }
  const plain = project.plainBuild(copy('plain'))
  const workspace = copy('workspace')
  const step = await runStep({ job, workspace, env: services.env(), inputs: project.inputs })
  if (step.exitCode !== 0) throw new Error(`the action failed on ${project.title}:\n${step.log.split('\n').slice(-30).join('\n')}`)
  if (!step.summary.includes('| ✅ | BOLT optimize |')) throw new Error(`BOLT did not rewrite ${project.title}:\n${step.summary}`)
  const pgo = path.join(job.runnerTemp, 'pgo-action', '__self', 'bolt', 'pgo', project.program)
  return { plain, pgo, bolt: step.outputs.binaries, seconds: step.seconds }
}

async function bench(project: Project, services: LocalActionsServices): Promise<number[][]> {
  const job = createJob('pgo-bolt-bench-')
  try {
    const programs = await buildAll(project, job, services)
    const cwd = path.join(job.root, 'workspace')
    const rows: string[] = []
    const ratios: number[][] = []
    for (const [name, args] of project.cases) {
      const sides = [programs.plain, programs.pgo, programs.bolt]
      sides.forEach(program => timeRun(program, args, cwd))
      const times: number[][] = [[], [], []]
      for (let turn = 0; turn < RUNS; turn++) sides.forEach((program, side) => times[side].push(timeRun(program, args, cwd)))
      const [plain, pgo, bolt] = times.map(median)
      ratios.push([plain / pgo, pgo / bolt, plain / bolt])
      rows.push(`| ${name} | ${plain.toFixed(3)} s | ${pgo.toFixed(3)} s | ${bolt.toFixed(3)} s | ${(plain / pgo).toFixed(3)}× | ${(pgo / bolt).toFixed(3)}× | ${(plain / bolt).toFixed(3)}× |`)
    }
    console.log(`\n${project.title}: ${RUNS} alternating runs each, medians (the action's run took ${programs.seconds.toFixed(1)} s)\n`)
    console.log('| Input | Plain release | PGO | PGO + BOLT | PGO vs plain | BOLT vs PGO | PGO + BOLT vs plain |')
    console.log('|---|--:|--:|--:|--:|--:|--:|')
    rows.forEach(row => console.log(row))
    if (ratios.length > 1) {
      const means = [0, 1, 2].map(column => geomean(ratios.map(row => row[column])).toFixed(3))
      console.log(`| **Geometric mean** | | | | **${means[0]}×** | **${means[1]}×** | **${means[2]}×** |`)
    }
    return ratios
  } finally {
    fs.rmSync(job.root, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const services = await LocalActionsServices.start()
  try {
    for (const project of PROJECTS) await bench(project, services)
  } finally {
    await services.stop()
  }
  console.log(`\nSpeedup = the slower side's median time / the faster side's. Reproduce: ${REPRODUCE}`)
}

main().catch(error => {
  console.error(error)
  process.exitCode = 1
})
