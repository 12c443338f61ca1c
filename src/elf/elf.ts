// The ELF room: just enough of the format to tell whether BOLT can rewrite
// a program (its class, byte order, type and machine, and the name, type
// and flags of each section), which compilers built it (its .comment
// section, this file), and which functions it defines (its symbol table,
// symbols.ts). Only the headers and the sections asked for are read, so a
// large program is never loaded whole. It imports nothing of the action's.
import * as fs from 'node:fs'

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

/** Reads `length` bytes at `offset`; fewer at the end of the file. */
export type ByteReader = (offset: number, length: number) => Buffer

const MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46])
// Section header counts and the name table index can overflow into section 0.
const SHN_XINDEX = 0xffff

/** The ELF facts of a file, or undefined when it is not an ELF file. */
export function readElf(file: string): ElfInfo | undefined {
  return withReader(file, parseElf)
}

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
export function readElfComment(file: string): string[] | undefined {
  return withReader(file, parseElfComment)
}

export function parseElfComment(read: ByteReader): string[] | undefined {
  const layout = readLayout(read)
  if (!layout) return undefined
  const comment = layout.sections.find(section => section.name === '.comment')
  if (!comment) return []
  const text = read(comment.offset, Math.min(comment.size, MAX_COMMENT_BYTES)).toString('latin1')
  return [...new Set(text.split('\0').map(line => line.trim()).filter(Boolean))]
}

export function withReader<T>(file: string, parse: (read: ByteReader) => T): T {
  const fd = fs.openSync(file, 'r')
  try {
    return parse((offset, length) => {
      const buffer = Buffer.alloc(length)
      const read = fs.readSync(fd, buffer, 0, length, offset)
      return buffer.subarray(0, read)
    })
  } finally {
    fs.closeSync(fd)
  }
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
  const header = bits === 64 ? { shoff: 0x28, shentsize: 0x3a, shnum: 0x3c, shstrndx: 0x3e } : { shoff: 0x20, shentsize: 0x2e, shnum: 0x30, shstrndx: 0x32 }
  const tableOffset = field.word(ident, header.shoff)
  const entrySize = field.u16(ident, header.shentsize)
  let count = field.u16(ident, header.shnum)
  let namesIndex = field.u16(ident, header.shstrndx)
  if (tableOffset === 0 || entrySize === 0) return { bits, littleEndian, type, machine, sections: [] }

  const first = readSectionHeader(read, field, tableOffset, entrySize)
  if (first === undefined) return { bits, littleEndian, type, machine, sections: [] }
  if (count === 0) count = first.size
  if (namesIndex === SHN_XINDEX) namesIndex = first.link

  const headers: RawSection[] = []
  for (let index = 0; index < count; index++) {
    const section = readSectionHeader(read, field, tableOffset + index * entrySize, entrySize)
    if (section === undefined) break
    headers.push(section)
  }
  const names = headers[namesIndex] ? read(headers[namesIndex].offset, headers[namesIndex].size) : Buffer.alloc(0)
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

function readSectionHeader(read: ByteReader, field: FieldReader, at: number, entrySize: number): RawSection | undefined {
  const entry = read(at, entrySize)
  if (entry.length < entrySize) return undefined
  if (field.bits === 64) {
    return { nameOffset: field.u32(entry, 0), type: field.u32(entry, 4), flags: field.word(entry, 8), offset: field.word(entry, 24), size: field.word(entry, 32), link: field.u32(entry, 40) }
  }
  return { nameOffset: field.u32(entry, 0), type: field.u32(entry, 4), flags: field.u32(entry, 8), offset: field.u32(entry, 16), size: field.u32(entry, 20), link: field.u32(entry, 24) }
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
