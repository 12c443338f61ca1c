// Why a PGO build can come out slower than the plain one. The two crates the
// LTO table shows at or below 1.00× are each built four ways in one run
// (zstd, a C project, is trained both ways through the action alone):
// plain; by the action, trained on its workload; by cargo-pgo on the same
// workload; and by the action trained on the benchmark's commands instead.
// Every program is then timed on both command sets. A build that differs
// from cargo-pgo's would be the action's defect; a profile that wins on its
// own commands and loses on others fits its training. The profiles and perf
// samples say which code the benchmark spends its time in, and whether the
// training ever ran it.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Job } from '../__tests__/support/runner'
import { rustHost } from '../__tests__/support/tools'
import { benchmarkFigures, runAction } from './lib/action'
import { aloneInDir, alternate, measureShell, median, percent, ratio, RUNS, seconds, speedup, timed, type Turns } from './lib/measure'
import { addSplits, requirePerf, sampleSplit, type SampleSplit } from './lib/perf-split'
import { edgeOverlap, functionCounts, untrainedWork } from './lib/profile-cover'
import { checkoutProject, fromRealProjects, RIPGREP, type RealProject } from './real-projects'

const CARGO_PGO_VERSION = '0.3.0'
/** perf runs of the plain build on the benchmark. */
const PERF_RUNS = Number(process.env.BENCH_PERF_RUNS ?? 3)

interface Crate {
  project: RealProject
  /** The program the commands run. */
  program: string
}

const CRATES: Crate[] = [
  { project: RIPGREP, program: 'rg' },
  { project: fromRealProjects('oxipng '), program: 'oxipng' }
]

/** C projects, through the action's own benchmark: cargo-pgo does not apply, and the action builds the plain side with the same clang. */
const C_PROJECTS = [fromRealProjects('zstd ')]

type Side = 'plain' | 'action' | 'cargoPgo' | 'swapped'
const SIDES: Record<Side, string> = {
  plain: 'plain `cargo build --release --target <host>`',
  action: 'pgo-action, trained on the workload',
  cargoPgo: `cargo-pgo ${CARGO_PGO_VERSION}, trained on the workload`,
  swapped: "pgo-action, trained on the benchmark's commands"
}

interface Built {
  /** Each side's program, alone in a directory of its own, so that putting the directory first on PATH runs it. */
  dirs: Record<Side, string>
  seconds: Record<Side, number>
  /** The merged profiles: the action's on each command set, and cargo-pgo's. */
  profiles: { workload: string; benchmark: string; cargoPgo: string }
}

/**
 * The crate's own environment, with its symbols kept so that perf can name
 * functions (oxipng strips them). The setting changes no code, but cargo
 * hashes it into the symbols, so every build here has it, profiles too.
 */
function crateEnv(crate: Crate): Record<string, string> {
  return { ...crate.project.env, CARGO_PROFILE_RELEASE_STRIP: 'none' }
}

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  execFileSync(file, args, { cwd, env, stdio: 'inherit' })
}

/** The action's build of `checkout` trained on `workload`: its program and a copy of its profile. */
async function actionBuild(job: Job, checkout: string, crate: Crate, workload: string, env: Record<string, string>, side: Side) {
  const { result, seconds: took } = await runAction(job, checkout, { workload, cache: 'false' }, undefined, env)
  const program = result.outputs.binaries.split('\n').find(file => path.basename(file) === crate.program)
  if (!program) throw new Error(`the action built no ${crate.program}: ${result.outputs.binaries}`)
  const profile = path.join(job.root, `${side}.profdata`)
  fs.copyFileSync(result.outputs['profile-path'], profile)
  return { dir: aloneInDir(job.root, side, program), seconds: took, profile }
}

/** cargo-pgo, installed once for the whole section. */
let cargoPgoBin: string | undefined
function cargoPgo(job: Job): string {
  if (!cargoPgoBin) {
    const root = fs.mkdtempSync(path.join(path.dirname(job.root), 'pgo-bench-cargo-pgo-'))
    run('cargo', ['install', '--quiet', '--locked', '--root', root, 'cargo-pgo', '--version', CARGO_PGO_VERSION], job.root, process.env)
    cargoPgoBin = path.join(root, 'bin')
  }
  return cargoPgoBin
}

/** cargo-pgo's three steps, the workload's lines run with the instrumented program first on PATH. */
function cargoPgoBuild(job: Job, checkout: string, crate: Crate, env: NodeJS.ProcessEnv) {
  const withTool = { ...env, PATH: `${cargoPgo(job)}:${env.PATH}` }
  const programDir = path.join(checkout, 'target', rustHost(), 'release')
  const took = timed(() => {
    run('cargo', ['pgo', 'build'], checkout, withTool)
    run('bash', ['-eo', 'pipefail', '-c', crate.project.inputs.workload], checkout, { ...withTool, PATH: `${programDir}:${withTool.PATH}` })
    run('cargo', ['pgo', 'optimize'], checkout, withTool)
  })
  const profiles = path.join(checkout, 'target', 'pgo-profiles')
  const merged = fs.readdirSync(profiles).find(file => file.endsWith('.profdata'))
  if (!merged) throw new Error(`cargo-pgo left no merged profile in ${profiles}`)
  const profile = path.join(job.root, 'cargo-pgo.profdata')
  fs.copyFileSync(path.join(profiles, merged), profile)
  return { dir: aloneInDir(job.root, 'cargoPgo', path.join(programDir, crate.program)), seconds: took, profile }
}

async function buildFourWays(job: Job, workspace: string, crate: Crate): Promise<Built> {
  const env = { ...process.env, ...crateEnv(crate), RUNNER_TEMP: job.runnerTemp }
  const copy = (side: Side) => {
    const checkout = path.join(job.root, side)
    fs.cpSync(workspace, checkout, { recursive: true })
    return checkout
  }
  // Every dependency downloaded once, so no build below is timed with the network in it.
  run('cargo', ['fetch', '--quiet'], workspace, env)
  console.log(`swapped: ${crate.project.name}, plain`)
  const plainCheckout = copy('plain')
  // --target as the action and cargo-pgo build: cargo hashes it into the symbols the profiles and perf name functions by.
  const plainSeconds = timed(() => run('cargo', ['build', '--release', '--quiet', '--target', rustHost()], plainCheckout, env))
  console.log(`swapped: ${crate.project.name}, the action on the workload`)
  const action = await actionBuild(job, copy('action'), crate, crate.project.inputs.workload, crateEnv(crate), 'action')
  console.log(`swapped: ${crate.project.name}, the action on the benchmark's commands`)
  const swapped = await actionBuild(job, copy('swapped'), crate, crate.project.inputs.benchmark, crateEnv(crate), 'swapped')
  console.log(`swapped: ${crate.project.name}, cargo-pgo`)
  const byCargoPgo = cargoPgoBuild(job, copy('cargoPgo'), crate, env)
  return {
    dirs: {
      plain: aloneInDir(job.root, 'plain', path.join(plainCheckout, 'target', rustHost(), 'release', crate.program)),
      action: action.dir,
      cargoPgo: byCargoPgo.dir,
      swapped: swapped.dir
    },
    seconds: { plain: plainSeconds, action: action.seconds, cargoPgo: byCargoPgo.seconds, swapped: swapped.seconds },
    profiles: { workload: action.profile, benchmark: swapped.profile, cargoPgo: byCargoPgo.profile }
  }
}

/** The environment a command set runs in with one side's program first on PATH. */
function runsWith(job: Job, crate: Crate, dir: string): NodeJS.ProcessEnv {
  return { ...process.env, ...crateEnv(crate), RUNNER_TEMP: job.runnerTemp, PATH: `${dir}:${process.env.PATH}` }
}

function timeAllSides(job: Job, workspace: string, crate: Crate, built: Built, commands: string): Turns<Side> {
  const side = (name: Side) => () => measureShell(commands, { cwd: workspace, env: runsWith(job, crate, built.dirs[name]) })
  return alternate({ plain: side('plain'), action: side('action'), cargoPgo: side('cargoPgo'), swapped: side('swapped') })
}

/** perf samples of the benchmark run by the plain build, each run split by the workload's profile. */
function samplesOnBenchmark(job: Job, workspace: string, crate: Crate, built: Built): SampleSplit[] {
  const training = functionCounts(built.profiles.workload)
  const env = runsWith(job, crate, built.dirs.plain)
  const runs = Array.from({ length: PERF_RUNS }, () => sampleSplit(crate.project.inputs.benchmark, { cwd: workspace, env }, training))
  const profiled = addSplits(runs)
  if (profiled.trained + profiled.untrained === 0)
    throw new Error(`perf named none of the plain build's functions as the workload's profile does: are both built with the same settings?`)
  return runs
}

/** The group's share of the plain build's samples: shares within a run hold still on a noisy machine, where times do not. */
function groupShare(samples: SampleSplit[], group: keyof SampleSplit): string {
  const plain = addSplits(samples)
  return percent(plain[group] / (plain.trained + plain.untrained + plain.unprofiled))
}

interface Findings {
  timeRows: string[]
  coverRow: string
  /** Where the benchmark's time goes: only where perf could sample the programs. */
  samplesRow?: string
}

/** The coverage table's row: how alike the profiles are, and the work each ran that the other never did. */
function coverRow(name: string, profiles: { workload: string; benchmark: string; cargoPgo?: string }): string {
  const workload = functionCounts(profiles.workload)
  const benchmark = functionCounts(profiles.benchmark)
  const missed = untrainedWork(workload, benchmark)
  const reverse = untrainedWork(benchmark, workload)
  const withCargoPgo = profiles.cargoPgo ? edgeOverlap(profiles.workload, profiles.cargoPgo) : '—'
  return (
    `| ${name} | ${withCargoPgo} | ${edgeOverlap(profiles.workload, profiles.benchmark)} | ` +
    `${missed.untrained} of ${missed.ran}: **${percent(missed.share)}** | ${missed.biggest.join('; ')} | ${reverse.untrained} of ${reverse.ran}: ${percent(reverse.share)} |`
  )
}

async function examine(crate: Crate): Promise<Findings> {
  const { job, workspace } = checkoutProject(crate.project, 'pgo-bench-swapped-')
  try {
    const built = await buildFourWays(job, workspace, crate)
    console.log(`swapped: ${crate.project.name}, timing the four programs, ${RUNS} runs each in turns, on each command set`)
    const onBenchmark = timeAllSides(job, workspace, crate, built, crate.project.inputs.benchmark)
    const onWorkload = timeAllSides(job, workspace, crate, built, crate.project.inputs.workload)
    const timeRows = (Object.keys(SIDES) as Side[]).map(side => {
      const against = (turns: Turns<Side>) => (side === 'plain' ? `${seconds(median(turns.plain))} (plain)` : speedup(turns, 'plain', side))
      return `| ${crate.project.name} | ${SIDES[side]} | ${seconds(built.seconds[side])} | ${against(onBenchmark)} | ${against(onWorkload)} |`
    })

    console.log(`swapped: ${crate.project.name}, sampling the plain build on the benchmark with perf, ${PERF_RUNS} runs`)
    const samples = samplesOnBenchmark(job, workspace, crate, built)
    const samplesRow = `| ${crate.project.name} | ${groupShare(samples, 'trained')} | ${groupShare(samples, 'untrained')} | ${groupShare(samples, 'unprofiled')} |`
    return { timeRows, coverRow: coverRow(crate.project.name, built.profiles), samplesRow }
  } finally {
    fs.rmSync(job.root, { recursive: true, force: true })
  }
}

/** A C project trained on each command set by the action, each timed by the action's own benchmark against its plain build. */
async function examineThroughAction(project: RealProject): Promise<Findings> {
  const { job, workspace } = checkoutProject(project, 'pgo-bench-swapped-')
  const name = `${project.name} (clang)`
  try {
    const trainedOn = async (side: 'action' | 'swapped', workload: string) => {
      console.log(`swapped: ${name}, ${SIDES[side]}`)
      const checkout = path.join(job.root, side)
      fs.cpSync(workspace, checkout, { recursive: true })
      const inputs = { ...project.inputs, workload, toolchain: 'clang', cache: 'false' }
      const { result } = await runAction(job, checkout, inputs, undefined, project.env)
      const profile = path.join(job.root, `${side}.profdata`)
      fs.copyFileSync(result.outputs['profile-path'], profile)
      return benchmarkFigures(result)
    }
    const action = await trainedOn('action', project.inputs.workload)
    const swapped = await trainedOn('swapped', project.inputs.benchmark)
    const row = (side: Side, figures: typeof action) =>
      `| ${name} | ${SIDES[side]} | — | ${ratio(figures.speedup)} (${figures.interval}) | — |`
    return {
      timeRows: [
        `| ${name} | plain, built by the action for its benchmark | — | ${action.plain} (plain) | — |`,
        row('action', action),
        row('swapped', swapped)
      ],
      coverRow: coverRow(name, { workload: path.join(job.root, 'action.profdata'), benchmark: path.join(job.root, 'swapped.profdata') })
    }
  } finally {
    fs.rmSync(job.root, { recursive: true, force: true })
  }
}

export async function benchSwapped(): Promise<string> {
  requirePerf()
  const findings: Findings[] = []
  for (const crate of CRATES) findings.push(await examine(crate))
  for (const project of C_PROJECTS) findings.push(await examineThroughAction(project))
  if (cargoPgoBin) fs.rmSync(path.dirname(cargoPgoBin), { recursive: true, force: true })
  return [
    '## Why ripgrep, oxipng and zstd lose',
    '',
    "The two crates the LTO table shows at or below 1.00×, each built four ways in one run from the same checkout, with the workload and benchmark of `bench/real-projects.ts`: plain; by the action trained on the workload, as in that table; by cargo-pgo on the same workload; and by the action trained on the benchmark's commands instead. " +
      "All four build for the host's triple named with `--target`, as the action and cargo-pgo do, and keep their symbols (`CARGO_PROFILE_RELEASE_STRIP=none`, so that perf can name functions): cargo hashes both into the symbols the profiles name functions by. " +
      `Every program is then timed on the benchmark's commands and on the workload's, ${RUNS} runs of each in turns after a warm-up; the speedup over plain is the median of the turns' CPU-time ratios with its 95% interval. "Build" is the wall time to the optimized program (the action's run includes its own checks and the profile's statistics). ` +
      "zstd, which the GCC table below shows slower with both compilers, is built by the action with clang twice, trained on each command set, and timed by the action's own benchmark (the benchmark's commands only, its default runs and budget) against the plain build it makes with the same clang.",
    '',
    '| Crate | Build | Build | On the benchmark (95% CI) | On the workload (95% CI) |',
    '|---|---|--:|--:|--:|',
    ...findings.flatMap(found => found.timeRows),
    '',
    'What the two profiles cover. "Overlap" is llvm-profdata\'s edge profile overlap: 100% when two profiles count the same blocks in the same proportions. ' +
      "\"Benchmark's work the workload never ran\" counts the functions that ran under the benchmark's commands but have no counts in the workload's profile, and their share of the benchmark's counted blocks: LLVM compiles a function the profile has with zero counts as cold (for size, not inlined into, placed apart), so the benchmark times code the profile made slower on purpose. The last column is the same the other way round.",
    '',
    "| Crate | Overlap: action and cargo-pgo | Overlap: workload and benchmark | Benchmark's work the workload never ran | The biggest of it | Workload's work the benchmark never ran |",
    '|---|--:|--:|--:|---|--:|',
    ...findings.map(found => found.coverRow),
    '',
    `Where the benchmark's CPU time goes in the plain build: perf's software clock samples (1 ms each) of ${PERF_RUNS} runs of the benchmark, each sample put in a group by the workload's profile: functions it ran, functions it has but never ran, and code it has no counts for at all (C through the cc crate, the prebuilt standard library, libc, the kernel). ` +
      'Shares of one run hold still on a noisy machine where its times do not; PGO can speed up only the first group, and the second is the code it compiles as cold.',
    '',
    '| Crate | Functions the workload ran | Functions it never ran | Code without a profile |',
    '|---|--:|--:|--:|',
    ...findings.flatMap(found => (found.samplesRow ? [found.samplesRow] : [])),
    '',
    'What this means, and what makes a workload general: docs/workloads.md, "When the PGO build is slower".'
  ].join('\n')
}
