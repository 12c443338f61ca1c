// Profiles from many places, timed on the example project: a workload split
// across shards (collect steps, then a fan-in step) against one job that
// runs it all, and workload-jobs against workload lines in turn.
//
// The shards run here one after another, as steps on this machine; in a
// workflow they are jobs on runners of their own, running at once. So the
// wall time a workflow would see is the slowest collect step plus the
// fan-in, and the runner time it pays for is all the steps together.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { LocalActionsServices } from '../__tests__/support/actions-services'
import { createJob, REPO_ROOT, type Job } from '../__tests__/support/runner'
import { runAction, stageSeconds } from './lib/action'
import { pairedRatio, spread } from './lib/measure'

const TURNS = Number(process.env.BENCH_SHARD_TURNS ?? 6)
const SHARDS = 3

/** Six lines of steady work, a few seconds each when instrumented: what a shard would split. */
const QUERIES = [
  'price > 100 and qty < 5',
  'region = 3 or (price < 20 and not qty > 10)',
  'qty >= 10 and region != 7',
  'not (price < 50 or qty > 20)',
  'region = 1 and price > 10 and qty < 40',
  'price < 500 and (qty = 3 or region = 9)'
]
const LINES = QUERIES.map(query => `rowq --rows 1000000 --rounds 30 '${query}'`)

/** Every SHARDS-th line, starting at `shard`: an even split of the lines. */
function shardLines(shard: number): string[] {
  return LINES.filter((_, index) => index % SHARDS === shard)
}

interface Turn {
  oneJob: number
  collects: number[]
  fanIn: number
  serial: number
  parallel: number
  /** The Workloads stage alone, from the summary: in turn, and at once. */
  serialStage: number
  parallelStage: number
}

function freshCheckout(job: Job): string {
  const workspace = path.join(job.root, 'example')
  fs.rmSync(workspace, { recursive: true, force: true })
  fs.cpSync(path.join(REPO_ROOT, 'example'), workspace, { recursive: true, filter: source => !source.endsWith(`${path.sep}target`) })
  return workspace
}

async function timeTurn(job: Job, jobs: number): Promise<Turn> {
  const base = { cache: 'false' }
  const oneJob = (await runAction(job, freshCheckout(job), { ...base, workload: LINES.join('\n') })).seconds
  // One run of the services per turn: a workflow run of its own, whose artifacts the fan-in lists.
  const services = await LocalActionsServices.start()
  const collects: number[] = []
  let fanIn = 0
  try {
    for (let shard = 0; shard < SHARDS; shard++) {
      const inputs = { ...base, mode: 'collect', workload: shardLines(shard).join('\n'), 'upload-artifact': `pgo-shard-${shard}` }
      collects.push((await runAction(job, freshCheckout(job), inputs, services)).seconds)
    }
    const inputs = { ...base, 'profile-artifacts': 'pgo-shard-*', 'profile-shards': String(SHARDS) }
    fanIn = (await runAction(job, freshCheckout(job), inputs, services)).seconds
  } finally {
    await services.stop()
  }
  const serial = await runAction(job, freshCheckout(job), { ...base, workload: LINES.join('\n'), 'workload-jobs': '1' })
  const parallel = await runAction(job, freshCheckout(job), { ...base, workload: LINES.join('\n'), 'workload-jobs': String(jobs) })
  return {
    oneJob,
    collects,
    fanIn,
    serial: serial.seconds,
    parallel: parallel.seconds,
    serialStage: stageSeconds(serial.result.summary, 'Workloads'),
    parallelStage: stageSeconds(parallel.result.summary, 'Workloads')
  }
}

export async function benchShards(): Promise<string> {
  const job = createJob('pgo-bench-shards-')
  const jobs = os.availableParallelism()
  const turns: Turn[] = []
  try {
    for (let turn = 0; turn < TURNS; turn++) {
      console.log(`shards: turn ${turn + 1} of ${TURNS}`)
      turns.push(await timeTurn(job, jobs))
    }
  } finally {
    fs.rmSync(job.root, { recursive: true, force: true })
  }
  const oneJob = turns.map(turn => turn.oneJob)
  const critical = turns.map(turn => Math.max(...turn.collects) + turn.fanIn)
  const runnerTime = turns.map(turn => turn.collects.reduce((sum, value) => sum + value, 0) + turn.fanIn)
  const slowestCollect = turns.map(turn => Math.max(...turn.collects))
  const fanIn = turns.map(turn => turn.fanIn)
  const serial = turns.map(turn => turn.serial)
  const parallel = turns.map(turn => turn.parallel)
  const serialStage = turns.map(turn => turn.serialStage)
  const parallelStage = turns.map(turn => turn.parallelStage)
  return [
    '## Profiles from many places',
    '',
    `On the example project (rowq): ${LINES.length} workload lines of \`rowq --rows 1000000 --rounds 30 '<query>'\`, each a different query; every step from a fresh checkout with an empty target directory, the cache off. ` +
      `${TURNS} turns; each turn runs every variant once, and the ratios are taken turn by turn: their median, with its 95% interval (or their range, with fewer than 6 turns). Wall time of the whole step, as a workflow sees it.`,
    '',
    `### ${SHARDS} shards and a fan-in against one job`,
    '',
    `The shards run here one after another; in a workflow they run at once on runners of their own, so the workflow waits for the slowest collect step, then the fan-in. Each shard runs ${LINES.length / SHARDS} of the lines.`,
    '',
    '| What | Wall time, median (range) | One job over it |',
    '|---|--:|--:|',
    `| One job running every line | ${spread(oneJob)} | |`,
    `| Slowest collect step | ${spread(slowestCollect)} | |`,
    `| Fan-in step (download, check, merge, optimized build) | ${spread(fanIn)} | |`,
    `| The workflow's wait: slowest collect + fan-in | ${spread(critical)} | ${pairedRatio(oneJob, critical)} |`,
    `| Runner time paid: every collect step + fan-in | ${spread(runnerTime)} | ${pairedRatio(oneJob, runnerTime)} |`,
    '',
    'Each shard builds the instrumented program again, and the fan-in builds the optimized one: what a split saves is the workload time beyond the slowest shard, less a build. It pays off when the workload is long against the build.',
    '',
    `### workload-jobs: ${jobs} against 1`,
    '',
    `The same ${LINES.length} lines in one step, one at a time and then ${jobs} at a time (\`workload-jobs: auto\` on this ${jobs}-CPU machine).`,
    '',
    '| What | Wall time, median (range) | Serial over it |',
    '|---|--:|--:|',
    `| Whole step, \`workload-jobs: 1\` | ${spread(serial)} | |`,
    `| Whole step, \`workload-jobs: ${jobs}\` | ${spread(parallel)} | ${pairedRatio(serial, parallel)} |`,
    `| Workloads stage, \`workload-jobs: 1\` | ${spread(serialStage)} | |`,
    `| Workloads stage, \`workload-jobs: ${jobs}\` | ${spread(parallelStage)} | ${pairedRatio(serialStage, parallelStage)} |`,
    '',
    'The builds take the same time either way; only the workload stage runs its lines at once, and the lines are single-threaded, so the bound is the CPU count.'
  ].join('\n')
}
