import * as core from '@actions/core'
import { errorMessage, InputError } from './errors'
import { secondsSince } from './exec'
import { describeConfig, parseInputs, type Config } from './inputs'
import { runPipeline } from './pipeline'
import type { RunReport } from './report'
import { renderSummary } from './summary'

/** The action's entry point: validate everything, run the pipeline, always write the summary. */
export async function run(): Promise<void> {
  const started = process.hrtime.bigint()
  const report: RunReport = { stages: [] }
  try {
    const config = parseInputs(name => core.getInput(name), { workspace: process.env.GITHUB_WORKSPACE || process.cwd() })
    rejectUnsupported(config)
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

/** Inputs this version declares but does not carry out yet: refused before any work. */
function rejectUnsupported(config: Config): void {
  const unsupported: string[] = []
  if (config.benchmark) unsupported.push('benchmark')
  if (unsupported.length > 0) {
    throw new InputError(unsupported.map(what => `${what} is not supported yet by this version of the action.`))
  }
}

async function writeSummary(report: RunReport): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    await core.summary.addRaw(renderSummary(report)).write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${errorMessage(error)}`)
  }
}
