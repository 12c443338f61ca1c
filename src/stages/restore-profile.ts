import * as core from '../system/log'
import * as path from 'node:path'
import { hashInKey, pinnedPrefix, type ProfileKeys } from '../cache/keys'
import { ActionError, errorMessage } from '../system/errors'
import { sha256File } from '../system/hash'
import { FileKinds, UntrustedFileError } from '../system/untrusted-file'
import type { Config } from '../config'
import { ProfileCache, type FileCheck } from '../cache/profile-cache'
import { describeProfile } from '../report/profile'
import type { ProfileTool } from '../llvm/profile-tool'
import type { ProfileReport, ProfileSourceReport } from '../report/run-report'
import { putTogether } from './profile-files'
import { baselinePath, readBaseline, type FitBaseline } from '../fit/baseline'
import type { StageOutcome } from '../report/stage'

/** A profile the run can use without running the workloads. */
export interface ReusedProfile {
  report: ProfileReport
  /** Restored by fingerprint, so the run may replace it when it turns out stale. */
  replaceable: boolean
  /** It came from the cache (the run is a cache hit), not from a file the workflow gave. */
  fromCache: boolean
  /** What its own build could not match, when that record came with it. */
  baseline?: FitBaseline
  /** Put together by this step (a fan-in's shards): saved, with its baseline, once the optimized build has run. */
  mergedFromShards?: boolean
}

interface ReadyProfile {
  path: string
  sha256: string
  /** For the summary: "the file …", "the cache (key …)". */
  origin: string
  replaceable: boolean
  fromCache: boolean
  /** The files a profile from the profile input was merged from. */
  sources?: ProfileSourceReport[]
}

export interface RestoreContext {
  config: Config
  keys: ProfileKeys
  cache: ProfileCache
  profileTool: ProfileTool
  /** Where a cached profile lands. */
  profilePath: string
}

/**
 * Finds a profile to reuse: the `profile` file, the cached profile
 * `profile-hash` names, or (mode auto and use) the newest cached profile
 * made the same way. Undefined means the run must make one.
 */
export async function restoreProfile(context: RestoreContext): Promise<StageOutcome<ReusedProfile | undefined>> {
  const found = await findProfile(context)
  const ready = found.value
  if (!ready) return { ...found, value: undefined }
  try {
    context.profileTool.checkReusable?.(ready.path, ready.origin)
  } catch (error) {
    // A profile restored by fingerprint can simply be made again; one the user chose cannot.
    if (!ready.replaceable) throw error
    core.warning(`${errorMessage(error).split('\n')[0]} Making a new profile.`)
    return { value: undefined, result: 'the cached profile does not suit this compiler', status: 'warning' }
  }
  const report = { ...(await describeProfile(context.profileTool, ready.path, ready.sha256, ready.origin)), sources: ready.sources }
  return { ...found, value: { report, replaceable: ready.replaceable, fromCache: ready.fromCache, baseline: baselineOf(ready) } }
}

/** The fit baseline that came with the profile (beside it in the cache entry, the artifact, or the profile file's directory). */
function baselineOf(ready: ReadyProfile): FitBaseline | undefined {
  const reading = readBaseline(ready.path, ready.sha256)
  if ('baseline' in reading) {
    core.info(
      `The profile came with its fit baseline: ${reading.baseline.missing.size + reading.baseline.mismatched.size} functions its own build could not match.`
    )
    return reading.baseline
  }
  if ('problem' in reading) core.warning(`The profile's fit baseline is left aside: ${reading.problem}. Its fit is judged without it.`)
  return undefined
}

async function findProfile(context: RestoreContext): Promise<StageOutcome<ReadyProfile | undefined>> {
  const { config } = context
  if (config.profiles.length > 0) return useProfileFiles(context, config.profileHash)
  if (config.profileHash) return restorePinned(context, config.profileHash)
  if (config.mode === 'generate') return { value: undefined, result: 'skipped: mode generate makes a new profile' }
  if (!config.cache) {
    if (config.mode === 'use') throw new ActionError('mode use with cache false has no profile to use: give profile or profile-hash.')
    return { value: undefined, result: 'skipped: cache is false' }
  }
  if (!(await ProfileCache.available())) {
    if (config.mode === 'use') throw new ActionError('mode use needs the Actions cache, which this run cannot reach: give profile instead.')
    core.warning('The Actions cache service is not available in this run: the profile is made anew and not saved.')
    return { value: undefined, result: 'the cache service is not available', status: 'warning' }
  }
  return restoreNewest(context)
}

/** The profile input's files, merged with their weights when there are several; profile-hash checks the result. */
async function useProfileFiles(context: RestoreContext, expectedHash: string | undefined): Promise<StageOutcome<ReadyProfile>> {
  const files = await putTogether(context.config.profiles, context.profileTool, context.profilePath)
  if (expectedHash && files.sha256 !== expectedHash) {
    throw new ActionError(
      `profile ${files.origin} has sha256 ${files.sha256}, not the profile-hash ${expectedHash}: the files changed, or the hash is of another profile.`
    )
  }
  core.info(`Using ${files.origin}, sha256 ${files.sha256}`)
  return { value: { ...files, replaceable: false, fromCache: false }, result: files.origin }
}

/** A restored profile directory holds the profile file, and maybe its fit baseline. */
export function profileFileOnly(profilePath: string): FileCheck {
  const name = path.basename(profilePath)
  const baseline = path.basename(baselinePath(profilePath))
  const expected = (files: string[]) => files.includes(name) && files.every(file => file === name || file === baseline)
  return files => (expected(files) ? undefined : `it holds ${files.join(', ') || 'no file'}, not ${name} alone or with ${baseline}`)
}

async function restorePinned(context: RestoreContext, hash: string): Promise<StageOutcome<ReadyProfile>> {
  const { config, cache, profilePath } = context
  const noProfile = (why: string) =>
    new ActionError(
      `profile-hash ${hash}: ${why}. A profile is in the cache once a run with the same toolchain has made it (mode auto or generate) and saved it; ` +
        'check the hash against the profile-hash output of that run.'
    )
  if (!config.cache) throw noProfile('cache is false, so the profile cannot be restored')
  if (!(await ProfileCache.available())) throw noProfile('the Actions cache service is not available in this run')
  const outcome = await cache.restore(pinnedPrefix(hash), profileFileOnly(profilePath))
  if (outcome.kind === 'miss') throw noProfile('no cached profile has this hash')
  const remake = 'A run that makes this profile again (mode generate) saves a newer copy, which later runs restore instead.'
  if (outcome.kind === 'failed') {
    throw new ActionError(
      `profile-hash ${hash}: the cached profile${outcome.key ? ` under ${outcome.key}` : ''} could not be restored: ${outcome.reason}. ${outcome.key ? remake : ''}`.trim()
    )
  }
  const restored = await restoredHash(profilePath)
  if ('problem' in restored)
    throw new ActionError(`profile-hash ${hash}: the cached profile under ${outcome.key} is not read: ${restored.problem}. ${remake}`)
  if (restored.hash !== hash)
    throw new ActionError(
      `profile-hash ${hash}: the cached profile under ${outcome.key} has sha256 ${restored.hash}; it is damaged, or not the profile asked for. ${remake}`
    )
  core.info(`Restored the profile ${hash} from the cache (key ${outcome.key}) and checked its hash.`)
  return {
    value: {
      path: profilePath,
      sha256: hash,
      origin: `the cache, pinned by profile-hash (key ${outcome.key})`,
      replaceable: false,
      fromCache: true
    },
    result: `pinned ${hash.slice(0, 12)}…, verified`
  }
}

/**
 * The newest profile made the same way. An entry that cannot be restored,
 * or whose profile is not the one its key names, is reported as such; the
 * run then makes a new profile, and saves it under a newer key than the
 * damaged entry's, so the next run restores the good one.
 */
async function restoreNewest(context: RestoreContext): Promise<StageOutcome<ReadyProfile | undefined>> {
  const { config, keys, cache, profilePath } = context
  core.info(`Looking for the newest cached profile with key prefix ${keys.prefix}`)
  const outcome = await cache.restore(keys.prefix, profileFileOnly(profilePath))
  if (outcome.kind === 'miss') {
    if (config.mode === 'use') {
      throw new ActionError(
        `mode use found no cached profile made the same way (key prefix ${keys.prefix}): run with mode auto or generate first, or give profile or profile-hash.`
      )
    }
    return { value: undefined, result: 'no cached profile for this build and workload' }
  }
  const problem = outcome.kind === 'failed' ? outcome.reason : await hashProblem(outcome.key, profilePath)
  if (!problem) {
    const sha256 = hashInKey(outcome.key as string) as string
    core.info(`Restored the profile ${sha256} from the cache (key ${outcome.key}) and checked its hash.`)
    return {
      value: { path: profilePath, sha256, origin: `the cache (key ${outcome.key})`, replaceable: config.mode === 'auto', fromCache: true },
      result: `hit, ${sha256.slice(0, 12)}…, verified`
    }
  }
  const entry = outcome.key ? `The cached profile under key ${outcome.key}` : 'The cache'
  const message = `${entry} could not be used: ${problem}`
  if (config.mode === 'use')
    throw new ActionError(`${message}. mode use never makes a profile: run with mode auto or generate, which saves a newer one.`)
  core.warning(`${message}. Making a new profile${outcome.key ? ', saved under a newer key, so later runs restore it instead' : ''}.`)
  return { value: undefined, result: `restore failed: ${problem}; making a new profile`, status: 'warning' }
}

/** Why the restored profile is not the one its key names, or undefined when it is. */
async function hashProblem(key: string | undefined, profilePath: string): Promise<string | undefined> {
  const expected = key ? hashInKey(key) : undefined
  if (!expected) return `its key ${key} holds no profile hash`
  const restored = await restoredHash(profilePath)
  if ('problem' in restored) return restored.problem
  return restored.hash === expected
    ? undefined
    : `the profile's sha256 is ${restored.hash}, not the ${expected} its key names (the entry is damaged)`
}

/**
 * A restored profile's sha256. The entry was written by whoever could write
 * the cache: a link (to /dev/zero, say), a FIFO or an outsize file is not
 * read, and is the reason the entry is not used.
 */
async function restoredHash(profilePath: string): Promise<{ hash: string } | { problem: string }> {
  try {
    return { hash: await sha256File(profilePath, FileKinds.profile, 'refuse') }
  } catch (error) {
    if (error instanceof UntrustedFileError) return { problem: `its ${path.basename(profilePath)} ${error.reason}` }
    throw error
  }
}
