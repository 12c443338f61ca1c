import { createHash } from 'node:crypto'
import * as fs from 'node:fs'

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Whether `file` holds the bytes of `needle`, read in chunks so large programs are never loaded whole. */
export async function fileContains(file: string, needle: string): Promise<boolean> {
  const wanted = Buffer.from(needle)
  let carry = Buffer.alloc(0)
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const window = Buffer.concat([carry, chunk as Buffer])
    if (window.includes(wanted)) return true
    carry = window.subarray(Math.max(0, window.length - wanted.length + 1))
  }
  return false
}
