// The version numbers at the start of LLVM's profile files, and which LLVM
// writes and reads which. A raw profile (.profraw) is read only by an
// llvm-profdata whose raw format version is exactly the same; an indexed
// profile (.profdata) is read by tools and compilers whose indexed version is
// the same or newer, and a compiler given a newer one may drop it silently.
import type { LlvmVersion } from './version'

/** First 8 bytes of a raw profile from a 64-bit program, as a little-endian u64: "\x81rforpl\xff". */
const RAW_MAGIC_64 = 0xff6c70726f667281n
/** The same from a 32-bit program ("\x81Rforpl\xff"). */
const RAW_MAGIC_32 = 0xff6c70726f665281n
/** First 8 bytes of an indexed profile, as a little-endian u64: "\xfflprofi\x81". */
const INDEXED_MAGIC = 0x8169666f72706cffn
/** Since LLVM 18 the upper 32 bits of a version hold variant flags (before, the upper 8); the version is the rest. */
const VERSION_MASK = 0xffffffffn

export type ProfileKind = 'raw' | 'indexed'

export interface ProfileHeader {
  kind: ProfileKind
  version: number
}

/**
 * The kind and format version of a profile from its first 16 bytes: magic,
 * then version. Raw profiles are written in the byte order of the machine
 * that ran the program, so both orders are recognised; indexed profiles are
 * always little-endian. Undefined means neither (a text profile, or not a profile).
 */
export function readProfileHeader(bytes: Uint8Array): ProfileHeader | undefined {
  if (bytes.length < 16) return undefined
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (const littleEndian of [true, false]) {
    const magic = view.getBigUint64(0, littleEndian)
    const version = Number(view.getBigUint64(8, littleEndian) & VERSION_MASK)
    if (magic === RAW_MAGIC_64 || magic === RAW_MAGIC_32) return { kind: 'raw', version }
    if (littleEndian && magic === INDEXED_MAGIC) return { kind: 'indexed', version }
  }
  return undefined
}

export interface FormatVersions {
  /** The raw version its instrumented programs write and its llvm-profdata reads (only this one). */
  raw: number
  /** The indexed version its llvm-profdata writes; it reads this one and every older one. */
  indexed: number
}

/**
 * Format versions by LLVM major. Raw 8 (relative counter pointers) arrived
 * in 14, 9 (MC/DC bitmaps) in 18, 10 (vtable profiles) in 19. Indexed 7 was
 * 14's; 8 (memory profiles) came in 15, 9 (binary ids) in 16, 10 (temporal
 * profiles) in 17, 11 (MC/DC) in 18, 12 (vtable names) in 19, 13 in 22.
 * The end-to-end tests check 14's and 22's against the installed tools.
 */
export const FORMAT_VERSIONS: Readonly<Record<number, FormatVersions>> = {
  14: { raw: 8, indexed: 7 },
  15: { raw: 8, indexed: 8 },
  16: { raw: 8, indexed: 9 },
  17: { raw: 8, indexed: 10 },
  18: { raw: 9, indexed: 11 },
  19: { raw: 10, indexed: 12 },
  20: { raw: 10, indexed: 12 },
  21: { raw: 10, indexed: 12 },
  22: { raw: 10, indexed: 13 }
}

/** The formats an LLVM reads and writes; undefined for one the table does not hold, and for Apple's numbering, which is not the LLVM project's. */
export function formatVersions(llvm: LlvmVersion): FormatVersions | undefined {
  return llvm.apple ? undefined : FORMAT_VERSIONS[llvm.major]
}

/** The LLVM majors that write `version` of `kind`, for messages: "LLVM 19 to 22 or newer". */
export function majorsWriting(kind: ProfileKind, version: number): string {
  const known = Object.keys(FORMAT_VERSIONS).map(Number)
  const majors = known.filter(major => FORMAT_VERSIONS[major][kind] === version)
  const newest = known[known.length - 1]
  if (majors.length === 0) {
    return version > FORMAT_VERSIONS[newest][kind] ? `an LLVM newer than ${newest}` : `an LLVM older than ${known[0]}`
  }
  const [first, last] = [majors[0], majors[majors.length - 1]]
  const open = last === newest ? ' or newer' : ''
  return first === last ? `LLVM ${first}${open}` : `LLVM ${first} to ${last}${open}`
}
