import * as core from '../system/log'
import { runBenchmark, type SidesNotTold } from '../benchmark/run-benchmark'
import { pairSideFiles, type Side, type SideFile } from '../benchmark/sides'
import { shipCopies, type ShippedCopy } from '../outputs/shipped-build'
import { displayPath } from '../system/paths'
import { copyProgramsInto } from '../benchmark/copies'
import { BuildNotRestored } from '../benchmark/swap-files'
import { stage } from '../report/stage'
import type { RunReport } from '../report/run-report'
import type { PlainBuild } from './plain-build'
import type { RunContext } from './run-context'
import { prepareWheelEnvironment, type WheelEnvironment } from '../libraries/wheels'
import * as path from 'node:path'
import { describeResult, type BenchmarkResult } from '../benchmark/stats'
import { barChart } from '../report/bar-chart'
import type { Config } from '../config'
import { Output } from '../constants'
import type { StageOutcome } from '../report/stage'
import { ActionError, CommandError } from '../system/errors'
import { removedFilesNamed } from '../system/build-tree'
import { printable } from '../system/untrusted-text'

/**
 * A benchmark that failed on a file the action removed before the
 * optimized build (a workload's output, written into the checkout) gets
 * the reason and the fix after its own output. The names are the
 * checkout's: in code spans, with line breaks written as escapes, so that
 * none can add a line in the action's voice.
 */
function withRemovedFilesNamed(error: unknown, removed: readonly string[], cwd: string): unknown {
  if (!(error instanceof CommandError)) return error
  const named = removedFilesNamed(error.tail.join('\n'), removed, cwd)
  if (named.length === 0) return error
  return new ActionError(
    `${error.message}\nThe action removed ${named.map(name => `\`${printable(name)}\``).join(', ')} before the optimized build: every build after the first starts from the tree as the action found it ` +
      '(make and CMake would reuse the instrumented objects), so what the builds and workloads wrote into working-directory is gone. ' +
      'Write such files to $RUNNER_TEMP, or have the benchmark make them again if they are missing (docs/workloads.md).',
    { cause: error }
  )
}

/** How min-speedup came out, judged by the interval, for the summary. */
export type MinimumOutcome = 'met' | 'not met' | 'undecided'

/** What the two sides run, and where. */
export interface BenchmarkSides {
  dirs: { plain: string; optimized: string; scratch: string; journal: string }
  /** The files both builds wrote at one path. */
  files: SideFile[]
  wheels: Record<Side, string[]>
  /** What the action removed from the checkout before the optimized build, to name when the benchmark fails on it. */
  removedFiles: readonly string[]
  /** Variables every run gets (the toolchain's, for the runner's own programs). */
  env: Record<string, string>
}

/**
 * Runs the benchmark command against each side's programs and reports the
 * speedup, its interval and the verdict, as outputs and in the log, before
 * min-speedup can fail the step.
 */
export async function benchmarkStage(
  config: Config,
  command: string,
  sides: BenchmarkSides
): Promise<StageOutcome<BenchmarkResult | SidesNotTold>> {
  const { dirs, files, wheels, removedFiles, env } = sides
  const environments = await wheelEnvironments(wheels, dirs.scratch, config.workingDirectory)
  const result = await runBenchmark({
    environments,
    command,
    cwd: config.workingDirectory,
    runs: config.benchmarkRuns,
    budgetSeconds: config.benchmarkBudget,
    method: config.benchmarkMethod,
    programDirs: { plain: dirs.plain, optimized: dirs.optimized },
    files,
    scratchDir: dirs.scratch,
    journal: dirs.journal,
    env
  }).catch(error => {
    throw withRemovedFilesNamed(error, removedFiles, config.workingDirectory)
  })
  if (!('verdict' in result)) return noVerdict(result, config.minSpeedup)
  barChart(result).forEach(line => core.info(line))
  setSpeedupOutputs(result)
  if (result.verdict === 'slower' && config.ifSlower === 'warn') core.warning(slowerWarning(result))
  const how = `${result.metric === 'cpu' ? 'CPU' : 'wall'} time, ${result.method}, ${result.pairs.length} pairs`
  return {
    value: result,
    result: `${describeResult(result)}: ${result.verdict}; ${how}`,
    status: result.verdict === 'slower' ? 'warning' : undefined
  }
}

/**
 * Each side's wheels installed in an environment of its own, whose python
 * is first on PATH for that side's runs; none where the builds made no
 * wheels. Made before any timed run.
 */
async function wheelEnvironments(
  wheels: Record<Side, string[]>,
  scratch: string,
  cwd: string
): Promise<Record<Side, WheelEnvironment> | undefined> {
  if (wheels.plain.length === 0 || wheels.optimized.length === 0) return undefined
  const environments = {} as Record<Side, WheelEnvironment>
  for (const side of ['plain', 'optimized'] as const) {
    environments[side] = await prepareWheelEnvironment(path.join(scratch, `python-${side}`), wheels[side], cwd)
    core.info(`The ${side} side's wheels are installed in ${environments[side].venv}, first on PATH for its runs.`)
  }
  return environments
}

/**
 * Sides that ran the same code (or were never seen to run the builds) give
 * no speedup: a verdict would time noise. The step goes on, with a warning,
 * unless min-speedup needs the number.
 */
function noVerdict(result: SidesNotTold, minimum: number | undefined): StageOutcome<SidesNotTold> {
  const why = `the benchmark could not tell its sides apart: ${result.sides.how}`
  const advice =
    'Run the builds the action puts in place: programs by name (first on PATH) or at the paths the build wrote, libraries by name (LD_LIBRARY_PATH) or at their paths, ' +
    "and a wheel's module through python (python -m pytest), which imports it from each side's own environment; a copy the command installs or makes elsewhere must be made again for each side."
  if (minimum !== undefined) throw new ActionError(`min-speedup ${minimum} cannot be judged: ${why}. ${advice}`)
  core.warning(`No speedup is given: ${why}. ${advice}`)
  return { value: result, result: `no verdict: ${why}`, status: 'warning' }
}

function setSpeedupOutputs(result: BenchmarkResult): void {
  core.setOutput(Output.Speedup, result.speedup.toFixed(3))
  if (result.interval) {
    core.setOutput(Output.SpeedupLow, result.interval.low.toFixed(3))
    core.setOutput(Output.SpeedupHigh, result.interval.high.toFixed(3))
  }
  core.setOutput(Output.SpeedupVerdict, result.verdict)
}

function slowerWarning(result: BenchmarkResult): string {
  // The three causes the bench found on real projects (bench/RESULTS.md, "Why ripgrep, oxipng and zstd lose").
  return (
    `The optimized programs are significantly slower than the plain build: ${describeResult(result)}. ` +
    'The usual causes (docs/workloads.md, "When the PGO build is slower"): ' +
    'the benchmark runs code the workload never ran, which the profile cannot speed up and LLVM compiles as cold, for size (train on every kind of input, option and mode your users run; the summary lists the hottest functions); ' +
    'or most of the time goes to code without a profile (C compiled by GCC through the cc crate, prebuilt libraries), where PGO only moves code around; ' +
    'or the profile reorders code laid out by hand (a hand-aligned loop), which no workload fixes: keep the plain build with if-slower: ship-plain. ' +
    'Also check that the profile is stable from run to run (docs/benchmark.md, "Profile stability": randomly seeded hash maps and timing-dependent code make each profile different), ' +
    "and that the optimized build's flags are those of the plain build, with the profile added (the Optimized build group of the log lists them)."
  )
}

/**
 * Judges min-speedup by the interval: the step fails only when the whole
 * interval is below it. An interval that straddles it cannot tell, so that
 * is a warning, and the step goes on.
 */
export function checkMinimumSpeedup(result: BenchmarkResult, minimum: number | undefined): MinimumOutcome | undefined {
  if (minimum === undefined) return undefined
  const interval = result.interval ?? { low: result.speedup, high: result.speedup }
  if (interval.low >= minimum) return 'met'
  if (interval.high < minimum) {
    throw new ActionError(
      `The optimized programs are below min-speedup ${minimum}: the speedup is ${describeResult(result)}, and the whole interval lies below ${minimum}. ` +
        'Check that the workload exercises what the benchmark measures.'
    )
  }
  core.warning(
    `min-speedup ${minimum} is inside the speedup's interval (${describeResult(result)}): the runs cannot tell whether the optimized programs meet it, ` +
      'so the step goes on. A larger benchmark-budget narrows the interval.'
  )
  return 'undecided'
}

/**
 * Plain against optimized; the speedup is set and shown before min-speedup
 * or if-slower can fail the step, and if-slower ship-plain puts the plain
 * build in place of a significantly slower one. Says whether the
 * benchmark could tell the sides apart.
 */
export async function benchmarkOptimized(
  run: RunContext,
  command: string,
  optimized: { programs: string[]; wheels: string[] },
  plain: PlainBuild
): Promise<{ told: boolean; shippedPlain: boolean }> {
  const { config, report, dirs } = run
  const files = pairSideFiles({ plain: plain.copies, optimized: copyProgramsInto(optimized.programs, dirs.benchmark.optimized) })
  const wheels = { plain: plain.wheels, optimized: optimized.wheels }
  const measured = await stage(report, 'Benchmark', async () => {
    const sides = { dirs: dirs.benchmark, files, wheels, removedFiles: run.builder.removedFiles, env: run.toolchain.traits.runnerEnv }
    const outcome = await benchmarkStage(config, command, sides).catch(error => {
      // A path that holds the plain build is no longer an optimized program.
      if (error instanceof BuildNotRestored)
        withdrawPrograms(
          optimized.programs,
          error.stuck.map(({ swap }) => swap.path)
        )
      throw error
    })
    const result = outcome.value
    if (!('verdict' in result)) {
      report.benchmarkUntold = { command, why: result.sides.how }
      return outcome
    }
    const benchmarkReport: NonNullable<RunReport['benchmark']> = { command, result, minSpeedup: config.minSpeedup }
    report.benchmark = benchmarkReport
    try {
      benchmarkReport.minSpeedupOutcome = checkMinimumSpeedup(result, config.minSpeedup)
    } catch (error) {
      benchmarkReport.minSpeedupOutcome = 'not met'
      throw error
    }
    if (result.verdict === 'slower' && config.ifSlower === 'fail')
      throw new ActionError(`${slowerWarning(result)} The step fails, as if-slower is fail.`)
    return outcome
  })
  const shipPlain = 'verdict' in measured && measured.verdict === 'slower' && config.ifSlower === 'ship-plain'
  if (shipPlain) await stage(report, 'Ship plain build', () => shipPlainBuild(run, measured, files, wheels))
  return { told: 'verdict' in measured, shippedPlain: shipPlain }
}

/**
 * The plain build at the build's paths, in place of the slower optimized
 * one: each program and library the benchmark timed, and each wheel by
 * its file name. The outputs and the summary say which build shipped.
 */
async function shipPlainBuild(
  run: RunContext,
  result: BenchmarkResult,
  files: SideFile[],
  wheels: Record<Side, string[]>
): Promise<StageOutcome<void>> {
  const plainWheel = new Map(wheels.plain.map(wheel => [path.basename(wheel), wheel]))
  const copies: ShippedCopy[] = [
    ...files.map(file => ({ path: file.path, copy: file.copies.plain })),
    ...wheels.optimized.map(wheel => ({ path: wheel, copy: plainWheel.get(path.basename(wheel)) ?? '' }))
  ]
  const unpaired = copies.filter(copy => !copy.copy).map(copy => copy.path)
  if (unpaired.length > 0)
    throw new ActionError(`if-slower ship-plain: the plain build made no ${unpaired.join(', ')}, so the optimized build stays in place.`)
  await shipCopies(copies, 'the plain build')
  const shipped = copies.map(copy => displayPath(copy.path, run.config.workingDirectory))
  core.setOutput(Output.Shipped, 'plain')
  run.report.shippedPlain = { files: shipped, speedup: describeResult(result) }
  core.warning(
    `${slowerWarning(result)} As if-slower is ship-plain, the plain build is at the build's paths instead: ${shipped.join(', ')}. The profile is still cached, for a look at what it was trained on.`
  )
  return { value: undefined, result: `the plain build is at ${shipped.join(', ')}`, status: 'warning' }
}

function withdrawPrograms(programs: string[], stuck: string[]): void {
  core.setOutput(Output.Binaries, programs.filter(program => !stuck.includes(program)).join('\n'))
}
