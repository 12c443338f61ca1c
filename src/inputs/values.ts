// The inputs room: each input read and checked before any work starts
// (parse.ts), by one parser per kind of value (this file), the project's
// paths and toolchain (project.ts), the LLVM tools (llvm-inputs.ts), the rules
// between inputs (rules.ts), and the configuration's description for the
// log (describe.ts). It runs no tool: of the toolchains it uses only their
// specs, plain data and pure checks.
// May import: benchmark, config, constants, libraries, llvm, platform, system, targets, toolchains.
import * as os from 'node:os'
import type { BoltRequest } from '../config'

/** The YAML 1.2 core schema spellings of true and false, as the runner's own boolean inputs accept. */
const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']

/** The values of the bolt input: off, required (unsupported cases fail), or wherever it is supported. */
export const BOLT_CHOICES = ['false', 'true', 'if-supported'] as const

/** A whole number written in digits, or NaN. */
export function wholeNumber(value: string): number {
  return /^\d+$/.test(value) ? Number(value) : NaN
}

export function parseChoice<T extends string>(input: string, value: string, choices: readonly T[], problems: string[]): T | undefined {
  if ((choices as readonly string[]).includes(value)) return value as T
  problems.push(`${input} '${value}' is not one of: ${choices.join(', ')}.`)
  return undefined
}

export function parseBoolean(input: string, value: string, fallback: boolean, problems: string[]): boolean {
  if (value === '') return fallback
  if (TRUE.includes(value)) return true
  if (FALSE.includes(value)) return false
  problems.push(`${input} '${value}' is not a boolean: use true or false.`)
  return fallback
}

export function parseBolt(value: string, problems: string[]): BoltRequest | undefined {
  if (value === 'if-supported') return { onUnsupported: 'warn' }
  if (TRUE.includes(value)) return { onUnsupported: 'fail' }
  if (value === '' || FALSE.includes(value)) return undefined
  problems.push(`bolt '${value}' is not one of: ${BOLT_CHOICES.join(', ')}.`)
  return undefined
}

export function parseCount(
  input: string,
  value: string,
  fallback: number,
  range: { min: number; max: number },
  problems: string[]
): number {
  if (value === '') return fallback
  const number = wholeNumber(value)
  if (!Number.isInteger(number) || number < range.min || number > range.max) {
    problems.push(`${input} '${value}' is not a whole number from ${range.min} to ${range.max}.`)
    return fallback
  }
  return number
}

export function parseWorkloadJobs(value: string, problems: string[]): number {
  if (value === 'auto') return os.availableParallelism()
  if (value === '') return 1
  const number = wholeNumber(value)
  if (!(number >= 1 && number <= 256)) {
    problems.push(`workload-jobs '${value}' is neither auto nor a whole number from 1 to 256.`)
    return 1
  }
  return number
}

export function parseBenchmarkRuns(value: string, problems: string[]): number | 'auto' {
  if (value === '' || value === 'auto') return 'auto'
  const number = wholeNumber(value)
  if (!(number >= 1 && number <= 1000)) {
    problems.push(`benchmark-runs '${value}' is neither auto nor a whole number of pairs from 1 to 1000.`)
    return 'auto'
  }
  return number
}

export function parseLines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'))
}

/**
 * Workload commands, one a line. A line ending in a backslash continues on the
 * next, as it would in a shell script, so long commands can be wrapped.
 */
export function parseCommandLines(value: string): string[] {
  const joined = value.replace(/\\\r?\n/g, ' ')
  return parseLines(joined)
}

export const MAX_PATTERN_LENGTH = 4096

export function checkPatternLengths(input: string, patterns: string[], problems: string[]): boolean {
  const long = patterns.find(pattern => pattern.length > MAX_PATTERN_LENGTH)
  if (long)
    problems.push(
      `${input} has a pattern of ${long.length} characters (${long.slice(0, 40)}…), longer than any path (${MAX_PATTERN_LENGTH}): give one path or glob a line.`
    )
  return !long
}

export function parseCacheKey(value: string, problems: string[]): string {
  if (value.includes(',')) problems.push(`cache-key '${value}' contains a comma, which cache keys cannot hold.`)
  if (/[\r\n]/.test(value))
    problems.push('cache-key holds a line break: a cache key is one line. Give its words on one line, such as `v2` or `workload-2026`.')
  if (value.length > 200) problems.push(`cache-key is ${value.length} characters long; keep it under 200.`)
  return value
}

const SHA256_HEX = /^[0-9a-f]{64}$/

/** A sha256 in hexadecimal (with or without sha256:), lowercased; `advice` says what to give instead. */
export function parseSha256(input: string, value: string, advice: string, problems: string[]): string | undefined {
  if (!value) return undefined
  const hex = value.toLowerCase().replace(/^sha256:/, '')
  if (!SHA256_HEX.test(hex)) {
    problems.push(`${input} '${value}' is not a sha256: ${advice}.`)
    return undefined
  }
  return hex
}

// Characters the artifact service refuses in a name.
const ARTIFACT_NAME_FORBIDDEN = /["<>|*?\r\n\\/:]/

export function parseArtifactName(value: string, problems: string[]): string | undefined {
  if (!value) return undefined
  if (ARTIFACT_NAME_FORBIDDEN.test(value)) {
    problems.push(`upload-artifact '${value}' holds a character artifact names cannot: none of " : < > | * ? \\ / or line breaks.`)
  }
  return value
}

export function parseArtifactPattern(value: string, problems: string[]): string | undefined {
  if (!value) return undefined
  if (/["<>|\r\n\\/:]/.test(value))
    problems.push(`profile-artifacts '${value}' holds a character artifact names cannot: none of " : < > | \\ / or line breaks.`)
  return value
}
