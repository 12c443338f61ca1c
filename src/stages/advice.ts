import * as core from '../system/log'
import * as fs from 'node:fs'
import { copyProgramsInto } from '../benchmark/copies'
import { runBenchmark } from '../benchmark/run-benchmark'
import { pairSideFiles } from '../benchmark/sides'
import { describeResult, type BenchmarkResult } from '../benchmark/stats'
import { skipStage, stage } from '../report/stage'
import type { AdviceReport } from '../report/run-report'
import type { Amplifying, BuildSettings } from '../settings/settings'
import { ActionError } from '../system/errors'
import { secondsSince } from '../system/exec'
import { runBuildCommand } from './builder'
import { sha256File } from '../system/hash'
import { runnerVariables } from '../targets/go-platforms'
import type { BesideBuild } from '../toolchains/toolchain'
import type { RunContext } from './run-context'

const STAGE = 'LTO advice'

/** What advice: measure times the release against. */
export interface AdviceRequest {
  settings: BuildSettings
  /** The released programs and wheels, as the optimized build left them. */
  released: { programs: string[]; wheels: string[] }
  /** The profile the optimized build used. */
  profile: string
  /** Why the benchmark cannot time a variant here (an emulated target, BOLT, a benchmark without a verdict); undefined when it can. */
  notTimed?: string
}

/**
 * advice: measure. One more optimized build, with the settings that amplify
 * PGO, written beside the release (never over it), then timed against the
 * release as the benchmark times the plain build: paired runs, an interval
 * and a verdict. The released programs are checked to be the optimized
 * build's bytes before and after.
 */
export async function measureAdvice(run: RunContext, request: AdviceRequest): Promise<void> {
  const { report } = run
  const why = await whyNoVariant(run, request)
  if (typeof why === 'string') {
    core.info(`advice: measure builds no variant: ${why}.`)
    skipStage(report, STAGE, why)
    return
  }
  await stage(report, STAGE, async () => {
    const advice = await buildAndTime(run, request, why.amplifying, why.beside)
    report.advice = advice
    return { value: advice, result: describeAdvice(advice), status: advice.result.verdict === 'slower' ? ('warning' as const) : undefined }
  })
}

async function whyNoVariant(run: RunContext, request: AdviceRequest): Promise<string | { amplifying: Amplifying; beside: BesideBuild }> {
  const { config, toolchain, dirs } = run
  if (!config.benchmark) return 'it needs benchmark, to time the variant against the optimized build'
  if (request.notTimed) return request.notTimed
  if (request.released.wheels.length > 0) return 'the build made wheels, and a variant of a wheel is not timed'
  if ('cannot' in request.settings.amplifying) return request.settings.amplifying.cannot
  if (!toolchain.buildBeside) return `toolchain ${toolchain.name} cannot build a second time beside the release`
  const beside = await toolchain.buildBeside(config.build, dirs.advice.build)
  if ('cannot' in beside) return beside.cannot
  const outside = request.released.programs.filter(program => beside.counterpart(program) === undefined)
  if (outside.length > 0) return `${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not in the build's output directory, which the variant's build moves`
  return { amplifying: request.settings.amplifying, beside }
}

async function buildAndTime(run: RunContext, request: AdviceRequest, amplifying: Amplifying, beside: BesideBuild): Promise<AdviceReport> {
  const { dirs } = run
  const { programs } = request.released
  const before = await hashes(programs)
  const releasedCopies = copyProgramsInto(programs, dirs.advice.released)
  const build = await buildVariant(run, request.profile, amplifying, beside)
  await checkReleaseUntouched(programs, before, releasedCopies)
  const counterparts = programs.map(program => beside.counterpart(program) as string)
  const missing = counterparts.filter(file => !fs.existsSync(file))
  if (missing.length > 0) throw new ActionError(`The variant's build wrote no ${missing.join(', ')}: its programs were expected where the release's are, in its own output directory.`)
  const variantCopies = copyProgramsInto(counterparts, dirs.advice.variant)
  const byRelease = new Map(programs.map((program, i) => [program, variantCopies.get(counterparts[i]) as string]))
  const result = await timeVariant(run, releasedCopies, byRelease)
  await checkReleaseUntouched(programs, before, releasedCopies)
  // The variant's whole build tree (every dependency built again) is the action's own, and no longer needed.
  fs.rmSync(dirs.advice.build, { recursive: true, force: true })
  return { change: amplifying.change, apply: amplifying.apply, result, variantSeconds: build.seconds, optimizedSeconds: optimizedSeconds(run), missing: build.missing }
}

async function buildVariant(run: RunContext, profile: string, amplifying: Amplifying, beside: BesideBuild): Promise<{ seconds: number; missing: number }> {
  const { config, toolchain } = run
  const setup = await toolchain.prepareBuild({ kind: 'optimized', profile })
  const started = process.hrtime.bigint()
  let missing: number
  try {
    setup.notes.forEach(note => core.info(note))
    core.info(`For the variant: ${Object.entries({ ...amplifying.variables, ...beside.env }).map(([name, value]) => `${name}=${value}`).join(' ')}`)
    const names = await runBuildCommand(config, toolchain, { ...setup.env, ...amplifying.variables, ...beside.env }, `The variant's build (${amplifying.change})`)
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
    env: runnerVariables(run.toolchain.platforms),
    sides: { labels: { plain: 'PGO', optimized: 'PGO+LTO' }, resident: 'plain', visiting: 'the variant' }
  })
  if (!('verdict' in result)) throw new ActionError(`The benchmark could not tell the release from the variant: ${result.sides.how}.`)
  return result
}

async function hashes(files: string[]): Promise<Map<string, string>> {
  return new Map(await Promise.all(files.map(async file => [file, await sha256File(file)] as const)))
}

/** The released programs must be the optimized build's bytes; one that is not is put back from its copy, and the step fails. */
async function checkReleaseUntouched(programs: string[], before: Map<string, string>, copies: Map<string, string>): Promise<void> {
  const now = await hashes(programs.filter(program => fs.existsSync(program)))
  const changed = programs.filter(program => now.get(program) !== before.get(program))
  if (changed.length === 0) return
  for (const program of changed) {
    const copy = copies.get(program)
    if (copy) fs.copyFileSync(copy, program)
  }
  throw new ActionError(`The variant's build wrote over the released ${changed.join(', ')}; the optimized build's ${changed.length === 1 ? 'file is' : 'files are'} back in place. advice: measure cannot be used with this build command.`)
}

function optimizedSeconds(run: RunContext): number | undefined {
  return run.report.stages.find(row => row.name === 'Optimized build')?.seconds
}

function describeAdvice(advice: AdviceReport): string {
  const extra = advice.optimizedSeconds === undefined ? '' : ` (the optimized build: ${advice.optimizedSeconds.toFixed(1)} s)`
  return `${advice.change} on top of PGO: ${describeResult(advice.result)}: ${advice.result.verdict}; its build took ${advice.variantSeconds.toFixed(1)} s${extra}; never released`
}
