import * as fs from 'node:fs'
import { FileKinds, readUntrustedText, UntrustedFileError } from '../system/untrusted-file'

/** The functions the compiler's warnings named, each once. */
export interface FitNames {
  missing: ReadonlySet<string>
  mismatched: ReadonlySet<string>
}

/**
 * What a profile's own build could not match, kept beside the profile
 * wherever it goes (the cache entry, the artifact): a later build judged
 * against it counts only what changed since. The programs no workload ran
 * lack their functions from the start, so they never make it stale.
 */
export interface FitBaseline extends FitNames {
  profileSha256: string
}

const FORMAT = 'pgo-action fit baseline'
const VERSION = 1

/** The baseline's file: beside the profile, named after it. */
export function baselinePath(profile: string): string {
  return `${profile}.baseline.json`
}

export function writeBaseline(profile: string, baseline: FitBaseline): string {
  const file = baselinePath(profile)
  const record = {
    format: FORMAT,
    version: VERSION,
    profileSha256: baseline.profileSha256,
    missing: [...baseline.missing].sort(),
    mismatched: [...baseline.mismatched].sort()
  }
  fs.writeFileSync(file, JSON.stringify(record) + '\n')
  return file
}

export type BaselineReading = { baseline: FitBaseline } | { problem: string } | { absent: true }

/**
 * The baseline beside `profile`, if it is one of this profile: a file that
 * is not a regular one of a baseline's size, does not read as one, or
 * belongs to another profile, is a problem to report, and the fit is then
 * judged without it.
 */
export function readBaseline(profile: string, profileSha256: string): BaselineReading {
  const file = baselinePath(profile)
  if (!fs.lstatSync(file, { throwIfNoEntry: false })) return { absent: true }
  let text: string
  try {
    // A cache entry, an artifact or the checkout put it there: the action writes a regular file, and a link is not followed.
    text = readUntrustedText(file, FileKinds.baseline, 'refuse')
  } catch (error) {
    if (error instanceof UntrustedFileError) return { problem: error.message }
    throw error
  }
  const record = parse(text)
  if (!record) return { problem: `${file} is not a fit baseline this version of the action reads` }
  if (record.profileSha256 !== profileSha256)
    return { problem: `${file} is the baseline of the profile ${record.profileSha256}, not of this one` }
  return { baseline: { profileSha256, missing: new Set(record.missing), mismatched: new Set(record.mismatched) } }
}

interface BaselineRecord {
  profileSha256: string
  missing: string[]
  mismatched: string[]
}

function parse(text: string): BaselineRecord | undefined {
  try {
    const record = JSON.parse(text)
    const names = (value: unknown) => Array.isArray(value) && value.every(name => typeof name === 'string')
    const valid =
      record?.format === FORMAT &&
      record.version === VERSION &&
      typeof record.profileSha256 === 'string' &&
      names(record.missing) &&
      names(record.mismatched)
    return valid ? record : undefined
  } catch {
    return undefined
  }
}
