// The functions a Windows program defines, from its COFF symbol table, for
// the fit per program. Go and MinGW's linker keep that table in the
// program; MSVC's and lld-link's programs carry none (their symbols are in
// a PDB beside them), and read as "no symbol table", as a stripped ELF
// program does. Every count and offset is bounded by the file's size.
import { MalformedProgram, MAX_SYMBOL_TABLE_BYTES, nameAt, type ByteReader } from './elf'

const PE_SIGNATURE = 0x00004550
const COFF_HEADER_BYTES = 20
const SECTION_BYTES = 40
const SYMBOL_BYTES = 18
/** A section's characteristics that say it holds code. */
const IMAGE_SCN_CNT_CODE = 0x20
const IMAGE_SCN_MEM_EXECUTE = 0x20000000
/** Storage classes of functions: external and file-local (static). */
const FUNCTION_CLASSES = new Set([2, 3])
/** The most sections a PE file may have (the format's own limit is 96 for images; objects go higher). */
const MAX_SECTIONS = 1 << 16

/** Where the COFF header starts, when the bytes are a PE file ("MZ", then "PE\0\0" where e_lfanew points). */
function coffHeaderAt(read: ByteReader): number | undefined {
  const dos = read(0, 64)
  if (dos.length < 64 || dos.toString('latin1', 0, 2) !== 'MZ') return undefined
  const at = dos.readUInt32LE(0x3c)
  const signature = read(at, 4)
  return signature.length === 4 && signature.readUInt32LE(0) === PE_SIGNATURE ? at + 4 : undefined
}

/** Whether the bytes are a PE file (a Windows program or DLL). */
export function isPe(read: ByteReader): boolean {
  return coffHeaderAt(read) !== undefined
}

/**
 * The names of the functions a PE program defines in its code sections,
 * from the COFF symbol table; undefined when it is not PE or has no table.
 */
export function parsePeFunctionNames(read: ByteReader): Set<string> | undefined {
  const at = coffHeaderAt(read)
  if (at === undefined) return undefined
  const coff = read(at, COFF_HEADER_BYTES)
  if (coff.length < COFF_HEADER_BYTES) return undefined
  const [sections, symbolsAt, symbols, optionalBytes] = [
    coff.readUInt16LE(2),
    coff.readUInt32LE(8),
    coff.readUInt32LE(12),
    coff.readUInt16LE(16)
  ]
  if (symbolsAt === 0 || symbols === 0) return undefined
  if (sections > MAX_SECTIONS || symbols * SYMBOL_BYTES > MAX_SYMBOL_TABLE_BYTES)
    throw new MalformedProgram(`${sections} sections and ${symbols} symbols`)
  const code = codeSections(read(at + COFF_HEADER_BYTES + optionalBytes, sections * SECTION_BYTES))
  const table = read(symbolsAt, symbols * SYMBOL_BYTES)
  const stringsAt = symbolsAt + symbols * SYMBOL_BYTES
  const sizeField = read(stringsAt, 4)
  const stringsSize = sizeField.length === 4 ? sizeField.readUInt32LE(0) : 0
  const strings = read(stringsAt, Math.min(stringsSize, MAX_SYMBOL_TABLE_BYTES))
  const functions = new Set<string>()
  for (let entry = 0; entry + SYMBOL_BYTES <= table.length; entry += SYMBOL_BYTES * (1 + table[entry + 17])) {
    const section = table.readInt16LE(entry + 12)
    if (!code.has(section) || !FUNCTION_CLASSES.has(table[entry + 16])) continue
    const name = symbolName(table, entry, strings)
    // Section symbols (.text) and the linker's own labels are not functions.
    if (name && !name.startsWith('.')) functions.add(name)
  }
  return functions
}

/** The numbers (from 1) of the sections that hold code. */
function codeSections(headers: Buffer): Set<number> {
  const code = new Set<number>()
  for (let index = 0; (index + 1) * SECTION_BYTES <= headers.length; index++) {
    const characteristics = headers.readUInt32LE(index * SECTION_BYTES + 36)
    if (characteristics & (IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE)) code.add(index + 1)
  }
  return code
}

/** A symbol's name: in its own 8 bytes, or, where the first four are zero, at an offset in the string table. */
function symbolName(table: Buffer, entry: number, strings: Buffer): string {
  if (table.readUInt32LE(entry) === 0) return nameAt(strings, table.readUInt32LE(entry + 4), 'utf8')
  const short = table.subarray(entry, entry + 8)
  const end = short.indexOf(0)
  return short.toString('utf8', 0, end < 0 ? 8 : end)
}
