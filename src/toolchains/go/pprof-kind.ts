import * as zlib from 'node:zlib'
import { FileKinds, readUntrusted, UntrustedFileError } from '../../system/untrusted-file'

/**
 * What kind of pprof profile a file holds, read from its own bytes: the
 * sample types of the profile.proto message (field 1, each a ValueType whose
 * type and unit index field 6, the string table). Go's PGO takes a profile
 * only when one of its sample types is samples/count or cpu/nanoseconds,
 * which is what a CPU profile has; a heap, block or mutex profile has none.
 * Reading the header here names the file before pprof would fail on the
 * merge with "profiles have empty common sample type list", naming none.
 */
export type PprofKind = { kind: 'cpu' } | { kind: 'other'; sampleTypes: string[] } | { kind: 'unreadable'; reason: string }

const SAMPLE_TYPE_FIELD = 1
const STRING_TABLE_FIELD = 6
const CPU_SAMPLE_TYPES = ['samples/count', 'cpu/nanoseconds']
/** The most a profile may unpack to: far beyond a real one, and a small gzip stream cannot unpack without end. */
const MAX_MESSAGE_BYTES = 1024 * 1024 * 1024

export function pprofKind(bytes: Buffer): PprofKind {
  let message: Buffer
  try {
    message = bytes[0] === 0x1f && bytes[1] === 0x8b ? zlib.gunzipSync(bytes, { maxOutputLength: MAX_MESSAGE_BYTES }) : bytes
  } catch (error) {
    return { kind: 'unreadable', reason: `not a gzip stream that ends: ${(error as Error).message}` }
  }
  const sampleTypes: Array<{ type: number; unit: number }> = []
  const strings: string[] = []
  try {
    for (const field of fields(message)) {
      if (field.number === SAMPLE_TYPE_FIELD && field.bytes) sampleTypes.push(valueType(field.bytes))
      if (field.number === STRING_TABLE_FIELD && field.bytes) strings.push(field.bytes.toString('utf8'))
    }
  } catch (error) {
    return { kind: 'unreadable', reason: `not a pprof profile (profile.proto): ${(error as Error).message}` }
  }
  if (sampleTypes.length === 0) return { kind: 'unreadable', reason: 'not a pprof profile: it has no sample types' }
  const names = sampleTypes.map(({ type, unit }) => `${strings[type] ?? '?'}/${strings[unit] ?? '?'}`)
  return names.some(name => CPU_SAMPLE_TYPES.includes(name)) ? { kind: 'cpu' } : { kind: 'other', sampleTypes: names }
}

/** Why a file is no CPU profile Go's PGO can use, in words, or undefined when it is one. */
/**
 * Why a file a workload wrote is not a CPU profile Go's PGO can use, read
 * as untrusted: a link to a device, a FIFO or an outsize file is not read.
 */
export function whyFileNotCpuProfile(file: string): string | undefined {
  try {
    return whyNotCpuProfile(readUntrusted(file, FileKinds.profile))
  } catch (error) {
    if (error instanceof UntrustedFileError) return `not read: it ${error.reason}`
    throw error
  }
}

export function whyNotCpuProfile(bytes: Buffer): string | undefined {
  const kind = pprofKind(bytes)
  if (kind.kind === 'cpu') return undefined
  return kind.kind === 'other'
    ? `${describeSampleTypes(kind.sampleTypes)} (${kind.sampleTypes.join(', ')}), not a CPU profile`
    : kind.reason
}

/** What a profile with these sample types is, in the words of Go's runtime/pprof. */
export function describeSampleTypes(sampleTypes: string[]): string {
  const types = sampleTypes.map(name => name.split('/')[0])
  if (types.includes('alloc_space') || types.includes('inuse_space')) return 'a heap profile'
  if (types.includes('contentions') && types.includes('delay')) return 'a block or mutex profile'
  if (types.includes('goroutine')) return 'a goroutine profile'
  return 'not a CPU profile'
}

interface Field {
  number: number
  bytes?: Buffer
}

/** The top-level fields of a protobuf message; only length-delimited ones keep their bytes. */
function* fields(message: Buffer): Generator<Field> {
  let at = 0
  while (at < message.length) {
    const key = varint(message, at)
    at = key.next
    const number = Math.floor(key.value / 8)
    const wireType = key.value % 8
    if (number === 0) throw new Error(`field number 0 at byte ${at}`)
    if (wireType === 0) at = varint(message, at).next
    else if (wireType === 1) at += 8
    else if (wireType === 5) at += 4
    else if (wireType === 2) {
      const length = varint(message, at)
      const end = length.next + length.value
      if (end > message.length) throw new Error(`a field runs past the end (byte ${end} of ${message.length})`)
      yield { number, bytes: message.subarray(length.next, end) }
      at = end
      continue
    } else throw new Error(`wire type ${wireType} at byte ${at}`)
    if (at > message.length) throw new Error('a field runs past the end')
    yield { number }
  }
}

function valueType(bytes: Buffer): { type: number; unit: number } {
  const result = { type: 0, unit: 0 }
  let at = 0
  while (at < bytes.length) {
    const key = varint(bytes, at)
    const value = varint(bytes, key.next)
    if (key.value === 8) result.type = value.value
    if (key.value === 16) result.unit = value.value
    at = value.next
  }
  return result
}

/** A varint at `at`; numbers past 2^53 lose precision, which string indexes and lengths never reach. */
function varint(bytes: Buffer, at: number): { value: number; next: number } {
  let value = 0
  let scale = 1
  for (let i = at; i < bytes.length && i < at + 10; i++) {
    value += (bytes[i] & 0x7f) * scale
    scale *= 128
    if ((bytes[i] & 0x80) === 0) return { value, next: i + 1 }
  }
  throw new Error(`a varint runs past the end at byte ${at}`)
}
