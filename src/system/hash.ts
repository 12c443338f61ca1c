import { createHash } from 'node:crypto'
import { chunksOf, FileKinds, openUntrusted, type FileKind, type LinkRule } from './untrusted-file'

/**
 * A file's sha256, read as untrusted-file.ts reads: a regular file only,
 * never past its size when opened, so a link to /dev/zero or a FIFO is an
 * UntrustedFileError, not a wait without end.
 */
export async function sha256File(file: string, kind: FileKind = FileKinds.build, links: LinkRule = 'follow'): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of chunksOf(openUntrusted(file, kind, links))) hash.update(chunk)
  return hash.digest('hex')
}

/** Whether `file` holds the bytes of `needle`, read in chunks so large programs are never loaded whole. */
export async function fileContains(file: string, needle: string): Promise<boolean> {
  const wanted = Buffer.from(needle)
  let carry = Buffer.alloc(0)
  for await (const chunk of chunksOf(openUntrusted(file, FileKinds.build))) {
    const window = Buffer.concat([carry, chunk])
    if (window.includes(wanted)) return true
    carry = window.subarray(Math.max(0, window.length - wanted.length + 1))
  }
  return false
}
