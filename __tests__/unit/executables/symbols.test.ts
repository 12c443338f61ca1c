import { bufferReader } from '../../../src/executables/elf'
import { parseFunctionNames } from '../../../src/executables/symbols'

/** A minimal 64-bit little-endian ELF file with a symbol table: the header, .symtab, .strtab and .shstrtab. */
function elfWithSymbols(symbols: Array<{ name: string; type: number; section: number }>): Buffer {
  const strings = Buffer.concat([Buffer.from('\0'), ...symbols.map(symbol => Buffer.from(`${symbol.name}\0`))])
  const table = Buffer.alloc(24 * (symbols.length + 1))
  let nameAt = 1
  symbols.forEach((symbol, i) => {
    const entry = 24 * (i + 1)
    table.writeUInt32LE(nameAt, entry)
    table[entry + 4] = (1 << 4) | symbol.type
    table.writeUInt16LE(symbol.section, entry + 6)
    nameAt += Buffer.byteLength(symbol.name) + 1
  })
  const sectionNames = Buffer.from('\0.symtab\0.strtab\0.shstrtab\0')
  const tableAt = 64
  const stringsAt = tableAt + table.length
  const namesAt = stringsAt + strings.length
  const headersAt = namesAt + sectionNames.length
  const file = Buffer.alloc(headersAt + 64 * 4)
  file.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0)
  file.writeUInt16LE(2, 16)
  file.writeUInt16LE(62, 18)
  file.writeBigUInt64LE(BigInt(headersAt), 0x28)
  file.writeUInt16LE(64, 0x3a)
  file.writeUInt16LE(4, 0x3c)
  file.writeUInt16LE(3, 0x3e)
  table.copy(file, tableAt)
  strings.copy(file, stringsAt)
  sectionNames.copy(file, namesAt)
  const header = (index: number, name: number, type: number, offset: number, size: number, link = 0) => {
    const base = headersAt + index * 64
    file.writeUInt32LE(name, base)
    file.writeUInt32LE(type, base + 4)
    file.writeBigUInt64LE(BigInt(offset), base + 24)
    file.writeBigUInt64LE(BigInt(size), base + 32)
    file.writeUInt32LE(link, base + 40)
  }
  header(1, 1, 2, tableAt, table.length, 2)
  header(2, 9, 3, stringsAt, strings.length)
  header(3, 17, 3, namesAt, sectionNames.length)
  return file
}

const reader = bufferReader
const FUNCTION = 2
const OBJECT = 1

test('the functions a program defines, by their names, without the suffix ThinLTO adds to a local it exports', () => {
  const file = elfWithSymbols([
    { name: 'main', type: FUNCTION, section: 12 },
    { name: '_ZN4scan4main17h29340ce5ab89a7c9E', type: FUNCTION, section: 12 },
    { name: 'helper.llvm.4242', type: FUNCTION, section: 12 },
    { name: 'printf', type: FUNCTION, section: 0 },
    { name: 'table', type: OBJECT, section: 14 }
  ])
  expect(parseFunctionNames(reader(file))).toEqual(new Set(['main', '_ZN4scan4main17h29340ce5ab89a7c9E', 'helper']))
})

test('a file that is not ELF has no functions to read', () => {
  expect(parseFunctionNames(reader(Buffer.from('#!/bin/sh\necho hello\n'.repeat(4))))).toBeUndefined()
})
