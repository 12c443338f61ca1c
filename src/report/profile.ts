import * as fs from 'node:fs'
import * as core from '../system/log'
import type { ProfileTool } from '../llvm/profile-tool'
import type { ProfileReport } from './run-report'
import { formatNumber } from './format'
import { functionsLine } from './summary'

const HOTTEST_SHOWN = 10

/** What the profile holds, for the log and the summary: functions that ran and the hottest ones. */
export async function describeProfile(tool: ProfileTool, profile: string, sha256: string, origin: string): Promise<ProfileReport> {
  const contents = await tool.contents(profile, HOTTEST_SHOWN)
  const names = await tool.readableNames(contents.hottest.map(fn => fn.name))
  const report: ProfileReport = {
    path: profile,
    sha256,
    bytes: fs.statSync(profile).size,
    origin,
    kind: contents.kind,
    totalFunctions: contents.totalFunctions,
    functionsWithCounts: contents.functionsWithCounts,
    hottest: contents.hottest.map(fn => ({
      name: names.get(fn.name) ?? fn.name,
      maxCount: fn.maxCount,
      share: contents.totalCount === 0 ? 0 : fn.totalCount / contents.totalCount
    })),
    functionNames:
      contents.names && contents.ranCounts ? { all: contents.names, ran: contents.ranCounts, totalCount: contents.totalCount } : undefined
  }
  core.info(`${functionsLine(report)}. Hottest:`)
  for (const fn of report.hottest ?? []) core.info(`  ${formatNumber(fn.maxCount).padStart(14)}  ${fn.name}`)
  return report
}
