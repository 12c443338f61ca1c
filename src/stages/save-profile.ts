import * as core from '@actions/core'
import { pinnedKey, type ProfileKeys } from '../cache-keys'
import type { ProfileCache } from '../profile-cache'
import type { StageOutcome } from '../stage'

/**
 * Saves a new profile under two keys: the fingerprint key that `mode: auto`
 * finds by prefix, and a key of its hash alone that `profile-hash` finds
 * even after the build or workload changed.
 */
export async function saveProfile(cache: ProfileCache, keys: ProfileKeys, sha256: string): Promise<StageOutcome<string | undefined>> {
  const key = keys.keyFor(sha256)
  if ((await cache.save(key)) === 'saved') {
    await cache.save(pinnedKey(sha256))
    core.info(`Saved the profile as ${key}`)
    return { value: key, result: `saved as ${key}` }
  }
  // A workload that is fully deterministic makes the same profile again, and the key exists.
  if (await cache.has(key)) return { value: key, result: `already in the cache as ${key}` }
  // The cache library reports most refusals as an info line; say it as the warning it is.
  core.warning(`The profile was not saved to the cache (the cache's reason is in the log above); the next run will make it again.`)
  return { value: undefined, result: 'not saved: the cache declined it (see the log)', status: 'warning' }
}
