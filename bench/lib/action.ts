// The action, as the bench runs it: dist/ through the runner harness, with
// the local cache and artifact services standing in for GitHub's.
import { LocalActionsServices } from '../../__tests__/support/actions-services'
import { runStep, type Job, type StepResult } from '../../__tests__/support/runner'

export interface ActionRun {
  result: StepResult
  /** Wall time of the whole step, as a workflow would see it. */
  seconds: number
}

export async function runAction(
  job: Job,
  workspace: string,
  inputs: Record<string, string>,
  services?: LocalActionsServices,
  env: Record<string, string> = {}
): Promise<ActionRun> {
  const own = services ?? (await LocalActionsServices.start())
  try {
    const started = process.hrtime.bigint()
    const result = await runStep({ job, workspace, inputs, env: { ...env, ...own.env() } })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    if (result.exitCode !== 0) throw new Error(`the action failed on ${workspace}:\n${result.log.split('\n').slice(-40).join('\n')}`)
    return { result, seconds }
  } finally {
    if (!services) await own.stop()
  }
}

export interface BenchmarkFigures {
  plain: string
  optimized: string
  speedup: number
  /** "1.071–1.097", the 95% interval. */
  interval: string
  verdict: string
  /** "CPU, 24 pairs, duet". */
  how: string
}

/** The numbers of the summary's benchmark table and the outputs: each side's median, the speedup, its interval and verdict. */
export function benchmarkFigures(result: StepResult): BenchmarkFigures {
  const section = result.summary.slice(result.summary.indexOf('### Benchmark'))
  const row = (label: string) => new RegExp(`\\| ${label} \\| ([^|]+) \\|`).exec(section)?.[1].trim() ?? '?'
  const pairs = /- (\d+) pairs after a warm-up/.exec(section)?.[1] ?? '?'
  const metric = /- Compared on (CPU|wall) time/.exec(section)?.[1] ?? '?'
  const method = /\((alternate|duet)\)\.<\/sub>/.exec(result.summary)?.[1] ?? '?'
  return {
    plain: row('Plain build'),
    optimized: row('Optimized build'),
    speedup: Number(result.outputs.speedup),
    interval: `${result.outputs['speedup-low']}–${result.outputs['speedup-high']}`,
    verdict: result.outputs['speedup-verdict'],
    how: `${metric}, ${pairs} pairs, ${method}`
  }
}

/** A stage's time from the summary's stage table: "| ✅ | Workloads | … | 12.3 s |" or "… | 1 min 05 s |". */
export function stageSeconds(summary: string, stage: string): number {
  const row = summary.split('\n').find(line => line.includes(`| ${stage} |`))
  const time = row && /\| (?:(\d+) min )?([\d.]+) s \|\s*$/.exec(row)
  if (!time) throw new Error(`the summary has no time for the ${stage} stage`)
  return Number(time[1] ?? 0) * 60 + Number(time[2])
}
