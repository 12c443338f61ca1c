import * as core from '../system/log'
import { errorMessage } from '../system/errors'
import { secondsSince } from '../system/exec'
import { formatSeconds } from './format'
import type { RunReport } from './run-report'

export interface StageOutcome<T> {
  value: T
  /** One line for the stage's row in the summary. */
  result: string
  /** 'warning' when the stage could not do its part but the build goes on (a cache failure). */
  status?: 'warning'
}

/** Runs one pipeline stage in its own log group and records its row in the summary. */
export async function stage<T>(report: RunReport, name: string, body: () => Promise<StageOutcome<T>>): Promise<T> {
  const started = process.hrtime.bigint()
  core.startGroup(name)
  let outcome: StageOutcome<T>
  try {
    outcome = await body()
  } catch (error) {
    core.endGroup()
    report.stages.push({ name, status: 'failed', result: errorMessage(error).split('\n')[0], seconds: secondsSince(started) })
    throw error
  }
  core.endGroup()
  const seconds = secondsSince(started)
  report.stages.push({ name, status: outcome.status ?? 'done', result: outcome.result, seconds })
  core.info(`${name}: ${outcome.result} (${formatSeconds(seconds)})`)
  return outcome.value
}

export function skipStage(report: RunReport, name: string, reason: string): void {
  report.stages.push({ name, status: 'skipped', result: reason, seconds: 0 })
  core.info(`${name}: skipped, ${reason}`)
}
