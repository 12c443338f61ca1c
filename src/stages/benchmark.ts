import { runBenchmark } from '../benchmark/runner'
import { describeSpeedup, formatTime, type BenchmarkResult } from '../benchmark/stats'
import type { Config } from '../config'
import type { StageOutcome } from '../report/stage'
import { ActionError } from '../system/errors'

/** Runs the benchmark command against each side's programs, plain first, in turns. */
export async function benchmarkStage(config: Config, command: string, programDirs: { plain: string; optimized: string }): Promise<StageOutcome<BenchmarkResult>> {
  const result = await runBenchmark(command, { cwd: config.workingDirectory, runs: config.benchmarkRuns, programDirs })
  return { value: result, result: `${result.speedup.toFixed(3)}× (${describeSpeedup(result.speedup)}), medians of ${config.benchmarkRuns} runs each` }
}

/** Fails the step when the speedup is below what the workflow asked for. */
export function checkMinimumSpeedup(result: BenchmarkResult, minimum: number | undefined): void {
  if (minimum === undefined || result.speedup >= minimum) return
  throw new ActionError(
    `The optimized programs ran ${result.speedup.toFixed(3)}× as fast as the plain build (median ${formatTime(result.optimized.median)} against ` +
      `${formatTime(result.baseline.median)}), below min-speedup ${minimum}. Check that the workload exercises what the benchmark measures.`
  )
}

