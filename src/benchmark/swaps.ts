// While the sides take turns, the other side's runs find its copy of each
// file at the path the build wrote: the plain build's, or the variant's
// (advice: measure). The build's own file there (a program, a library, or
// the link the build made) is never overwritten: it is moved aside by
// rename, in its own directory, and moved back by rename, which needs no
// free space and keeps it exactly as the build left it. A journal written
// before the first move lets the post step put everything back when the
// step was killed between two moves.
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ActionError } from '../system/errors'
import { FileKinds, readUntrustedText } from '../system/untrusted-file'
import type { Side, SideFile } from './sides'

/** One file the build wrote, and the two names beside it that the swaps use. */
export interface Swap {
  path: string
  /** The build's own file, while the other side's copy is at `path`. */
  kept: string
  /** The other side's copy, while the build's own file is at `path`. */
  other: string
}

const FORMAT = 'pgo-action benchmark swaps'

/** What visits the build's paths during a benchmark, as the post step names it. */
export type Visiting = 'the plain build' | 'the variant'

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
 * The swaps of one benchmark. `prepare` puts the other side's copy of each
 * file beside it (a hard link where the file systems allow, else a copy,
 * the only step that needs space, done before anything moves) and writes
 * the journal; then each turn is two renames a file.
 */
export class Swaps {
  private side: Side

  private constructor(
    readonly swaps: Swap[],
    private readonly journal: string,
    /** The side whose files the build left at the paths: the optimized build, or the release when a variant visits. */
    private readonly resident: Side
  ) {
    this.side = resident
  }

  /** `visiting` names the other side's files for the post step: "the plain build". */
  static prepare(files: SideFile[], journal: string, resident: Side = 'optimized', visiting: Visiting = 'the plain build'): Swaps {
    const other: Side = resident === 'optimized' ? 'plain' : 'optimized'
    const token = crypto.randomBytes(6).toString('hex')
    const swaps = files.map(file => besideNames(file.path, token))
    try {
      files.forEach((file, index) => placeCopy(file.copies[other], swaps[index].other))
    } catch (error) {
      swaps.forEach(swap => fs.rmSync(swap.other, { force: true }))
      throw new ActionError(`The benchmark cannot put ${visiting} beside the optimized one (${(error as Error).message}); the optimized build is untouched.`, { cause: error })
    }
    if (swaps.length > 0) {
      fs.mkdirSync(path.dirname(journal), { recursive: true })
      fs.writeFileSync(journal, JSON.stringify({ format: FORMAT, swaps, visiting }) + '\n')
    }
    return new Swaps(swaps, journal, resident)
  }

  /** Puts `side`'s file at each path. */
  turn(side: Side): void {
    if (side === this.side) return
    for (const swap of this.swaps) {
      if (side !== this.resident) {
        fs.renameSync(swap.path, swap.kept)
        fs.renameSync(swap.other, swap.path)
      } else {
        // A benchmark that removed the other copy loses only that copy.
        if (fs.lstatSync(swap.path, { throwIfNoEntry: false })) fs.renameSync(swap.path, swap.other)
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
  return { path: file, kept: path.join(dir, `.${name}.pgo-action-build-${token}`), other: path.join(dir, `.${name}.pgo-action-other-${token}`) }
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
 * the swaps stopped, and removes the other side's copy beside it: what the
 * build wrote is at `kept` exactly when it is not at its path.
 */
export function restoreSwaps(swaps: Swap[]): Array<{ swap: Swap; reason: string }> {
  const stuck: Array<{ swap: Swap; reason: string }> = []
  for (const swap of swaps) {
    try {
      if (fs.lstatSync(swap.kept, { throwIfNoEntry: false })) fs.renameSync(swap.kept, swap.path)
      if (fs.lstatSync(swap.other, { throwIfNoEntry: false })) fs.unlinkSync(swap.other)
    } catch (error) {
      stuck.push({ swap, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message })
    }
  }
  return stuck
}

/** The swaps a journal records and what visited, or undefined when there is none (the benchmark finished, or never swapped). */
export function readJournal(journal: string): { swaps: Swap[]; visiting: Visiting } | undefined {
  if (!fs.existsSync(journal)) return undefined
  const record = JSON.parse(readUntrustedText(journal, FileKinds.manifest, 'refuse')) as { format?: string; swaps?: Swap[]; visiting?: unknown }
  if (record.format !== FORMAT || !Array.isArray(record.swaps)) throw new ActionError(`${journal} is not a journal of benchmark swaps this version reads.`)
  // Only the action's own words are said again: a journal someone else wrote names nothing.
  const visiting: Visiting = record.visiting === 'the variant' ? 'the variant' : 'the plain build'
  return { swaps: record.swaps, visiting }
}

/**
 * The post step's work: the swaps a killed or failed step left, undone.
 * Says what it put back; throws BuildNotRestored where it could not.
 */
export function finishJournal(journal: string, say: (line: string) => void): void {
  const record = readJournal(journal)
  if (!record) return
  const { swaps, visiting } = record
  const pending = swaps.filter(swap => fs.lstatSync(swap.kept, { throwIfNoEntry: false }))
  const stuck = restoreSwaps(swaps)
  if (stuck.length > 0) throw new BuildNotRestored(stuck)
  fs.rmSync(journal, { force: true })
  const put = pending.map(swap => swap.path)
  say(
    put.length > 0
      ? `The step ended during the benchmark, with ${visiting} at ${put.join(', ')}: the optimized build is back there now.`
      : `The step ended during the benchmark, with the optimized build in place: the copies of ${visiting} beside it are removed.`
  )
}
