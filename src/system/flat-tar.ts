// A tar archive of plain files in one directory, written so that the same
// files always give the same bytes: names sorted, every time, owner and
// mode fixed. Long names ride in a PAX header, as GNU tar and bsdtar read
// it. Reading takes such an archive back, and nothing else: an entry that
// is not a regular file, or whose name is a path, is refused, so that an
// archive from a cache or an artifact cannot write outside its directory.
import { ActionError } from './errors'

const BLOCK = 512
const NAME_FIELD = 100

export interface FlatEntry {
  name: string
  data: Buffer
}

/** The archive's bytes, entries sorted by name. */
export function packFlatTar(entries: FlatEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const blocks: Buffer[] = []
  for (const { name, data } of sorted) {
    checkEntryName(name, 'an entry')
    const nameBytes = Buffer.from(name)
    if (nameBytes.length > NAME_FIELD) {
      const record = paxRecord('path', name)
      blocks.push(header(`PaxHeader/${shortName(nameBytes)}`, record.length, 'x'), padded(record))
    }
    blocks.push(header(shortName(nameBytes), data.length, '0'), padded(data))
  }
  blocks.push(Buffer.alloc(2 * BLOCK))
  return Buffer.concat(blocks)
}

/** The entries of an archive packFlatTar wrote; `what` names it in errors. */
export function unpackFlatTar(archive: Buffer, what: string): FlatEntry[] {
  const entries: FlatEntry[] = []
  const seen = new Set<string>()
  let longName: string | undefined
  let offset = 0
  while (offset + BLOCK <= archive.length) {
    const block = archive.subarray(offset, offset + BLOCK)
    if (block.every(byte => byte === 0)) return entries
    checkSum(block, what)
    const size = octal(block.subarray(124, 136), what)
    const type = String.fromCharCode(block[156] || 0x30)
    const start = offset + BLOCK
    if (start + size > archive.length) throw bad(what, 'it ends inside an entry')
    const data = archive.subarray(start, start + size)
    offset = start + Math.ceil(size / BLOCK) * BLOCK
    if (type === 'x') {
      longName = readPaxPath(data.toString('utf8')) ?? longName
      continue
    }
    if (type !== '0') throw bad(what, `it holds an entry of type '${type}', and a profile holds plain files only`)
    const name = longName ?? cString(block.subarray(0, NAME_FIELD))
    longName = undefined
    checkEntryName(name, what)
    if (seen.has(name)) throw bad(what, `it holds ${name} twice`)
    seen.add(name)
    entries.push({ name, data: Buffer.from(data) })
  }
  throw bad(what, 'it has no end marker (cut short?)')
}

/** A plain file name: no directory part, nothing the file system reads specially. */
function checkEntryName(name: string, what: string): void {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name))
    throw bad(what, `it holds an entry named '${name}', which is not a plain file name`)
}

function bad(what: string, why: string): ActionError {
  return new ActionError(`${what} is not a profile archive the action wrote: ${why}.`)
}

function header(name: string, size: number, type: '0' | 'x'): Buffer {
  const block = Buffer.alloc(BLOCK)
  block.write(name, 0, NAME_FIELD, 'utf8')
  block.write('0000644\0', 100)
  block.write('0000000\0', 108)
  block.write('0000000\0', 116)
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124)
  block.write('00000000000\0', 136)
  block.write(type, 156)
  block.write('ustar\0', 257)
  block.write('00', 263)
  block.write('        ', 148)
  const sum = block.reduce((total, byte) => total + byte, 0)
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148)
  return block
}

function checkSum(block: Buffer, what: string): void {
  const stored = octal(block.subarray(148, 156), what)
  const blank = Buffer.from(block)
  blank.write('        ', 148)
  if (blank.reduce((total, byte) => total + byte, 0) !== stored) throw bad(what, 'a header fails its checksum')
}

function octal(field: Buffer, what: string): number {
  const text = cString(field).trim()
  if (!/^[0-7]+$/.test(text)) throw bad(what, `a header holds '${text}' where a number belongs`)
  return parseInt(text, 8)
}

function cString(field: Buffer): string {
  const end = field.indexOf(0)
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8')
}

/** The header's name field for a long name: its first bytes, which readers ignore when a PAX path is given. */
function shortName(name: Buffer): string {
  return name
    .subarray(0, NAME_FIELD)
    .toString('utf8')
    .replace(/\uFFFD+$/, '')
}

/** A PAX record, "<length> <key>=<value>\n", whose length counts itself. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`
  const bodyBytes = Buffer.byteLength(body)
  let length = bodyBytes + 1
  while (String(length).length + bodyBytes !== length) length = String(length).length + bodyBytes
  return Buffer.from(`${length}${body}`)
}

function readPaxPath(text: string): string | undefined {
  return /(?:^|\n)\d+ path=([^\n]*)\n/.exec(text)?.[1]
}

function padded(data: Buffer): Buffer {
  const rest = data.length % BLOCK
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(BLOCK - rest)])
}
