// Damaging a cache entry the way a faulty store would, for the tests of the
// action's own checks on what it restores.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

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

/** The same cache archive with one more file beside the saved ones, as an entry written by someone else could be. */
export function addFileToArchive(archive: Buffer, name: string, contents: string): Buffer {
  return changeArchive(archive, dir => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    fs.writeFileSync(path.join(dir, name), contents)
  })
}

/** The same cache archive with `name` made a symbolic link to `target` (such as /dev/zero), as a crafted entry could hold. */
export function linkFileInArchive(archive: Buffer, name: string, target: string): Buffer {
  return changeArchive(archive, dir => {
    fs.rmSync(path.join(dir, name), { force: true })
    fs.symlinkSync(target, path.join(dir, name))
  })
}

function changeArchive(archive: Buffer, change: (dir: string) => void): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-archive-'))
  try {
    execFileSync('tar', ['-x', '-C', dir], { input: execFileSync('zstd', ['-d', '-c', '-q'], { input: archive }) })
    change(dir)
    const tar = execFileSync('tar', ['--posix', '-c', '-C', dir, ...fs.readdirSync(dir)])
    return execFileSync('zstd', ['-c', '-q'], { input: tar })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** The first half of the archive: zstd cannot unpack it, as after an upload cut short. */
export function truncateArchive(archive: Buffer): Buffer {
  return archive.subarray(0, Math.floor(archive.length / 2))
}

/** The names of the files a cache archive holds. */
export function listArchive(archive: Buffer): string[] {
  const tar = execFileSync('zstd', ['-d', '-c', '-q'], { input: archive })
  return execFileSync('tar', ['-t'], { input: tar }).toString().split('\n').filter(Boolean)
}
