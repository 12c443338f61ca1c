import { createHash } from 'node:crypto'
import * as path from 'node:path'

// A profile is cached under a key that ends in its own sha256. What comes
// before the hash fingerprints everything that produced it, so a restore by
// prefix finds the newest profile made the same way, and a change to any of
// those things starts a new line of profiles.

const KEY_VERSION = 'pgo-v1'

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
  /** The key a profile with this hash is saved under, for restores by fingerprint. */
  keyFor(sha256: string): string
  /**
   * The key of the BOLT profiles made with the profile `sha256` on the
   * optimized programs `programsDigest` names (boltProgramsDigest). Its own
   * namespace, so a restore by the profile prefix never finds one.
   */
  boltKeyFor(sha256: string, programsDigest: string): string
}

export function profileKeys(origin: ProfileOrigin): ProfileKeys {
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
  return { prefix, fingerprint, keyFor: sha256 => prefix + sha256, boltKeyFor: (sha256, programsDigest) => `${boltPrefix}${sha256}-${programsDigest}` }
}

/** The key a profile is also saved under so that `profile-hash` finds it whatever its fingerprint. */
export function pinnedKey(sha256: string): string {
  return `${KEY_VERSION}-profile-${sha256}`
}

/** The sha256 a cache key ends with, if it is one of ours. */
export function hashInKey(key: string): string | undefined {
  return /-([0-9a-f]{64})$/.exec(key)?.[1]
}

export function projectPath(workspace: string, workingDirectory: string): string {
  const relative = path.relative(workspace, workingDirectory).split(path.sep).join('/')
  return relative === '' ? '.' : relative
}

/** Keys may not hold commas; keep them to plain words. */
function keyWord(text: string): string {
  return text.replace(/[^A-Za-z0-9_.]+/g, '_')
}
