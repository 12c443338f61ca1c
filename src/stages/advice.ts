import * as core from '../system/log'
import * as fs from 'node:fs'
import { copyProgramsInto } from '../benchmark/copies'
import { runBenchmark } from '../benchmark/run-benchmark'
import { pairSideFiles } from '../benchmark/sides'
import { describeResult, type BenchmarkResult } from '../benchmark/stats'
import { barChart } from '../report/bar-chart'
import { skipStage, stage } from '../report/stage'
import type { AdviceReport } from '../report/run-report'
import type { Amplifying, BuildSettings } from '../settings/settings'
import { ActionError, errorMessage } from '../system/errors'
import { secondsSince } from '../system/exec'
import { runBuildCommand } from './builder'
import { profileVariant } from './variant-profile'
import { shipDecision } from './ship-decision'
import { BuildNotRestored } from '../benchmark/swap-files'
import { keepRelease, putReleaseBack, ReleaseLost } from '../outputs/kept-release'
import { shipCopies, type ShippedCopy } from '../outputs/shipped-build'
import { Output } from '../constants'
import { displayPath } from '../system/paths'
import type { BesideBuild } from '../toolchains/toolchain'
import type { RunContext } from './run-context'

const STAGE = 'LTO advice'
/** The sides of the variant's benchmark, as the log and the chart name them. */
const VARIANT_LABELS = { plain: 'PGO', optimized: 'PGO+LTO' }

/** What advice: measure times the release against. */
export interface AdviceRequest {
  settings: BuildSettings
  /** The released programs and wheels, as the optimized build left them, and the functions its build had no profile data for. */
  released: { programs: string[]; wheels: string[]; missing?: number }
  /** How long the optimized build took, to set the variant's beside. */
  optimizedSeconds?: number
  /** What the run found that decides whether a variant can be timed fairly. */
  timing: {
    /** Why the benchmark ran elsewhere than on this runner (an emulated target), where it did. */
    measuredElsewhere?: string
    /** BOLT rewrote the released programs. */
    bolted: boolean
    /** The benchmark told the plain build from the optimized one. */
    benchmarkTold: boolean
    /** if-slower ship-plain put the plain build in the release's place. */
    shippedPlain: boolean
  }
}

/**
 * advice: measure. One more optimized build, with the settings that amplify
 * PGO, written beside the release (never over it), then timed against the
 * release as the benchmark times the plain build: paired runs, an interval
 * and a verdict. The released programs are checked to be the optimized
 * build's bytes before and after.
 */
export async function measureAdvice(run: RunContext, request: AdviceRequest): Promise<void> {
  const { report, dirs } = run
  const plan = await variantPlan(run, request)
  if ('cannot' in plan) {
    core.info(`advice: measure builds no variant: ${plan.cannot}.`)
    skipStage(report, STAGE, plan.cannot)
    return
  }
  await stage(report, STAGE, async () => {
    try {
      const { advice, variantFiles } = await buildAndTime(run, request, plan)
      // The release's copies are needed no more once it is back whole; where it is not, they stay (see below).
      fs.rmSync(dirs.advice.kept, { recursive: true, force: true })
      if (run.config.advice === 'ship-if-faster') advice.shipping = await shipIfFaster(run, advice, variantFiles, request.released.missing)
      report.advice = advice
      return {
        value: advice,
        result: describeAdvice(advice),
        status: advice.result.verdict === 'slower' ? ('warning' as const) : undefined
      }
    } catch (error) {
      // The release is whole and at its paths unless one of these says otherwise.
      // Then the action's copies of the release stay in its directory, which the error names.
      if (error instanceof ReleaseLost || error instanceof BuildNotRestored) throw error
      fs.rmSync(dirs.advice.kept, { recursive: true, force: true })
      core.warning(
        `advice: measure gives no verdict: ${errorMessage(error)}\nThe release is the optimized build, whole and in place, and the step goes on.`
      )
      return { value: undefined, result: `no verdict: ${errorMessage(error).split('\n')[0]}`, status: 'warning' as const }
    } finally {
      // The variant's whole build tree (every dependency built again) is the action's own, and no longer needed, however its build ended.
      fs.rmSync(dirs.advice.build, { recursive: true, force: true })
      fs.rmSync(dirs.advice.profile, { recursive: true, force: true })
    }
  })
}

/** How the variant is built (its settings, and where its build writes), or why it cannot be: the one place that answers that. */
async function variantPlan(
  run: RunContext,
  request: AdviceRequest
): Promise<{ cannot: string } | { amplifying: Amplifying; beside: BesideBuild }> {
  const { config, toolchain, dirs } = run
  const { timing } = request
  if (timing.measuredElsewhere) return { cannot: timing.measuredElsewhere }
  if (timing.shippedPlain)
    return { cannot: 'the plain build was shipped (if-slower: ship-plain), so there is no PGO release to time a variant against' }
  if (timing.bolted) return { cannot: 'BOLT rewrote the released programs, and the variant would be timed without BOLT' }
  if (!timing.benchmarkTold)
    return { cannot: 'the benchmark could not tell the plain build from the optimized one, so it could not tell a variant either' }
  if (request.released.wheels.length > 0) return { cannot: 'the build made wheels, and a variant of a wheel is not timed' }
  if ('cannot' in request.settings.amplifying) return request.settings.amplifying
  if (!toolchain.beside) return { cannot: `toolchain ${toolchain.spec.name} cannot build a second time beside the release` }
  const beside = await toolchain.beside.build(config.build, dirs.advice.build)
  if ('cannot' in beside) return beside
  const outside = request.released.programs.filter(program => beside.counterpart(program) === undefined)
  if (outside.length > 0)
    return {
      cannot: `${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not in the build's output directory, which the variant's build moves`
    }
  return { amplifying: request.settings.amplifying, beside }
}

/**
 * The variant built and timed. The released programs are kept in the
 * action's directory first: whatever the build command does to them, they
 * are back at their paths, byte for byte, after the build and after the
 * timing, and a warning says what it did.
 */
async function buildAndTime(
  run: RunContext,
  request: AdviceRequest,
  plan: { amplifying: Amplifying; beside: BesideBuild }
): Promise<{ advice: AdviceReport; variantFiles: ShippedCopy[] }> {
  const { dirs } = run
  const { amplifying, beside } = plan
  const { programs } = request.released
  const release = await keepRelease(programs, dirs.advice.kept)
  let build: { seconds: number; missing: number }
  try {
    const started = process.hrtime.bigint()
    const profile = await profileVariant(run, programs, amplifying, beside)
    const profiling = secondsSince(started)
    build = await buildVariant(run, profile, amplifying, beside)
    build.seconds += profiling
  } finally {
    warnIf(await putReleaseBack(release, "The variant's build"))
  }
  const releaseMissing = request.released.missing ?? 0
  if (build.missing > releaseMissing)
    throw new ActionError(
      `the variant's build had ${build.missing} functions without profile data, against the release's ${releaseMissing}: ` +
        'a verdict would compare a partly profiled build with a fuller one, and call the difference LTO'
    )
  const counterparts = programs.map(program => beside.counterpart(program) as string)
  const missing = counterparts.filter(file => !fs.existsSync(file))
  if (missing.length > 0)
    throw new ActionError(
      `The variant's build wrote no ${missing.join(', ')}: its programs were expected where the release's are, in its own output directory.`
    )
  const releasedCopies = copyProgramsInto(programs, dirs.advice.released)
  const variantCopies = copyProgramsInto(counterparts, dirs.advice.variant)
  const byRelease = new Map(programs.map((program, i) => [program, variantCopies.get(counterparts[i]) as string]))
  try {
    const result = await timeVariant(run, releasedCopies, byRelease)
    const advice = {
      change: amplifying.change,
      apply: amplifying.apply,
      result,
      variantSeconds: build.seconds,
      optimizedSeconds: request.optimizedSeconds,
      missing: build.missing
    }
    return { advice, variantFiles: [...byRelease].map(([path, copy]) => ({ path, copy })) }
  } finally {
    warnIf(await putReleaseBack(release, "The variant's benchmark"))
  }
}

/**
 * advice: ship-if-faster. The variant goes to the build's paths only when
 * it is significantly faster and as fully profiled as the release (no
 * more functions without profile data): a variant that lost part of the
 * profile was not timed fairly. Says what was done, and why.
 */
async function shipIfFaster(
  run: RunContext,
  advice: AdviceReport,
  variantFiles: ShippedCopy[],
  releaseMissing: number | undefined
): Promise<NonNullable<AdviceReport['shipping']>> {
  const decision = shipDecision(advice.result.verdict, advice.missing, releaseMissing)
  if (!decision.ship) {
    if (decision.unfair) core.warning(`advice: ship-if-faster keeps the release: ${decision.why}.`)
    return { shipped: false, why: decision.why }
  }
  await shipCopies(variantFiles, 'the variant')
  core.setOutput(Output.Shipped, 'variant')
  const paths = variantFiles.map(file => displayPath(file.path, run.config.workingDirectory))
  core.info(`advice: ship-if-faster: the variant (${advice.change}) is at ${paths.join(', ')}.`)
  return { shipped: true, why: `it was significantly faster (${describeResult(advice.result)}) and as fully profiled`, paths }
}

function warnIf(message: string | undefined): void {
  if (message) core.warning(message)
}

async function buildVariant(
  run: RunContext,
  profile: string,
  amplifying: Amplifying,
  beside: BesideBuild
): Promise<{ seconds: number; missing: number }> {
  const { config, toolchain } = run
  const setup = await toolchain.prepareBuild({ kind: 'optimized', profile })
  const started = process.hrtime.bigint()
  let missing: number
  try {
    setup.notes.forEach(note => core.info(note))
    core.info(
      `For the variant: ${Object.entries({ ...amplifying.variables, ...beside.env })
        .map(([name, value]) => `${name}=${value}`)
        .join(' ')}`
    )
    core.info(`Where they would win for good: ${amplifying.apply.map(place => `${place.where}: ${place.lines.join(' ')}`).join('; and ')}.`)
    const names = await runBuildCommand(
      config,
      toolchain,
      { ...setup.env, ...amplifying.variables, ...beside.env },
      `The variant's build (${amplifying.change})`
    )
    missing = names.missing.size
  } finally {
    setup.cleanup?.()
  }
  const seconds = secondsSince(started)
  core.info(`The variant's build took ${seconds.toFixed(1)} s; ${missing} functions without profile data.`)
  return { seconds, missing }
}

/** The release against the variant: the release's files stay at their paths, and the variant's visit them in its turns. */
async function timeVariant(run: RunContext, released: Map<string, string>, variant: Map<string, string>): Promise<BenchmarkResult> {
  const { config, dirs } = run
  const result = await runBenchmark({
    command: config.benchmark as string,
    cwd: config.workingDirectory,
    runs: config.benchmarkRuns,
    budgetSeconds: config.benchmarkBudget,
    method: config.benchmarkMethod,
    programDirs: { plain: dirs.advice.released, optimized: dirs.advice.variant },
    files: pairSideFiles({ plain: released, optimized: variant }),
    scratchDir: dirs.advice.scratch,
    journal: dirs.benchmark.journal,
    env: run.toolchain.traits.runnerEnv,
    sides: { labels: VARIANT_LABELS, resident: 'plain', visiting: 'the variant' }
  })
  if (!('verdict' in result)) throw new ActionError(`The benchmark could not tell the release from the variant: ${result.sides.how}.`)
  barChart(result, VARIANT_LABELS).forEach(line => core.info(line))
  return result
}

function describeAdvice(advice: AdviceReport): string {
  const extra = advice.optimizedSeconds === undefined ? '' : ` (the optimized build: ${advice.optimizedSeconds.toFixed(1)} s)`
  const released = advice.shipping?.shipped ? 'shipped in place of the release' : 'never released'
  return `${advice.change} on top of PGO: ${describeResult(advice.result)}: ${advice.result.verdict}; its profile and build took ${advice.variantSeconds.toFixed(1)} s${extra}; ${released}`
}
