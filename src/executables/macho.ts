// The functions a macOS program defines, from its Mach-O symbol table
// (LC_SYMTAB), for the fit per program as ELF's .symtab gives it on Linux.
// Only 64-bit little-endian files are read (arm64 and x86-64 Macs); a
// universal file or a 32-bit one reads as "no symbol table". Every count and
// offset is bounded by the file's size, as elf.ts bounds ELF's.
import { MalformedProgram, MAX_SYMBOL_TABLE_BYTES, nameAt, type ByteReader } from './elf'

const MH_MAGIC_64 = 0xfeedfacf
const HEADER_BYTES = 32
const LC_SYMTAB = 0x2
const LC_SEGMENT_64 = 0x19
const SEGMENT_BYTES = 72
const SECTION_BYTES = 80
const NLIST_BYTES = 16
/** n_type: a debugging entry (stab), and the defined-in-a-section kind. */
const N_STAB = 0xe0
const N_TYPE = 0x0e
const N_SECT = 0x0e
/** A section's flags that say it holds machine code. */
const S_ATTR_PURE_INSTRUCTIONS = 0x80000000
const S_ATTR_SOME_INSTRUCTIONS = 0x400
/** The most load commands read; real programs have tens. */
const MAX_COMMANDS = 1 << 16

/** Whether the bytes start a 64-bit little-endian Mach-O file. */
export function isMachO(read: ByteReader): boolean {
  const head = read(0, 4)
  return head.length === 4 && head.readUInt32LE(0) === MH_MAGIC_64
}

interface SymbolTable {
  symoff: number
  nsyms: number
  stroff: number
  strsize: number
}

/**
 * The names of the functions a Mach-O program defines, without the leading
 * underscore C names get on macOS; undefined when it is not such a file or
 * has no symbol table.
 */
export function parseMachOFunctionNames(read: ByteReader): Set<string> | undefined {
  if (!isMachO(read)) return undefined
  const header = read(0, HEADER_BYTES)
  if (header.length < HEADER_BYTES) return undefined
  const ncmds = header.readUInt32LE(16)
  const sizeofcmds = header.readUInt32LE(20)
  if (ncmds > MAX_COMMANDS || HEADER_BYTES + sizeofcmds > read.size)
    throw new MalformedProgram(`${ncmds} load commands in ${sizeofcmds} bytes`)
  const { symtab, codeSections } = readCommands(read(HEADER_BYTES, sizeofcmds), ncmds)
  if (!symtab || symtab.nsyms * NLIST_BYTES > MAX_SYMBOL_TABLE_BYTES || symtab.strsize > MAX_SYMBOL_TABLE_BYTES) return undefined
  const entries = read(symtab.symoff, symtab.nsyms * NLIST_BYTES)
  const names = read(symtab.stroff, symtab.strsize)
  const functions = new Set<string>()
  for (let at = 0; at + NLIST_BYTES <= entries.length; at += NLIST_BYTES) {
    const type = entries[at + 4]
    if (type & N_STAB || (type & N_TYPE) !== N_SECT || !codeSections.has(entries[at + 5])) continue
    const name = nameAt(names, entries.readUInt32LE(at), 'utf8')
    // Names the assembler made for itself start with l or L (ltmp0); the compilers' start with _.
    if (name && !/^[lL]/.test(name)) functions.add(name.replace(/^_/, ''))
  }
  return functions
}

/** The symbol table's place, and the numbers (from 1, across segments) of the sections that hold code. */
function readCommands(commands: Buffer, ncmds: number): { symtab?: SymbolTable; codeSections: Set<number> } {
  const codeSections = new Set<number>()
  let symtab: SymbolTable | undefined
  let sectionNumber = 0
  for (let at = 0, count = 0; count < ncmds && at + 8 <= commands.length; count++) {
    const [cmd, size] = [commands.readUInt32LE(at), commands.readUInt32LE(at + 4)]
    if (size < 8 || at + size > commands.length) throw new MalformedProgram(`a load command of ${size} bytes at ${at}`)
    if (cmd === LC_SYMTAB && size >= 24) {
      symtab = {
        symoff: commands.readUInt32LE(at + 8),
        nsyms: commands.readUInt32LE(at + 12),
        stroff: commands.readUInt32LE(at + 16),
        strsize: commands.readUInt32LE(at + 20)
      }
    } else if (cmd === LC_SEGMENT_64 && size >= SEGMENT_BYTES) {
      const nsects = commands.readUInt32LE(at + 64)
      if (SEGMENT_BYTES + nsects * SECTION_BYTES > size)
        throw new MalformedProgram(`${nsects} sections in a segment command of ${size} bytes`)
      for (let index = 0; index < nsects; index++) {
        const flags = commands.readUInt32LE(at + SEGMENT_BYTES + index * SECTION_BYTES + 64)
        sectionNumber++
        if (flags & (S_ATTR_PURE_INSTRUCTIONS | S_ATTR_SOME_INSTRUCTIONS)) codeSections.add(sectionNumber)
      }
    }
    at += size
  }
  return { symtab, codeSections }
}
