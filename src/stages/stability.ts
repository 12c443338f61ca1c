import * as core from '../system/log'
import * as path from 'node:path'
import type { ProfileKeys } from '../cache/keys'
import { ProfileCache } from '../cache/profile-cache'
import type { Config } from '../config'
import type { ProfileTool } from '../llvm/profile-tool'
import type { ProfileReport, StabilityReport } from '../report/run-report'
import { likelyCauses } from '../report/unstable-causes'
import type { StageOutcome } from '../report/stage'
import { sha256File } from '../system/hash'
import type { RawProfiles } from './run-workloads'
import { profileFileOnly } from './restore-profile'

/** Below this overlap with an earlier profile of the same build, the run warns: the speedup may not repeat. */
export const UNSTABLE_OVERLAP = 0.95

export interface StabilityContext {
  config: Config
  profileTool: ProfileTool
  keys: ProfileKeys
  /** An earlier profile of the same build this run already has (a stale one it replaced). */
  earlier?: { path: string; origin: string }
  /** Where an earlier profile from the cache is put, a directory of the action's own. */
  earlierDir: string
}

/**
 * How much the new profile differs from an earlier one of the same build,
 * where that is cheap to know: a stale profile this run replaced, or with
 * mode generate the newest cached one (a small download). With it, what in
 * the run can make profiles differ: randomly seeded hashing among the
 * hottest functions, or workloads too short to settle.
 */
export async function checkStability(
  context: StabilityContext,
  profile: ProfileReport,
  raw: RawProfiles
): Promise<StageOutcome<StabilityReport>> {
  const earlier = context.earlier ?? (await earlierFromCache(context, profile))
  const causes = likelyCauses(profile, raw.seconds)
  if (!earlier) {
    const report = { causes }
    return { value: report, result: `no earlier profile of this build to compare with${causes.length ? `; ${causes.join('; ')}` : ''}` }
  }
  const identical = (await sha256File(earlier.path)) === profile.sha256
  const overlap = identical ? 1 : await context.profileTool.overlap?.(earlier.path, profile.path)
  const report: StabilityReport = { comparedWith: earlier.origin, identical, overlap, causes: identical ? [] : causes }
  const how = identical ? 'identical to' : overlap === undefined ? 'differs from' : `${(overlap * 100).toFixed(2)}% overlap with`
  const result = `${how} ${earlier.origin}${report.causes.length ? `; ${report.causes.join('; ')}` : ''}`
  if (overlap !== undefined && overlap < UNSTABLE_OVERLAP) {
    core.warning(
      `The new profile overlaps ${earlier.origin} by only ${(overlap * 100).toFixed(1)}%: the same workload trains different profiles, and the speedup may not repeat. ` +
        (report.causes.length
          ? `Likely causes: ${report.causes.join('; ')}.`
          : 'Look for timing-dependent code in the workload, and let it run longer.')
    )
    return { value: report, result, status: 'warning' }
  }
  return { value: report, result }
}

async function earlierFromCache(context: StabilityContext, profile: ProfileReport): Promise<{ path: string; origin: string } | undefined> {
  const { config, keys, earlierDir } = context
  // Only mode generate skips a cached profile it could compare with; auto made a profile because there was none.
  if (config.mode !== 'generate' || !config.cache || !(await ProfileCache.available())) return undefined
  const cache = new ProfileCache(path.join(earlierDir, 'pgo-profile'))
  const outcome = await cache.restore(keys.prefix, profileFileOnly(profile.path))
  if (outcome.kind !== 'hit') return undefined
  return { path: path.join(cache.directory, path.basename(profile.path)), origin: `the cached profile (key ${outcome.key})` }
}
