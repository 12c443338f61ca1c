import * as core from '@actions/core'
import * as fs from 'node:fs'
import { damagedProfile, misfit, readBoltProfileSet, type BoltProfileSet, type PgoProgram } from '../bolt-profile'
import type { Config } from '../inputs'
import { ProfileCache } from '../profile-cache'
import type { StageOutcome } from '../stage'

export interface BoltCacheContext {
  cache: ProfileCache
  /** The directory the cache saves: the BOLT profiles and their manifest. */
  dir: string
  /** The key of the BOLT profiles for this PGO profile and these exact programs. */
  key: string
}

/**
 * Restores the BOLT profiles made with the same PGO profile on the same
 * programs. The key names the programs' hashes, and the manifest inside
 * is checked against them and against its profile files: a profile
 * recorded on other bytes would steer llvm-bolt wrong, so a mismatch is
 * a warning and a new profile.
 */
export async function restoreBoltProfiles(context: BoltCacheContext, programs: PgoProgram[]): Promise<StageOutcome<BoltProfileSet | undefined>> {
  const { cache, dir, key } = context
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  core.info(`Looking for the BOLT profiles of these programs: ${key}`)
  const restored = await cache.restore(key)
  if (!restored) return { value: undefined, result: 'no cached BOLT profiles for these programs' }
  const set = readBoltProfileSet(dir)
  const problem = set ? (misfit(set, programs) ?? (await damagedProfile(dir, set))) : 'it holds no BOLT profile manifest'
  if (!set || problem) {
    core.warning(`The cached BOLT profiles under ${restored} do not fit: ${problem}. Making new ones.`)
    fs.rmSync(dir, { recursive: true, force: true })
    fs.mkdirSync(dir, { recursive: true })
    return { value: undefined, result: `the cached BOLT profiles do not fit: ${problem}`, status: 'warning' }
  }
  core.info(`Restored the BOLT profiles from the cache (key ${restored}): every program has the sha256 they were recorded on.`)
  return { value: set, result: `hit, fits ${programs.length === 1 ? 'the program' : `all ${programs.length} programs`} (checked)` }
}

/** Why the run does not look in the cache for BOLT profiles, or undefined when it does. */
export function boltRestoreSkipped(config: Config): string | undefined {
  if (config.mode === 'generate') return 'mode generate makes new BOLT profiles'
  if (!config.cache) return 'cache is false'
  if (!ProfileCache.available()) return 'the cache service is not available'
  return undefined
}

/** Saves the BOLT profiles made by this run under their key; a refusal is a warning. */
export async function saveBoltProfiles(cache: ProfileCache, key: string): Promise<StageOutcome<string | undefined>> {
  if ((await cache.save(key)) === 'saved') {
    core.info(`Saved the BOLT profiles as ${key}`)
    return { value: key, result: `saved as ${key}` }
  }
  if (await cache.has(key)) return { value: key, result: `already in the cache as ${key}` }
  core.warning('The BOLT profiles were not saved to the cache (the cache\'s reason is in the log above); the next run will make them again.')
  return { value: undefined, result: 'not saved: the cache declined them (see the log)', status: 'warning' }
}
