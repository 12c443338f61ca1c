import * as core from '../system/log'
import * as fs from 'node:fs'
import { damagedProfile, misfit, readBoltProfileSet, unlistedFiles, type BoltProfileSet, type PgoProgram } from './profile-set'
import type { Config } from '../config'
import { ProfileCache } from '../cache/profile-cache'
import type { StageOutcome } from '../report/stage'

export interface BoltCacheContext {
  cache: ProfileCache
  /** The directory the cache saves: the BOLT profiles and their manifest. */
  dir: string
  /** The key prefix of the BOLT profiles for this PGO profile and these exact programs. */
  prefix: string
}

/**
 * Restores the newest BOLT profiles made with the same PGO profile on the
 * same programs. The key names the programs' hashes, and the manifest
 * inside is checked against them and against its profile files: a profile
 * recorded on other bytes would steer llvm-bolt wrong, so a mismatch is a
 * warning and a new profile, saved under a newer key.
 */
export async function restoreBoltProfiles(
  context: BoltCacheContext,
  programs: PgoProgram[]
): Promise<StageOutcome<{ set: BoltProfileSet; key: string } | undefined>> {
  const { cache, dir, prefix } = context
  core.info(`Looking for the BOLT profiles of these programs: ${prefix}`)
  const outcome = await cache.restore(prefix, files => unlistedFiles(dir, files))
  if (outcome.kind === 'miss') return { value: undefined, result: 'no cached BOLT profiles for these programs' }
  const set = outcome.kind === 'hit' ? readBoltProfileSet(dir) : undefined
  const problem =
    outcome.kind === 'failed'
      ? outcome.reason
      : set
        ? (misfit(set, programs) ?? (await damagedProfile(dir, set)))
        : 'it holds no BOLT profile manifest'
  if (!set || problem) {
    const entry = outcome.key ? `The cached BOLT profiles under ${outcome.key}` : 'The cache'
    core.warning(`${entry} could not be used: ${problem}. Making new ones.`)
    fs.rmSync(dir, { recursive: true, force: true })
    fs.mkdirSync(dir, { recursive: true })
    return { value: undefined, result: `restore failed: ${problem}; making new ones`, status: 'warning' }
  }
  const key = outcome.key as string
  core.info(`Restored the BOLT profiles from the cache (key ${key}): every program has the sha256 they were recorded on.`)
  return { value: { set, key }, result: `hit, fits ${programs.length === 1 ? 'the program' : `all ${programs.length} programs`} (checked)` }
}

/** Why the run does not look in the cache for BOLT profiles, or undefined when it does. */
export async function boltRestoreSkipped(config: Config): Promise<string | undefined> {
  if (config.mode === 'generate') return 'mode generate makes new BOLT profiles'
  if (!config.cache) return 'cache is false'
  if (!(await ProfileCache.available())) return 'the cache service is not available'
  return undefined
}

/** Saves the BOLT profiles made by this run under their key; a refusal is a warning. */
export async function saveBoltProfiles(cache: ProfileCache, key: string): Promise<StageOutcome<string | undefined>> {
  const saved = await cache.save(key)
  if (saved.saved) {
    core.info(`Saved the BOLT profiles as ${key}`)
    return { value: key, result: `saved as ${key}` }
  }
  if (await cache.has(key)) return { value: key, result: `already in the cache as ${key}` }
  core.warning(
    `The BOLT profiles were not saved to the cache: ${saved.reason ?? 'the cache declined them'}. The next run will make them again.`
  )
  return { value: undefined, result: `not saved: ${saved.reason ?? 'the cache declined them'}`, status: 'warning' }
}
