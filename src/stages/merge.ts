import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { sha256File } from '../hash'
import type { LlvmProfdata } from '../llvm/profdata'
import { readableNames } from '../llvm/readable-names'
import type { ProfileReport } from '../report'
import type { StageOutcome } from '../stage'
import { formatBytes, formatNumber } from '../summary'
import type { RawProfiles } from './workloads'

const HOTTEST_SHOWN = 10

/** Merges the raw profiles into the one profile the optimized build reads, and describes it. */
export async function mergeProfiles(profdata: LlvmProfdata, raw: RawProfiles, output: string): Promise<StageOutcome<ProfileReport>> {
  await profdata.merge(raw.files, output)
  const [sha256, contents] = await Promise.all([sha256File(output), profdata.contents(output, HOTTEST_SHOWN)])
  const names = await readableNames(contents.hottest.map(fn => fn.name), path.dirname(profdata.tool.path))
  const profile: ProfileReport = {
    path: output,
    sha256,
    bytes: fs.statSync(output).size,
    rawFiles: raw.files.length,
    rawBytes: raw.bytes,
    totalFunctions: contents.totalFunctions,
    functionsWithCounts: contents.functionsWithCounts,
    hottest: contents.hottest.map(fn => ({
      name: names.get(fn.name) ?? fn.name,
      maxCount: fn.maxCount,
      share: contents.totalCount === 0 ? 0 : fn.totalCount / contents.totalCount
    }))
  }
  core.info(`Merged ${raw.files.length} raw profiles (${formatBytes(raw.bytes)}) into ${output} (${formatBytes(profile.bytes)}), sha256 ${sha256}`)
  core.info(`${formatNumber(contents.functionsWithCounts)} of ${formatNumber(contents.totalFunctions)} functions ran. Hottest:`)
  for (const fn of profile.hottest ?? []) core.info(`  ${formatNumber(fn.maxCount).padStart(14)}  ${fn.name}`)
  return {
    value: profile,
    result: `${raw.files.length} raw → ${formatBytes(profile.bytes)}; ${formatNumber(contents.functionsWithCounts)} of ${formatNumber(contents.totalFunctions)} functions ran`
  }
}
