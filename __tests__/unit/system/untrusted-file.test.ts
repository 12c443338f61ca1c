import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { sha256File } from '../../../src/system/hash'
import { readUntrustedText, UntrustedFileError } from '../../../src/system/untrusted-file'

const SMALL = { name: 'a record', maxBytes: 16 }
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-untrusted-'))
const file = (name: string, text = 'twelve bytes') => {
  fs.writeFileSync(path.join(dir, name), text)
  return path.join(dir, name)
}

test('a regular file within its bound is read whole', () => {
  expect(readUntrustedText(file('plain'), SMALL, 'refuse')).toBe('twelve bytes')
})

test('a link to /dev/zero: refused as a link, or as a device when links are followed; never read without end', async () => {
  const linked = path.join(dir, 'zero')
  fs.symlinkSync('/dev/zero', linked)
  expect(() => readUntrustedText(linked, SMALL, 'refuse')).toThrow(new UntrustedFileError(linked, 'is a symbolic link'))
  expect(() => readUntrustedText(linked, SMALL)).toThrow(`${linked} is a device, not a regular file`)
  await expect(sha256File(linked)).rejects.toThrow('is a device, not a regular file')
})

test('a FIFO is refused at once, not waited on for a writer', () => {
  const fifo = path.join(dir, 'fifo')
  execFileSync('mkfifo', [fifo])
  expect(() => readUntrustedText(fifo, SMALL)).toThrow(`${fifo} is a FIFO, not a regular file`)
})

test("a file over its kind's bound is refused, naming both sizes", () => {
  expect(() => readUntrustedText(file('large', 'x'.repeat(17)), SMALL)).toThrow('holds 17 B, more than the 16 B a record may have')
})

test('links in the checkout are followed while they stay inside it', () => {
  const inside = path.join(dir, 'inside-link')
  fs.symlinkSync(file('target'), inside)
  expect(readUntrustedText(inside, SMALL, { within: dir })).toBe('twelve bytes')
  const elsewhere = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-elsewhere-')), 'file')
  fs.writeFileSync(elsewhere, 'secret')
  const outside = path.join(dir, 'outside-link')
  fs.symlinkSync(elsewhere, outside)
  expect(() => readUntrustedText(outside, SMALL, { within: dir })).toThrow(
    `is a symbolic link to ${fs.realpathSync(elsewhere)}, outside ${dir}`
  )
})
