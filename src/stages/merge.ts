import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { MergeOutcome, ProfileTool } from '../llvm/profile-tool'
import { count, formatBytes, percent } from '../report/format'
import { describeProfile } from '../report/profile'
import type { ProfileReport, ProgramProfileReport } from '../report/run-report'
import type { StageOutcome } from '../report/stage'
import { functionsLine } from '../report/summary'
import { ActionError } from '../system/errors'
import { sha256File } from '../system/hash'
import type { ProgramRawProfiles } from '../workloads/program-profiles'
import type { RawProfiles } from './run-workloads'

/**
 * The share of raw profiles that may be unreadable before the merge fails.
 * A crashed process leaves a truncated file, and one of many costs little;
 * more than a tenth of them (and more than one) points at something
 * systematic (a workload that kills its programs, a full disk), and a
 * profile from what is left would not represent the workload.
 */
export const DROPPED_SHARE_LIMIT = 0.1

/**
 * Merges the raw profiles into the one profile the optimized build reads,
 * and describes it. When the workloads wrote profiles for one program at a
 * time, each program's are merged too, into `programDir`: the profile of
 * all of them is still the one reported, cached and uploaded.
 */
export async function mergeProfiles(
  tool: ProfileTool,
  raw: RawProfiles,
  output: string,
  programDir: string
): Promise<StageOutcome<ProfileReport>> {
  const outcome = await tool.merge(
    raw.files.map(file => ({ file })),
    output
  )
  const dropped = judgeDropped(outcome, raw.files.length)
  const sha256 = await sha256File(output)
  const merged = raw.files.length - outcome.dropped.length
  core.info(
    `Merged ${count(merged, 'raw profile')} (${formatBytes(raw.bytes)}) into ${output} (${formatBytes(fs.statSync(output).size)}), sha256 ${sha256}`
  )
  const programProfiles = raw.byProgram ? await mergeEachProgram(tool, raw.byProgram, outcome, programDir, path.extname(output)) : undefined
  const profile = {
    ...(await describeProfile(tool, output, sha256, 'made by this run')),
    rawFiles: merged,
    rawBytes: raw.bytes,
    programProfiles
  }
  const perProgram = programProfiles ? `; one per program: ${programProfiles.map(entry => entry.name).join(', ')}` : ''
  return {
    value: profile,
    result: `${merged} raw → ${formatBytes(profile.bytes)}; functions: ${functionsLine(profile)}${perProgram}${dropped ? `; ${dropped}` : ''}`,
    status: dropped ? 'warning' : undefined
  }
}

/** Each program's profile: the raw profiles for every program and its own, without those the first merge could not read. */
async function mergeEachProgram(
  tool: ProfileTool,
  byProgram: ProgramRawProfiles[],
  first: MergeOutcome,
  dir: string,
  extension: string
): Promise<ProgramProfileReport[]> {
  const unreadable = new Set(first.dropped.map(entry => entry.file))
  fs.mkdirSync(dir, { recursive: true })
  const reports: ProgramProfileReport[] = []
  for (const { program, name, files } of byProgram) {
    const readable = files.filter(file => !unreadable.has(file))
    if (readable.length === 0)
      throw new ActionError(`None of the raw profiles for ${name} could be read: ${files.map(file => path.basename(file)).join(', ')}.`)
    const profile = path.join(dir, `${name}${extension}`)
    await tool.merge(
      readable.map(file => ({ file })),
      profile
    )
    const sha256 = await sha256File(profile)
    core.info(`${name}: merged ${readable.length} raw profiles into ${profile}, sha256 ${sha256}`)
    reports.push({ program, name, profile, sha256, rawFiles: readable.length })
  }
  return reports
}

/**
 * Raw profiles the tool could not read: a warning naming each, when they
 * are few; the step fails when they are more than DROPPED_SHARE_LIMIT of
 * them. Returns the stage row's words for them. `profile` names whose
 * profile it is in the messages when it is not the release's.
 */
export function judgeDropped(outcome: MergeOutcome, total: number, profile?: string): string | undefined {
  const { dropped } = outcome
  if (dropped.length === 0) return undefined
  const share = dropped.length / total
  const list = dropped.map(entry => `${path.basename(entry.file)} (${entry.reason})`).join(', ')
  const counted = `${dropped.length} of the ${total} raw profiles${profile ? ` for ${profile}` : ''} (${percent(dropped.length, total)})`
  if (share > DROPPED_SHARE_LIMIT && dropped.length > 1) {
    throw new ActionError(
      `${counted} could not be read, more than the ${DROPPED_SHARE_LIMIT * 100}% a merge may leave out: ${list}. ` +
        'Processes that crash or are killed while they write their profile leave such files: check that the workload lets the programs exit normally.'
    )
  }
  core.warning(`${counted} could not be read and were left out of ${profile ? 'it' : 'the profile'}: ${list}. It is merged from the rest.`)
  return `${dropped.length} unreadable raw profile${dropped.length === 1 ? '' : 's'} left out`
}
