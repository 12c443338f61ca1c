// Reading files that code from a pull request may have written: a cache
// entry, an artifact, the checkout, a workload's or a benchmark's output.
// Such a file may be a link to /dev/zero, a FIFO that never answers, or a
// sparse file of any size. It is read only when it is a regular file, once
// links are dealt with as the caller says, and never past the size its
// kind may have; a file that breaks a rule raises UntrustedFileError, which
// names it, for the caller to set aside with a warning.
import * as fs from 'node:fs'
import { ActionError } from './errors'
import { liesWithin, realPath } from './paths'
import { formatBytes } from './units'

/** A kind of file the action reads, and the most bytes one may have. */
export interface FileKind {
  /** In words, for the message: "a fit baseline". */
  name: string
  maxBytes: number
}

const MiB = 1024 * 1024
const GiB = 1024 * MiB

/** The kinds the action reads, each with a bound far above any real one. */
export const FileKinds = {
  /** An indexed LLVM profile or a Go CPU profile: real ones of large projects reach hundreds of MiB. */
  profile: { name: 'a profile', maxBytes: 4 * GiB },
  baseline: { name: 'a fit baseline', maxBytes: 64 * MiB },
  manifest: { name: 'a manifest', maxBytes: 1 * MiB },
  cargoLock: { name: 'a Cargo.lock', maxBytes: 64 * MiB },
  // The TOML parser slows down with the square of the size (a 4 MiB file took 25 s); real ones hold some kilobytes.
  cargoConfig: { name: 'a cargo config', maxBytes: 1 * MiB },
  cargoManifest: { name: 'a Cargo.toml', maxBytes: 1 * MiB },
  pyproject: { name: 'a pyproject.toml', maxBytes: 1 * MiB },
  loaderRecord: { name: "the dynamic loader's record", maxBytes: 64 * MiB },
  /** Programs, libraries and wheels the build wrote. */
  build: { name: 'a build output', maxBytes: 8 * GiB },
  /** A program read whole into memory (a Go program's function name table): larger ones are read by a tool instead. */
  programInMemory: { name: 'a program read into memory', maxBytes: 1 * GiB },
  /** A short file a command the action runs writes for it (a run's CPU times). */
  small: { name: 'a record', maxBytes: 1 * MiB }
} as const satisfies Record<string, FileKind>

/**
 * How links are dealt with: `refuse` for files a cache entry or an
 * artifact unpacked (the action writes regular files only), `within` a
 * directory for the checkout (links followed while they stay inside it),
 * `follow` for files the action found by a path it chose.
 */
export type LinkRule = 'refuse' | 'follow' | { within: string }

/** A file that is not read: it is not a regular file, too large, or a link the rule forbids. */
export class UntrustedFileError extends ActionError {
  constructor(
    readonly file: string,
    readonly reason: string
  ) {
    super(`${file} ${reason}`)
    this.name = 'UntrustedFileError'
  }
}

/** An open regular file and its size when it was opened: nothing past that size is read. */
export interface OpenFile {
  fd: number
  size: number
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0)
const NO_FOLLOW = fs.constants.O_NOFOLLOW ?? 0

/** Opens `file` for reading under the rules; the caller closes it. */
export function openUntrusted(file: string, kind: FileKind, links: LinkRule = 'follow'): OpenFile {
  checkLinks(file, links)
  let fd: number
  try {
    fd = fs.openSync(file, OPEN_FLAGS | (links === 'refuse' ? NO_FOLLOW : 0))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ELOOP') throw new UntrustedFileError(file, 'is a symbolic link')
    throw new UntrustedFileError(file, `cannot be opened (${code ?? (error as Error).message})`)
  }
  try {
    const stat = fs.fstatSync(fd)
    if (!stat.isFile()) throw new UntrustedFileError(file, `is ${describeNonFile(stat)}, not a regular file`)
    if (stat.size > kind.maxBytes)
      throw new UntrustedFileError(
        file,
        `holds ${formatBytes(stat.size)}, more than the ${formatBytes(kind.maxBytes)} ${kind.name} may have`
      )
    return { fd, size: stat.size }
  } catch (error) {
    fs.closeSync(fd)
    throw error
  }
}

function checkLinks(file: string, links: LinkRule): void {
  if (typeof links !== 'object') return
  if (fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() && !liesWithin(file, links.within)) {
    throw new UntrustedFileError(file, `is a symbolic link to ${realPath(file)}, outside ${links.within}`)
  }
}

function describeNonFile(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory'
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device'
  if (stat.isFIFO()) return 'a FIFO'
  if (stat.isSocket()) return 'a socket'
  return 'a special file'
}

/** The whole file, under the rules. */
export function readUntrusted(file: string, kind: FileKind, links: LinkRule = 'follow'): Buffer {
  const { fd, size } = openUntrusted(file, kind, links)
  try {
    const buffer = Buffer.alloc(size)
    let filled = 0
    while (filled < size) {
      const read = fs.readSync(fd, buffer, filled, size - filled, filled)
      if (read === 0) break
      filled += read
    }
    return buffer.subarray(0, filled)
  } finally {
    fs.closeSync(fd)
  }
}

/** The file's first `bytes` bytes (fewer when it is shorter), under the rules. */
export function readUntrustedHead(file: string, kind: FileKind, bytes: number): Buffer {
  const { fd, size } = openUntrusted(file, kind)
  try {
    const head = Buffer.alloc(Math.min(bytes, size))
    const read = fs.readSync(fd, head, 0, head.length, 0)
    return head.subarray(0, read)
  } finally {
    fs.closeSync(fd)
  }
}

/** The file as UTF-8 text, under the rules. */
export function readUntrustedText(file: string, kind: FileKind, links: LinkRule = 'follow'): string {
  return readUntrusted(file, kind, links).toString('utf8')
}

/**
 * Reads an open file's bytes in chunks, up to its size when it was opened
 * (a file that grows meanwhile is not followed), and closes it.
 */
export async function* chunksOf(open: OpenFile, chunkBytes = 1 << 20): AsyncGenerator<Buffer> {
  try {
    const buffer = Buffer.alloc(Math.min(chunkBytes, Math.max(open.size, 1)))
    for (let offset = 0; offset < open.size;) {
      const read = await new Promise<number>((resolve, reject) =>
        fs.read(open.fd, buffer, 0, Math.min(buffer.length, open.size - offset), offset, (error, bytes) =>
          error ? reject(error) : resolve(bytes)
        )
      )
      if (read === 0) return
      offset += read
      yield buffer.subarray(0, read)
    }
  } finally {
    fs.closeSync(open.fd)
  }
}
