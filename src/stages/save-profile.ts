import * as core from '../system/log'
import { pinnedKeyFor, type ProfileKeys } from '../cache/keys'
import type { ProfileCache } from '../cache/profile-cache'
import type { StageOutcome } from '../report/stage'

/**
 * Saves a new profile under two keys: the fingerprint key that `mode: auto`
 * finds by prefix, and a key of its hash alone that `profile-hash` finds
 * even after the build or workload changed.
 */
export async function saveProfile(cache: ProfileCache, keys: ProfileKeys, sha256: string): Promise<StageOutcome<string | undefined>> {
  const key = keys.keyFor(sha256)
  const saved = await cache.save(key)
  // Another step of this run may have saved the same profile made the same way.
  if (!saved.saved && !(await cache.has(key))) {
    core.warning(`The profile was not saved to the cache: ${saved.reason ?? 'the cache declined it'}. The next run will make it again.`)
    return { value: undefined, result: `not saved: ${saved.reason ?? 'the cache declined it'}`, status: 'warning' }
  }
  const pinned = pinnedKeyFor(sha256, keys.runTag)
  const pinnedSaved = await cache.save(pinned)
  if (!pinnedSaved.saved && !(await cache.has(pinned))) {
    core.warning(
      `The profile was not saved under ${pinned}, so profile-hash ${sha256.slice(0, 12)}… will not find it: ${pinnedSaved.reason ?? 'the cache declined it'}.`
    )
  }
  if (!saved.saved) return { value: key, result: `already in the cache as ${key}` }
  core.info(`Saved the profile as ${key}`)
  return { value: key, result: `saved as ${key}` }
}
