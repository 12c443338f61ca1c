// The benchmark room: statistics (stats.ts), this runner, which runs a
// benchmark command against the plain and the optimized programs, each
// side's files (sides.ts) and their swaps (swaps.ts), one timed run (timed-run.ts), and the loader's
// records (loader-records.ts); the Benchmark stage in stages/ uses it.
// May import: libraries, platform, system.
import * as core from '../system/log'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { errorMessage } from '../system/errors'
import { which } from '../platform/which'
import { canPinToCpu, hasLoaderRecords, hostSystem, SYSTEM_NAMES } from '../platform/host'
import {
  comparePairs,
  describeResult,
  relativeHalfWidth,
  type BenchmarkResult,
  type Measurement,
  type Method,
  type Pair,
  MIN_PAIRS_FOR_INTERVAL
} from './stats'
import {
  contentsSeen,
  hashSideFiles,
  judgeSides,
  judgeSidesUnrecorded,
  loadedFiles,
  type Side,
  type SideHashes,
  type SidesJudgement
} from './sides'
import { Swaps } from './swaps'
import { BuildNotRestored } from './swap-files'
import { lastPid, readLoaderRecords, recordFiles } from './loader-records'
import { measure } from './timed-run'
import type { BenchmarkPlan } from './benchmark-plan'

/** benchmark-runs: auto stops at this half-width of the interval, relative to the speedup. */
export const TARGET_HALF_WIDTH = 0.01
/** benchmark-runs: auto runs this many pairs at least, where the budget allows (and 6, for an interval, whatever it allows). */
export const MIN_AUTO_PAIRS = 10
/** benchmark-runs: auto never runs more pairs than this, whatever the budget. */
export const MAX_AUTO_PAIRS = 500
/** A share of wall time on a CPU above which a benchmark uses more than one CPU, and duet runs would compete. */
const MULTITHREADED_SHARE = 1.1

/** A benchmark whose sides could not be told apart: no pairs were run, and no verdict is given. */
export interface SidesNotTold {
  sides: SidesJudgement
}

/**
 * Runs the benchmark command against the plain and the optimized programs,
 * one warm-up run of each first, then in pairs: one after the other
 * (alternate) or both at once on CPUs of their own (duet). The programs
 * under test are first on PATH (and libraries on LD_LIBRARY_PATH), and,
 * when the sides take turns, each side's copies are at the paths the build
 * wrote; PGO_BENCHMARK_SIDE says which side runs. The warm-up runs show
 * whether the sides ran different code; where they did not, no pair runs.
 * The optimized files are back at their paths afterwards, however it ends.
 */
export async function runBenchmark(plan: BenchmarkPlan): Promise<BenchmarkResult | SidesNotTold> {
  const swaps = await Swaps.prepare(plan.files, plan.journal, {
    resident: plan.sides?.resident,
    visiting: plan.sides?.visiting,
    warn: line => core.warning(line)
  })
  // A SIGTERM ends the step through process.exit: the build goes back first (a SIGKILL leaves it to the post step).
  const restoreOnExit = () => restoreQuietly(swaps)
  process.once('exit', restoreOnExit)
  try {
    const result = await runSides(plan, swaps)
    swaps.finish()
    return result
  } catch (error) {
    if (!(error instanceof BuildNotRestored)) finishAfter(swaps, error)
    throw error
  } finally {
    process.removeListener('exit', restoreOnExit)
  }
}

/** The build put back after a failed run; where it cannot be, that is the error that matters, with the run's after it. */
function finishAfter(swaps: Swaps, error: unknown): void {
  try {
    swaps.finish()
  } catch (failed) {
    if (failed instanceof BuildNotRestored) throw new BuildNotRestored(failed.stuck, errorMessage(error))
    throw failed
  }
}

function restoreQuietly(swaps: Swaps): void {
  try {
    swaps.finish()
  } catch {
    // The post step says which paths it could not put back.
  }
}

async function runSides(plan: BenchmarkPlan, swaps: Swaps): Promise<BenchmarkResult | SidesNotTold> {
  const started = Date.now()
  fs.mkdirSync(plan.scratchDir, { recursive: true })
  const asked = methodForFiles(plan)
  const { warmUp, sides } = await warmUpAndJudge(plan, asked, swaps)
  core.info(`The sides: ${sides.how}.`)
  if (!sides.told) return { sides }
  const { method, reason: methodReason } = chooseMethod(asked, warmUp)
  core.info(`Method: ${method}: ${methodReason}`)
  const pairs: Pair[] = []
  let stoppedBecause = ''
  for (let number = 1; !stoppedBecause; number++) {
    pairs.push(await runPair(plan, method, number, swaps))
    stoppedBecause = whyStop(plan, pairs, (Date.now() - started) / 1000)
  }
  const comparison = comparePairs(pairs)
  core.info(
    `${describeResult(comparison)} on ${comparison.metric === 'cpu' ? 'CPU' : 'wall'} time, ${pairs.length} pairs: ${stoppedBecause}`
  )
  return { ...comparison, method, methodReason, pairs, stoppedBecause, seconds: (Date.now() - started) / 1000, sides: sides.how }
}

/** duet cannot put two sides' libraries at one path at once: a library under test makes the sides take turns. */
function methodForFiles(plan: BenchmarkPlan): Method {
  const library = plan.files.find(file => file.library)
  if (plan.method !== 'duet' || !library) return plan.method
  core.warning(
    `benchmark-method duet: ${path.basename(library.path)} is a library, loaded from the path the build wrote, which the two sides cannot hold at once. Running the sides in turns instead.`
  )
  return 'alternate'
}

/** One warm-up run of each side, with the dynamic loader saying what it loaded, read before the other side's files take the paths. */
async function warmUpAndJudge(
  plan: BenchmarkPlan,
  method: Method,
  swaps: Swaps
): Promise<{ warmUp: Record<Side, Measurement>; sides: SidesJudgement }> {
  const hashes = await hashSideFiles(plan.files)
  const warmUp = {} as Record<Side, Measurement>
  const seen = {} as Record<Side, Set<string>>
  for (const side of ['plain', 'optimized'] as const) {
    if (method === 'alternate') swaps.turn(side, 'warm-up')
    if (!hasLoaderRecords()) warmUp[side] = await measure(plan, side, 'warm-up')
    else [warmUp[side], seen[side]] = await warmUpRecorded(plan, side, hashes)
  }
  return { warmUp, sides: hasLoaderRecords() ? judgeSides(hashes, seen) : judgeSidesUnrecorded(hashes, SYSTEM_NAMES[hostSystem()]) }
}

/** A warm-up run with glibc's loader recording the files it loads, and the side files among them, by contents. */
async function warmUpRecorded(plan: BenchmarkPlan, side: Side, hashes: SideHashes[]): Promise<[Measurement, Set<string>]> {
  const debugPrefix = path.join(plan.scratchDir, `loaded-${side}`)
  recordFiles(debugPrefix).forEach(file => fs.rmSync(file, { recursive: true, force: true }))
  const after = lastPid()
  const measurement = await measure(plan, side, 'warm-up', { debugPrefix })
  const upTo = lastPid()
  const records = readLoaderRecords(debugPrefix, after === undefined || upTo === undefined ? undefined : { after, upTo })
  if (records.setAside.length > 0)
    core.warning(
      `Set aside ${records.setAside.length} of the ${side} side's loader records, which its processes did not write as the loader does: ${records.setAside.slice(0, 5).join('; ')}.`
    )
  return [measurement, await contentsSeen(loadedFiles(records.text, plan.cwd), hashes)]
}

/**
 * Why to stop after these pairs, or '' to run another. benchmark-runs auto
 * stops at ±1% or at the budget, but runs the 6 pairs an interval needs
 * whatever the budget (saying so), and 10 where the budget allows.
 */
function whyStop(plan: BenchmarkPlan, pairs: Pair[], elapsed: number): string {
  if (plan.runs !== 'auto') return pairs.length >= plan.runs ? `${plan.runs} pairs, as benchmark-runs asks` : ''
  const perPair = elapsed / (pairs.length + 1)
  const overBudget = elapsed + perPair > plan.budgetSeconds
  if (pairs.length < MIN_PAIRS_FOR_INTERVAL) {
    if (overBudget && pairs.length === MIN_PAIRS_FOR_INTERVAL - 1) {
      core.warning(
        `The benchmark takes ${perPair.toFixed(0)} s a pair: the ${MIN_PAIRS_FOR_INTERVAL} pairs an interval needs go over benchmark-budget ${plan.budgetSeconds} s. ` +
          'Raise benchmark-budget, or give the benchmark less work.'
      )
    }
    return ''
  }
  if (pairs.length < MIN_AUTO_PAIRS && !overBudget) return ''
  const { speedup, interval } = comparePairs(pairs)
  if (relativeHalfWidth(interval, speedup) <= TARGET_HALF_WIDTH) return `the interval is within ±${TARGET_HALF_WIDTH * 100}% of the speedup`
  if (overBudget) return `the time budget of ${plan.budgetSeconds} s (benchmark-budget) would run out with another pair`
  if (pairs.length >= MAX_AUTO_PAIRS) return `${MAX_AUTO_PAIRS} pairs, the most benchmark-runs: auto runs`
  return ''
}

/**
 * Duet runs (Bulej et al., ICPE 2020) cancel noise both sides meet at
 * once, but only where each side has a CPU of its own: on Linux with at
 * least two CPUs and taskset, for a benchmark that keeps to one CPU. They
 * are asked for, not the default: on the machine the action is measured on,
 * noise falls on each CPU apart, and duet intervals came out no narrower
 * than alternate ones (bench/RESULTS.md).
 */
export function chooseMethod(asked: Method, warmUp: Record<Side, Measurement>): { method: Method; reason: string } {
  if (asked === 'alternate') return { method: 'alternate', reason: 'one side after the other, in turns (A B A B …)' }
  const obstacle = duetObstacle(warmUp)
  if (obstacle) {
    core.warning(`benchmark-method duet: ${obstacle}. Running the sides in turns instead.`)
    return { method: 'alternate', reason: `one side after the other, in turns: duet runs are not safe here (${obstacle})` }
  }
  return { method: 'duet', reason: 'both sides at once, each pinned to a CPU of its own, swapping CPUs every pair (benchmark-method duet)' }
}

function duetObstacle(warmUp: Record<Side, Measurement>): string | undefined {
  if (!canPinToCpu()) return 'pinning a process to a CPU needs Linux'
  if (os.availableParallelism() < 2) return 'the runner has one CPU'
  if (!which('taskset')) return 'taskset (util-linux) is not on PATH'
  const shares = [warmUp.plain, warmUp.optimized].map(run => (run.cpu ?? 0) / run.wall)
  if (shares.some(share => share > MULTITHREADED_SHARE)) {
    return `the benchmark used more than one CPU at a time (${Math.round(Math.max(...shares) * 100)}% of its wall time), and the two sides would compete for CPUs`
  }
  return undefined
}

async function runPair(plan: BenchmarkPlan, method: Method, number: number, swaps: Swaps): Promise<Pair> {
  const label = `pair ${number}`
  if (method === 'alternate') {
    swaps.turn('plain', label)
    const plain = await measure(plan, 'plain', label)
    swaps.turn('optimized', label)
    return { plain, optimized: await measure(plan, 'optimized', label) }
  }
  // Each side changes CPU every pair, so a CPU that is slower or busier than the other falls on both.
  const [plainCpu, optimizedCpu] = number % 2 === 1 ? [0, 1] : [1, 0]
  const [plain, optimized] = await Promise.all([
    measure(plan, 'plain', label, { cpu: plainCpu }),
    measure(plan, 'optimized', label, { cpu: optimizedCpu })
  ])
  return { plain, optimized }
}
