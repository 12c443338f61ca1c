// The ELF room: just enough of the format to tell whether BOLT can rewrite
// a program (its class, byte order, type and machine, and the name, type
// and flags of each section), which compilers built it (its .comment
// section, this file), and which functions it defines (its symbol table,
// symbols.ts; a macOS program's, from Mach-O, in macho.ts, and a Windows
// program's, from PE/COFF, in pe.ts). Only the headers and the sections asked for are read, so a
// large program is never loaded whole. The build that wrote the file may
// be a pull request's: every count and offset is bounded by the file's real
// size, and a header that breaks the bounds makes the file malformed (an
// UntrustedFileError naming it), never a huge allocation or a raw error.
// May import: system.
import * as fs from 'node:fs'
import { FileKinds, openUntrusted, UntrustedFileError } from '../system/untrusted-file'

export const ElfType = { Executable: 2, SharedObject: 3 } as const
export const SectionType = { SymbolTable: 2, Rela: 4, Note: 7, Rel: 9 } as const
/** SHF_ALLOC: the section is loaded into memory when the program runs. */
export const SECTION_ALLOC = 0x2

export interface ElfSection {
  name: string
  type: number
  flags: number
}

export interface ElfInfo {
  bits: 32 | 64
  littleEndian: boolean
  /** e_type: 2 executable, 3 shared object (which position-independent executables are). */
  type: number
  /** e_machine: 62 x86-64, 183 AArch64, 243 RISC-V. */
  machine: number
  sections: ElfSection[]
}

/** Reads `length` bytes at `offset`; fewer at the end of the file, of `size` bytes. */
export interface ByteReader {
  (offset: number, length: number): Buffer
  size: number
}

/** A header field that breaks the file's bounds: the file is not read as a program of its format (ELF, Mach-O, PE). */
export class MalformedProgram extends Error {}

/** The largest symbol or string table read, in any object format: far beyond any real program's, small enough to hold. */
export const MAX_SYMBOL_TABLE_BYTES = 512 * 1024 * 1024
/** The most section headers read: real programs have tens, objects linked with -r some thousands. */
export const MAX_SECTIONS = 1 << 18
/** The most bytes of section names read: real tables hold a few hundred. */
const MAX_SECTION_NAMES_BYTES = 16 * 1024 * 1024
/** e_shentsize is at least a whole section header of the class. */
const SECTION_HEADER_BYTES = { 32: 40, 64: 64 } as const

const MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46])
// Section header counts and the name table index can overflow into section 0.
const SHN_XINDEX = 0xffff

export function parseElf(read: ByteReader): ElfInfo | undefined {
  const layout = readLayout(read)
  if (!layout) return undefined
  const { bits, littleEndian, type, machine } = layout
  const sections = layout.sections.map(section => ({ name: section.name, type: section.type, flags: section.flags }))
  return { bits, littleEndian, type, machine, sections }
}

/** The longest .comment read: real ones hold a few short lines. */
const MAX_COMMENT_BYTES = 64 * 1024

/**
 * The lines of a program's .comment section, where each compiler that built
 * a part of it signs ("GCC: (Debian 12.2.0-14) 12.2.0", "clang version
 * 22.1.8"); [] without the section, undefined when the file is not ELF.
 */
export function parseElfComment(read: ByteReader): string[] | undefined {
  const layout = readLayout(read)
  if (!layout) return undefined
  const comment = layout.sections.find(section => section.name === '.comment')
  if (!comment) return []
  const text = read(comment.offset, Math.min(comment.size, MAX_COMMENT_BYTES)).toString('latin1')
  return [
    ...new Set(
      text
        .split('\0')
        .map(line => line.trim())
        .filter(Boolean)
    )
  ]
}

/**
 * Parses `file` as a regular file (a link is followed, a device or FIFO
 * refused). One that is not read, or is malformed, is an
 * UntrustedFileError that names it and, when malformed, the format it was
 * read as (`formatOf` its first bytes).
 */
export function withReader<T>(file: string, parse: (read: ByteReader) => T, formatOf: (read: ByteReader) => string = () => 'ELF'): T {
  const { fd, size } = openUntrusted(file, FileKinds.build)
  const read = fileReader(fd, size)
  try {
    return parse(read)
  } catch (error) {
    if (error instanceof MalformedProgram)
      throw new UntrustedFileError(file, `is not a well-formed ${formatOf(read)} file: it claims ${error.message}`)
    throw error
  } finally {
    fs.closeSync(fd)
  }
}

function fileReader(fd: number, size: number): ByteReader {
  const read = (offset: number, length: number) => {
    const wanted = boundedLength(offset, length, size)
    const buffer = Buffer.alloc(wanted)
    let filled = 0
    while (filled < wanted) {
      const bytes = fs.readSync(fd, buffer, filled, wanted - filled, offset + filled)
      if (bytes === 0) break
      filled += bytes
    }
    return buffer.subarray(0, filled)
  }
  return Object.assign(read, { size })
}

/** A reader of bytes in memory, bounded as a file's is. */
export function bufferReader(bytes: Buffer): ByteReader {
  const read = (offset: number, length: number) => {
    const wanted = boundedLength(offset, length, bytes.length)
    return bytes.subarray(offset, offset + wanted)
  }
  return Object.assign(read, { size: bytes.length })
}

/** How many of `length` bytes at `offset` lie in a file of `size`; a field no real file has is malformed. */
function boundedLength(offset: number, length: number, size: number): number {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new MalformedProgram(`an offset of ${offset}`)
  if (!Number.isSafeInteger(length) || length < 0) throw new MalformedProgram(`a length of ${length}`)
  return offset >= size ? 0 : Math.min(length, size - offset)
}

export interface Layout {
  bits: 32 | 64
  littleEndian: boolean
  type: number
  machine: number
  sections: Array<RawSection & { name: string }>
}

export function readLayout(read: ByteReader): Layout | undefined {
  const ident = read(0, 64)
  if (ident.length < 52 || !ident.subarray(0, 4).equals(MAGIC)) return undefined
  const bits = ident[4] === 2 ? 64 : ident[4] === 1 ? 32 : undefined
  const littleEndian = ident[5] === 1 ? true : ident[5] === 2 ? false : undefined
  if (bits === undefined || littleEndian === undefined || (bits === 64 && ident.length < 64)) return undefined
  const field = new FieldReader(littleEndian, bits)

  const type = field.u16(ident, 16)
  const machine = field.u16(ident, 18)
  const header =
    bits === 64
      ? { shoff: 0x28, shentsize: 0x3a, shnum: 0x3c, shstrndx: 0x3e }
      : { shoff: 0x20, shentsize: 0x2e, shnum: 0x30, shstrndx: 0x32 }
  const tableOffset = field.word(ident, header.shoff)
  const entrySize = field.u16(ident, header.shentsize)
  let count = field.u16(ident, header.shnum)
  let namesIndex = field.u16(ident, header.shstrndx)
  if (tableOffset === 0 || entrySize === 0) return { bits, littleEndian, type, machine, sections: [] }
  if (entrySize < SECTION_HEADER_BYTES[bits])
    throw new MalformedProgram(`section headers of ${entrySize} bytes, where an ELF${bits} one has ${SECTION_HEADER_BYTES[bits]}`)

  const first = readSectionHeader(read, field, tableOffset, entrySize)
  if (first === undefined) return { bits, littleEndian, type, machine, sections: [] }
  if (count === 0) count = first.size
  if (namesIndex === SHN_XINDEX) namesIndex = first.link
  checkSectionCount(count, tableOffset, entrySize, read.size)

  const table = read(tableOffset, count * entrySize)
  const headers: RawSection[] = []
  for (let at = 0; at + entrySize <= table.length; at += entrySize) headers.push(sectionHeaderAt(table.subarray(at, at + entrySize), field))
  const namesTable = headers[namesIndex]
  if (namesTable && namesTable.size > MAX_SECTION_NAMES_BYTES)
    throw new MalformedProgram(`a section name table of ${namesTable.size} bytes`)
  const names = namesTable ? read(namesTable.offset, namesTable.size) : Buffer.alloc(0)
  const sections = headers.map(section => ({ ...section, name: nameAt(names, section.nameOffset) }))
  return { bits, littleEndian, type, machine, sections }
}

export interface RawSection {
  nameOffset: number
  type: number
  flags: number
  offset: number
  size: number
  link: number
}

/** The section header table must lie within the file, and hold no more than MAX_SECTIONS. */
function checkSectionCount(count: number, tableOffset: number, entrySize: number, size: number): void {
  if (count > MAX_SECTIONS) throw new MalformedProgram(`${count} section headers, more than the ${MAX_SECTIONS} the action reads`)
  if (tableOffset + count * entrySize > size)
    throw new MalformedProgram(`${count} section headers at offset ${tableOffset} run past the end of the file (${size} bytes)`)
}

function readSectionHeader(read: ByteReader, field: FieldReader, at: number, entrySize: number): RawSection | undefined {
  const entry = read(at, entrySize)
  return entry.length < entrySize ? undefined : sectionHeaderAt(entry, field)
}

function sectionHeaderAt(entry: Buffer, field: FieldReader): RawSection {
  if (field.bits === 64) {
    return {
      nameOffset: field.u32(entry, 0),
      type: field.u32(entry, 4),
      flags: field.word(entry, 8),
      offset: field.word(entry, 24),
      size: field.word(entry, 32),
      link: field.u32(entry, 40)
    }
  }
  return {
    nameOffset: field.u32(entry, 0),
    type: field.u32(entry, 4),
    flags: field.u32(entry, 8),
    offset: field.u32(entry, 16),
    size: field.u32(entry, 20),
    link: field.u32(entry, 24)
  }
}

/** The NUL-ended name at `offset` of a string table; section names are read as latin1, symbol names as UTF-8. */
export function nameAt(names: Buffer, offset: number, encoding: BufferEncoding = 'latin1'): string {
  if (offset >= names.length) return ''
  const end = names.indexOf(0, offset)
  return names.toString(encoding, offset, end < 0 ? names.length : end)
}

/** Integers of the file's byte order; addresses and sizes as wide as its class. */
export class FieldReader {
  constructor(
    private readonly littleEndian: boolean,
    readonly bits: 32 | 64
  ) {}

  u16(buffer: Buffer, at: number): number {
    return this.littleEndian ? buffer.readUInt16LE(at) : buffer.readUInt16BE(at)
  }

  u32(buffer: Buffer, at: number): number {
    return this.littleEndian ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at)
  }

  /** An address, offset or size: 64 bits wide in ELF64, always well within a JavaScript number for real files. */
  word(buffer: Buffer, at: number): number {
    if (this.bits === 32) return this.u32(buffer, at)
    return Number(this.littleEndian ? buffer.readBigUInt64LE(at) : buffer.readBigUInt64BE(at))
  }
}
