import { createHash } from 'node:crypto'
import * as path from 'node:path'

// A profile is cached under a key that holds its own sha256. What comes
// before the hash fingerprints everything that produced it, so a restore by
// prefix finds the newest profile made the same way, and a change to any of
// those things starts a new line of profiles. Each key ends with the run
// that saved it: cache entries cannot be replaced, so an entry that turns
// out damaged is outgrown by the next run's newer one rather than blocking
// its key for good.

const KEY_VERSION = 'pgo-v2'

export interface ProfileOrigin {
  os: string
  arch: string
  toolchain: string
  /** The profile format's version: "llvm22", or Go's "go1.26". */
  formatVersion: string
  /** working-directory relative to the workspace: two projects in one repository never share. */
  project: string
  build: string
  binaries: string[]
  workload: string[]
  cacheKey: string
  bolt: boolean
}

export interface ProfileKeys {
  /** Every profile made the same way has a key starting with this. */
  prefix: string
  fingerprint: string
  /** The key this run saves a profile with this hash under, for restores by fingerprint. */
  keyFor(sha256: string): string
  /**
   * The prefix of the BOLT profiles made with the profile `sha256` on the
   * optimized programs `programsDigest` names (boltProgramsDigest). Its own
   * namespace, so a restore by the profile prefix never finds one.
   */
  boltPrefixFor(sha256: string, programsDigest: string): string
  /** The key this run saves those BOLT profiles under. */
  boltKeyFor(sha256: string, programsDigest: string): string
  /** The run's own word at the end of every key it saves. */
  runTag: string
}

/**
 * What identifies the build a profile was made for, without the workload:
 * shards of one workload, collected by several jobs, must agree on it.
 * BOLT is left out: it changes how the optimized programs are linked, not
 * the profiling build the shards ran, and only the fan-in step BOLTs.
 */
export function buildFingerprint(origin: ProfileOrigin): string {
  return createHash('sha256')
    .update(JSON.stringify([origin.toolchain, origin.formatVersion, origin.project, origin.build, origin.binaries]))
    .digest('hex')
    .slice(0, 16)
}

export function profileKeys(origin: ProfileOrigin, runTag: string): ProfileKeys {
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([
        origin.toolchain,
        origin.formatVersion,
        origin.project,
        origin.build,
        origin.binaries,
        origin.workload,
        origin.cacheKey,
        origin.bolt
      ])
    )
    .digest('hex')
    .slice(0, 16)
  const words = [origin.os, origin.arch, origin.toolchain, origin.formatVersion].map(keyWord)
  const prefix = `${[KEY_VERSION, ...words].join('-')}-${fingerprint}-`
  const boltPrefix = `${[KEY_VERSION, 'bolt', ...words].join('-')}-${fingerprint}-`
  const boltPrefixFor = (sha256: string, programsDigest: string) => `${boltPrefix}${sha256}-${programsDigest}-`
  return {
    prefix,
    fingerprint,
    runTag,
    keyFor: sha256 => `${prefix}${sha256}-${runTag}`,
    boltPrefixFor,
    boltKeyFor: (sha256, programsDigest) => boltPrefixFor(sha256, programsDigest) + runTag
  }
}

/** The prefix of every copy of the profile `sha256`, whatever made it: what `profile-hash` restores by. */
export function pinnedPrefix(sha256: string): string {
  return `${KEY_VERSION}-profile-${sha256}-`
}

/** The key this run saves a copy of the profile `sha256` under, for `profile-hash`. */
export function pinnedKeyFor(sha256: string, runTag: string): string {
  return pinnedPrefix(sha256) + runTag
}

/** The sha256 a profile's cache key holds, if it is one of ours. */
export function hashInKey(key: string): string | undefined {
  return /-([0-9a-f]{64})-[\w.]+$/.exec(key)?.[1]
}

/**
 * The run's word for its keys: the workflow run and attempt, which differ in
 * every run and re-run (the run's time outside GitHub Actions).
 */
export function runTag(env: NodeJS.ProcessEnv, now = Date.now()): string {
  const run = env.GITHUB_RUN_ID && /^\d+$/.test(env.GITHUB_RUN_ID) ? env.GITHUB_RUN_ID : undefined
  return run ? `r${run}.${/^\d+$/.test(env.GITHUB_RUN_ATTEMPT ?? '') ? env.GITHUB_RUN_ATTEMPT : 1}` : `t${now}`
}

export function projectPath(workspace: string, workingDirectory: string): string {
  const relative = path.relative(workspace, workingDirectory).split(path.sep).join('/')
  return relative === '' ? '.' : relative
}

/** Keys may not hold commas; keep them to plain words. */
function keyWord(text: string): string {
  return text.replace(/[^A-Za-z0-9_.]+/g, '_')
}
