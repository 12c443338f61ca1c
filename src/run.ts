import * as core from '@actions/core'
import { Output } from './constants'
import { errorMessage, InputError } from './errors'
import { secondsSince } from './exec'
import { describeConfig, parseInputs, type Config } from './inputs'
import type { RunReport } from './report'
import { stage } from './stage'
import { instrumentedBuild } from './stages/instrumented-build'
import { mergeProfiles } from './stages/merge'
import { optimizedBuild } from './stages/optimized-build'
import { detectToolchain } from './stages/toolchain'
import { prepareProfileTool } from './stages/tools'
import { runWorkloads } from './stages/workloads'
import { renderSummary } from './summary'
import { prepareWorkDirs } from './workdir'

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
    await pipeline(config, report)
  } catch (error) {
    report.error = errorMessage(error)
    core.setFailed(report.error)
  }
  report.totalSeconds = secondsSince(started)
  await writeSummary(report)
}

async function pipeline(config: Config, report: RunReport): Promise<void> {
  core.setOutput(Output.CacheHit, 'false')
  const toolchain = await stage(report, 'Toolchain', () => detectToolchain(config))
  report.toolchain = `${toolchain.name}: ${toolchain.compiler.description}`
  const dirs = prepareWorkDirs(process.env, toolchain.profileExtension)
  const profdata = await stage(report, 'LLVM tools', () => prepareProfileTool(config, toolchain))

  const instrumented = await stage(report, 'Instrumented build', () => instrumentedBuild(config, toolchain, dirs.rawProfiles))
  const raw = await stage(report, 'Workloads', () => runWorkloads(config, toolchain, instrumented.programs, dirs.rawProfiles))
  const profile = await stage(report, 'Merge', () => mergeProfiles(profdata, raw, dirs.mergedProfile))
  report.profile = profile
  core.setOutput(Output.ProfilePath, profile.path)
  core.setOutput(Output.ProfileHash, profile.sha256)

  const optimized = await stage(report, 'Optimized build', () => optimizedBuild(config, toolchain, profile.path))
  report.fit = optimized.fit
  report.programs = optimized.reports
  core.setOutput(Output.Binaries, optimized.programs.join('\n'))
}

/** Inputs this version declares but does not carry out yet: refused before any work. */
function rejectUnsupported(config: Config): void {
  const unsupported: string[] = []
  if (config.mode === 'use') unsupported.push('mode use')
  if (config.profile) unsupported.push('profile')
  if (config.profileHash) unsupported.push('profile-hash')
  if (config.bolt) unsupported.push('bolt')
  if (config.benchmark) unsupported.push('benchmark')
  if (config.uploadArtifact) unsupported.push('upload-artifact')
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
