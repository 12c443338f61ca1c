import * as core from '@actions/core'
import { errorMessage } from './system/errors'
import { secondsSince } from './system/exec'
import { describeConfig, parseInputs } from './inputs'
import { runPipeline } from './pipeline'
import type { RunReport } from './report/run-report'
import { renderSummary } from './report/summary'

/** The action's entry point: validate everything, run the pipeline, always write the summary. */
export async function run(): Promise<void> {
  const started = process.hrtime.bigint()
  const report: RunReport = { stages: [] }
  try {
    const config = parseInputs(name => core.getInput(name), { workspace: process.env.GITHUB_WORKSPACE || process.cwd() })
    core.startGroup('Configuration')
    describeConfig(config).forEach(line => core.info(line))
    core.endGroup()
    await runPipeline(config, report)
  } catch (error) {
    report.error = errorMessage(error)
    core.setFailed(report.error)
  }
  report.totalSeconds = secondsSince(started)
  await writeSummary(report)
}

async function writeSummary(report: RunReport): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    await core.summary.addRaw(renderSummary(report)).write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${errorMessage(error)}`)
  }
}
