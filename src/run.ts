import * as core from './system/log'
import { errorMessage } from './system/errors'
import { commandShell, secondsSince } from './system/exec'
import { describeConfig, parseInputs } from './inputs'
import { runPipeline } from './pipeline'
import type { RunReport } from './report/run-report'
import { renderSummary } from './report/summary'

/** The action's entry point: validate everything, run the pipeline, always write the summary. */
export async function run(): Promise<void> {
  const started = process.hrtime.bigint()
  const report: RunReport = { stages: [] }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stopped(report, started, signal))
  try {
    const config = parseInputs(name => core.getInput(name), { workspace: process.env.GITHUB_WORKSPACE || process.cwd() })
    // Found before any work: a runner without the shell fails here, not after a build.
    const shell = commandShell()
    core.startGroup('Configuration')
    describeConfig(config).forEach(line => core.info(line))
    core.info(`Shell for build, workload and benchmark: ${shell.origin}`)
    core.endGroup()
    await runPipeline(config, report)
  } catch (error) {
    report.error = errorMessage(error)
    core.setFailed(report.error)
  }
  report.totalSeconds = secondsSince(started)
  await writeSummary(report)
}

/**
 * A SIGTERM or SIGINT ends the step, from whoever sent it: a workload that
 * killed its parent (kill $PPID), or the runner cancelling the job. It still
 * gets a clear error and its summary, with the stages done so far.
 */
async function stopped(report: RunReport, started: bigint, signal: NodeJS.Signals): Promise<void> {
  report.error =
    `The action was stopped by ${signal} after ${report.stages.length} stage${report.stages.length === 1 ? '' : 's'}. ` +
    'A command it ran may have sent it (a workload or build that kills its parent process, such as kill $PPID), or the job was cancelled. ' +
    'Check that no command signals its parent.'
  core.setFailed(report.error)
  report.totalSeconds = secondsSince(started)
  await writeSummary(report)
  process.exit(1)
}

async function writeSummary(report: RunReport): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    await core.summary.addRaw(renderSummary(report)).write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${errorMessage(error)}`)
  }
}
