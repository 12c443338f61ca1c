import { FieldReader, MAX_SYMBOL_TABLE_BYTES, nameAt, readLayout, SectionType, type ByteReader } from './elf'

/** STT_FUNC, in the low four bits of a symbol's st_info. */
const FUNCTION_SYMBOL = 2
/** SHN_UNDEF: the symbol is only used here, defined elsewhere. */
const UNDEFINED = 0
// ThinLTO renames a local function it exports to another unit ("name.llvm.1234"); the compiler's warnings use the name before.
const LTO_SUFFIX = /\.llvm\.\d+$/

/**
 * The names of the functions a program defines, from its symbol table
 * (.symtab), as the compiler named them; undefined when the file is not
 * ELF or has no symbol table (a stripped program).
 */
export function parseFunctionNames(read: ByteReader): Set<string> | undefined {
  const layout = readLayout(read)
  const table = layout?.sections.find(section => section.type === SectionType.SymbolTable)
  const strings = table ? layout?.sections[table.link] : undefined
  if (!layout || !table || !strings || table.size > MAX_SYMBOL_TABLE_BYTES || strings.size > MAX_SYMBOL_TABLE_BYTES) return undefined
  const field = new FieldReader(layout.littleEndian, layout.bits)
  const entrySize = layout.bits === 64 ? 24 : 16
  const entries = read(table.offset, table.size)
  const names = read(strings.offset, strings.size)
  const functions = new Set<string>()
  for (let at = 0; at + entrySize <= entries.length; at += entrySize) {
    const info = entries[at + (layout.bits === 64 ? 4 : 12)]
    const section = field.u16(entries, at + (layout.bits === 64 ? 6 : 14))
    if ((info & 0xf) !== FUNCTION_SYMBOL || section === UNDEFINED) continue
    const name = nameAt(names, field.u32(entries, at), 'utf8')
    if (name) functions.add(name.replace(LTO_SUFFIX, ''))
  }
  return functions
}
