// While the sides take turns, the plain side's runs find the plain copy of
// each file at the path the build wrote. The build's own file there (a
// program, a library, or the link the build made) is never overwritten: it
// is moved aside by rename, in its own directory, and moved back by rename,
// which needs no free space and keeps it exactly as the build left it. A
// journal written before the first move lets the post step put everything
// back when the step was killed between two moves.
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ActionError } from '../system/errors'
import { FileKinds, readUntrustedText } from '../system/untrusted-file'
import type { Side, SideFile } from './sides'

/** One file the build wrote, and the two names beside it that the swaps use. */
export interface Swap {
  path: string
  /** The build's own file, while the plain copy is at `path`. */
  kept: string
  /** The plain copy, while the build's own file is at `path`. */
  plain: string
}

const FORMAT = 'pgo-action benchmark swaps'

/** The optimized build could not be put back at these paths: where each is now. */
export class BuildNotRestored extends ActionError {
  constructor(
    readonly stuck: Array<{ swap: Swap; reason: string }>,
    /** What failed first, when the benchmark did. */
    after?: string
  ) {
    super(
      (after ? `${after}\n` : '') +
        `The optimized build could not be put back after the benchmark: ${stuck.map(({ swap, reason }) => `${swap.path} (${reason}; the optimized file is at ${swap.kept})`).join(', ')}. ` +
        `${stuck.length === 1 ? 'That path does' : 'Those paths do'} not hold the optimized build: do not release ${stuck.length === 1 ? 'it' : 'them'}. ` +
        'The post step tries once more; if it fails too, rename each optimized file back by hand.'
    )
    this.name = 'BuildNotRestored'
  }
}

/**
 * The swaps of one benchmark. `prepare` puts each plain copy beside its
 * file (a hard link where the file systems allow, else a copy, the only
 * step that needs space, done before anything moves) and writes the
 * journal; then each turn is two renames a file.
 */
export class Swaps {
  private side: Side = 'optimized'

  private constructor(
    readonly swaps: Swap[],
    private readonly journal: string
  ) {}

  static prepare(files: SideFile[], journal: string): Swaps {
    const token = crypto.randomBytes(6).toString('hex')
    const swaps = files.map(file => besideNames(file.path, token))
    try {
      files.forEach((file, index) => placeCopy(file.copies.plain, swaps[index].plain))
    } catch (error) {
      swaps.forEach(swap => fs.rmSync(swap.plain, { force: true }))
      throw new ActionError(`The benchmark cannot put the plain build beside the optimized one (${(error as Error).message}); the optimized build is untouched.`, { cause: error })
    }
    if (swaps.length > 0) {
      fs.mkdirSync(path.dirname(journal), { recursive: true })
      fs.writeFileSync(journal, JSON.stringify({ format: FORMAT, swaps }) + '\n')
    }
    return new Swaps(swaps, journal)
  }

  /** Puts `side`'s file at each path. */
  turn(side: Side): void {
    if (side === this.side) return
    for (const swap of this.swaps) {
      if (side === 'plain') {
        fs.renameSync(swap.path, swap.kept)
        fs.renameSync(swap.plain, swap.path)
      } else {
        // A benchmark that removed the plain copy loses only that copy.
        if (fs.lstatSync(swap.path, { throwIfNoEntry: false })) fs.renameSync(swap.path, swap.plain)
        fs.renameSync(swap.kept, swap.path)
      }
    }
    this.side = side
  }

  /** Puts the build's own files back and removes the plain copies; throws BuildNotRestored, naming them, where it cannot. */
  finish(): void {
    const stuck = restoreSwaps(this.swaps)
    if (stuck.length > 0) throw new BuildNotRestored(stuck)
    fs.rmSync(this.journal, { force: true })
  }
}

function besideNames(file: string, token: string): Swap {
  const dir = path.dirname(file)
  const name = path.basename(file)
  return { path: file, kept: path.join(dir, `.${name}.pgo-action-build-${token}`), plain: path.join(dir, `.${name}.pgo-action-plain-${token}`) }
}

function placeCopy(source: string, target: string): void {
  try {
    fs.linkSync(source, target)
  } catch {
    fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL)
    fs.chmodSync(target, fs.statSync(source).mode)
  }
}

/**
 * Puts each build's own file back over whatever is at its path, wherever
 * the swaps stopped, and removes the plain copy beside it: what the build
 * wrote is at `kept` exactly when it is not at its path.
 */
export function restoreSwaps(swaps: Swap[]): Array<{ swap: Swap; reason: string }> {
  const stuck: Array<{ swap: Swap; reason: string }> = []
  for (const swap of swaps) {
    try {
      if (fs.lstatSync(swap.kept, { throwIfNoEntry: false })) fs.renameSync(swap.kept, swap.path)
      if (fs.lstatSync(swap.plain, { throwIfNoEntry: false })) fs.unlinkSync(swap.plain)
    } catch (error) {
      stuck.push({ swap, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message })
    }
  }
  return stuck
}

/** The swaps a journal records, or undefined when there is none (the benchmark finished, or never swapped). */
export function readJournal(journal: string): Swap[] | undefined {
  if (!fs.existsSync(journal)) return undefined
  const record = JSON.parse(readUntrustedText(journal, FileKinds.manifest, 'refuse')) as { format?: string; swaps?: Swap[] }
  if (record.format !== FORMAT || !Array.isArray(record.swaps)) throw new ActionError(`${journal} is not a journal of benchmark swaps this version reads.`)
  return record.swaps
}

/**
 * The post step's work: the swaps a killed or failed step left, undone.
 * Says what it put back; throws BuildNotRestored where it could not.
 */
export function finishJournal(journal: string, say: (line: string) => void): void {
  const swaps = readJournal(journal)
  if (!swaps) return
  const pending = swaps.filter(swap => fs.lstatSync(swap.kept, { throwIfNoEntry: false }))
  const stuck = restoreSwaps(swaps)
  if (stuck.length > 0) throw new BuildNotRestored(stuck)
  fs.rmSync(journal, { force: true })
  const put = pending.map(swap => swap.path)
  say(
    put.length > 0
      ? `The step ended during the benchmark, with the plain build at ${put.join(', ')}: the optimized build is back there now.`
      : 'The step ended during the benchmark, with the optimized build in place: the plain copies beside it are removed.'
  )
}
