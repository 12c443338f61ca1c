import * as core from '@actions/core'
import * as fs from 'node:fs'
import { sha256File } from '../system/hash'
import { describeProfile } from '../report/profile'
import type { ProfileTool } from '../llvm/profile-tool'
import type { ProfileReport } from '../report/run-report'
import type { StageOutcome } from '../report/stage'
import { formatBytes } from '../report/format'
import { functionsLine } from '../report/summary'
import type { RawProfiles } from './workloads'

/** Merges the raw profiles into the one profile the optimized build reads, and describes it. */
export async function mergeProfiles(tool: ProfileTool, raw: RawProfiles, output: string): Promise<StageOutcome<ProfileReport>> {
  const warnings = await tool.merge(raw.files, output)
  warnings.forEach(warning => core.warning(warning))
  const sha256 = await sha256File(output)
  core.info(`Merged ${raw.files.length} raw profiles (${formatBytes(raw.bytes)}) into ${output} (${formatBytes(fs.statSync(output).size)}), sha256 ${sha256}`)
  const profile = { ...(await describeProfile(tool, output, sha256, 'made by this run')), rawFiles: raw.files.length, rawBytes: raw.bytes }
  return {
    value: profile,
    result: `${raw.files.length} raw → ${formatBytes(profile.bytes)}; functions: ${functionsLine(profile)}${warnings.length ? '; some inputs could not be read (see the warnings)' : ''}`,
    status: warnings.length ? 'warning' : undefined
  }
}
