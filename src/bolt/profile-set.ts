// The BOLT profiles of one run, kept in one directory the cache saves: a
// merged profile per program and a manifest of what they were made on.
// llvm-bolt reads a profile by the addresses of the exact program it was
// recorded on, so a profile fits only a byte-identical optimized program:
// the manifest records each program's sha256, and a restored set is used
// only when every hash matches the programs this run built.
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { sha256File } from '../system/hash'
import { FileKinds, readUntrustedText, UntrustedFileError } from '../system/untrusted-file'

const MANIFEST = 'bolt-profiles.json'
const FORMAT = 1

/** A program as the optimized build left it, before BOLT. */
export interface PgoProgram {
  /** The program's absolute path. */
  file: string
  /** As the user would write it; the manifest's name for it. */
  displayPath: string
  sha256: string
}

export interface BoltProfileEntry {
  displayPath: string
  /** sha256 of the optimized program the profile was recorded on. */
  sha256: string
  /** The merged profile's file name in the directory, when the workloads ran the program. */
  profile?: string
  profileSha256?: string
  /** Why the program stays the PGO build, when it has no profile. */
  kept?: string
}

export interface BoltProfileSet {
  programs: BoltProfileEntry[]
}

/** 16 hex digits naming the exact set of programs: part of the cache key, so each set has its own entry. */
export function boltProgramsDigest(programs: Array<Pick<PgoProgram, 'displayPath' | 'sha256'>>): string {
  const pairs = programs.map(program => [program.displayPath, program.sha256]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex').slice(0, 16)
}

export function writeBoltProfileSet(dir: string, set: BoltProfileSet): void {
  fs.writeFileSync(path.join(dir, MANIFEST), JSON.stringify({ format: FORMAT, ...set }, null, 2) + '\n')
}

/** The set in `dir`, or undefined when there is none or it is not one this version reads. */
export function readBoltProfileSet(dir: string): BoltProfileSet | undefined {
  try {
    const data = JSON.parse(readUntrustedText(path.join(dir, MANIFEST), FileKinds.manifest, 'refuse')) as {
      format?: number
      programs?: unknown
    }
    if (data.format !== FORMAT || !Array.isArray(data.programs)) return undefined
    return { programs: data.programs as BoltProfileEntry[] }
  } catch {
    return undefined
  }
}

/** Why the set does not fit these programs, or undefined when every program is there with the same hash. */
export function misfit(set: BoltProfileSet, programs: Array<Pick<PgoProgram, 'displayPath' | 'sha256'>>): string | undefined {
  const recorded = new Map(set.programs.map(entry => [entry.displayPath, entry.sha256]))
  for (const program of programs) {
    const sha256 = recorded.get(program.displayPath)
    if (sha256 === undefined) return `it has no profile for ${program.displayPath}`
    if (sha256 !== program.sha256) {
      return `${program.displayPath} is not the program it was recorded on (sha256 ${program.sha256.slice(0, 12)}…, recorded ${sha256.slice(0, 12)}…)`
    }
  }
  const extra = set.programs.find(entry => !programs.some(program => program.displayPath === entry.displayPath))
  return extra ? `it was made for ${extra.displayPath} too, which this build did not write` : undefined
}

/** Why the set's profile files are not what it recorded, or undefined when they are. */
export async function damagedProfile(dir: string, set: BoltProfileSet): Promise<string | undefined> {
  for (const entry of set.programs) {
    if (!entry.profile) continue
    const file = path.join(dir, entry.profile)
    if (!fs.existsSync(file)) return `${entry.profile} is missing`
    let sha256: string
    try {
      sha256 = await sha256File(file, FileKinds.profile, 'refuse')
    } catch (error) {
      if (error instanceof UntrustedFileError) return `${entry.profile} ${error.reason}`
      throw error
    }
    if (sha256 !== entry.profileSha256) return `${entry.profile} has sha256 ${sha256}, not the recorded ${entry.profileSha256}`
  }
  return undefined
}

/** Files restored into `dir` that its manifest does not list (or why the set is unreadable), or undefined when there are none. */
export function unlistedFiles(dir: string, files: string[]): string | undefined {
  const set = readBoltProfileSet(dir)
  if (!set) return 'it holds no BOLT profile manifest this version reads'
  const listed = new Set([MANIFEST, ...set.programs.flatMap(entry => (entry.profile ? [entry.profile] : []))])
  const extra = files.filter(file => !listed.has(file))
  return extra.length ? `it holds files its manifest does not list (${extra.slice(0, 5).join(', ')})` : undefined
}
