// Damaging a cache entry the way a faulty store would, for the tests of the
// action's own checks on what it restores.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'

/**
 * The same cache archive with one byte of `file`'s contents flipped: still a
 * valid zstd-compressed tar, so only the action's own hash check can tell.
 */
export function flipByteOfFileInArchive(archive: Buffer, file: string): Buffer {
  const tar = execFileSync('zstd', ['-d', '-c', '-q'], { input: archive })
  const contents = fs.readFileSync(file)
  const probe = contents.subarray(Math.floor(contents.length / 2), Math.floor(contents.length / 2) + 32)
  const at = tar.indexOf(probe)
  if (at < 0) throw new Error('the profile is not stored verbatim in the cache archive')
  tar[at] ^= 0xff
  return execFileSync('zstd', ['-c', '-q'], { input: tar })
}
