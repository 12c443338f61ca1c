// The action, as the bench runs it: dist/ through the runner harness, with
// the local cache and artifact services standing in for GitHub's.
import { LocalActionsServices } from '../../__tests__/support/actions-services'
import { runStep, type Job, type StepResult } from '../../__tests__/support/runner'

export interface ActionRun {
  result: StepResult
  /** Wall time of the whole step, as a workflow would see it. */
  seconds: number
}

export async function runAction(job: Job, workspace: string, inputs: Record<string, string>, services?: LocalActionsServices): Promise<ActionRun> {
  const own = services ?? (await LocalActionsServices.start())
  try {
    const started = process.hrtime.bigint()
    const result = await runStep({ job, workspace, inputs, env: own.env() })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    if (result.exitCode !== 0) throw new Error(`the action failed on ${workspace}:\n${result.log.split('\n').slice(-40).join('\n')}`)
    return { result, seconds }
  } finally {
    if (!services) await own.stop()
  }
}

/** The numbers of the summary's benchmark table: each side's median, and the speedup. */
export function benchmarkFigures(result: StepResult): { plain: string; optimized: string; speedup: number } {
  const section = result.summary.slice(result.summary.indexOf('### Benchmark'))
  const row = (label: string) => new RegExp(`\\| ${label} \\| ([^|]+) \\|`).exec(section)?.[1].trim() ?? '?'
  return { plain: row('Plain build'), optimized: row('Optimized build'), speedup: Number(result.outputs.speedup) }
}
