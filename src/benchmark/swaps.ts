// While the sides take turns, the other side's runs find its copy of each
// file at the path the build wrote: the plain build's, or the variant's
// (advice: measure). The build's own file there (a program, a library, or
// the link the build made) is never overwritten: it is moved aside by
// rename, in its own directory, and moved back by rename, which needs no
// free space and keeps it exactly as the build left it. A journal written
// before the first move lets the post step put everything back when the
// step was killed between two moves (swap-journal.ts).
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import { ActionError, errorMessage } from '../system/errors'
import { sha256File } from '../system/hash'
import type { Side, SideFile } from './sides'
import { besideNames, BuildNotRestored, removeOtherCopies, leftoversMessage, type Swap, type Visiting } from './swap-files'
import { writeJournal } from './swap-journal'

/** What a benchmark that removed a hidden file is told. */
const HIDDEN_NAMES_ADVICE =
  'The files sit beside the programs under hidden names (.<name>.pgo-action-…) while the benchmark runs: a benchmark that cleans up (rm of dot files, git clean) must leave them alone.'

export interface SwapOptions {
  /** The side whose files the build left at the paths: the optimized build, or the release when a variant visits. */
  resident?: Side
  visiting?: Visiting
  warn?: (line: string) => void
}

/**
 * The swaps of one benchmark. `prepare` puts the other side's copy of each
 * file beside it (a hard link where the file systems allow, else a copy,
 * the only step that needs space, done before anything moves) and writes
 * the journal; then each turn is two renames a file.
 */
export class Swaps {
  private side: Side
  /** The run the files were last turned for: a copy that goes missing went during it. */
  private lastRun = 'the first run'

  private constructor(
    readonly swaps: Swap[],
    private readonly files: SideFile[],
    private readonly journal: string,
    /** The side whose files the build left at the paths: the optimized build, or the release when a variant visits. */
    private readonly resident: Side,
    private readonly visiting: Visiting,
    /** Says what the swaps did that the log must show: a leftover, a file put back from its copy. */
    private readonly warn: (line: string) => void
  ) {
    this.side = resident
  }

  /** `visiting` names the other side's files for the post step: "the plain build". */
  static async prepare(files: SideFile[], journal: string, options: SwapOptions = {}): Promise<Swaps> {
    const { resident = 'optimized', visiting = 'the plain build', warn = () => undefined } = options
    const other: Side = resident === 'optimized' ? 'plain' : 'optimized'
    const token = crypto.randomBytes(6).toString('hex')
    const names = files.map(file => besideNames(file.path, token))
    try {
      files.forEach((file, index) => placeCopy(file.copies[other], names[index].other))
      const swaps = await Promise.all(
        files.map(async (file, index) => ({ ...names[index], otherSha256: await sha256File(file.copies[other]) }))
      )
      if (swaps.length > 0) writeJournal(journal, swaps, visiting)
      return new Swaps(swaps, files, journal, resident, visiting, warn)
    } catch (error) {
      names.forEach(swap => fs.rmSync(swap.other, { force: true }))
      throw new ActionError(
        `The benchmark cannot put ${visiting} beside the optimized build (${errorMessage(error)}); the optimized build is untouched.`,
        { cause: error }
      )
    }
  }

  /** Puts `side`'s file at each path, for the run `run` names ("pair 3"). */
  turn(side: Side, run: string): void {
    if (side !== this.side) {
      if (side === this.resident) this.putBuildBack()
      else this.sendBuildAside()
      this.side = side
    }
    this.lastRun = `${run === 'warm-up' ? 'the warm-up run' : run} of the ${side === this.resident ? 'optimized' : 'other'} side`
  }

  private sendBuildAside(): void {
    const copiesGone = this.swaps.filter(swap => !fs.lstatSync(swap.other, { throwIfNoEntry: false }))
    if (copiesGone.length > 0) {
      throw new ActionError(
        `The benchmark removed ${this.visiting}'s ${copiesGone.length === 1 ? 'copy' : 'copies'} ${copiesGone.map(swap => swap.other).join(', ')} during ${this.lastRun}, ` +
          `so the other side cannot run: the optimized build is in place at ${copiesGone.map(swap => swap.path).join(', ')}. ${HIDDEN_NAMES_ADVICE}`
      )
    }
    const buildGone = this.swaps.filter(swap => !fs.lstatSync(swap.path, { throwIfNoEntry: false }))
    if (buildGone.length > 0)
      throw new ActionError(
        `The benchmark removed ${buildGone.map(swap => swap.path).join(', ')} during ${this.lastRun}, so the sides cannot take turns there.`
      )
    for (const swap of this.swaps) {
      fs.renameSync(swap.path, swap.kept)
      fs.renameSync(swap.other, swap.path)
    }
  }

  private putBuildBack(): void {
    const buildGone = this.swaps.filter(swap => !fs.lstatSync(swap.kept, { throwIfNoEntry: false }))
    if (buildGone.length > 0) {
      throw new ActionError(
        `The benchmark removed the optimized build's ${buildGone.length === 1 ? 'file' : 'files'} set aside as ${buildGone.map(swap => swap.kept).join(', ')} during ${this.lastRun}. ${HIDDEN_NAMES_ADVICE}`
      )
    }
    for (const swap of this.swaps) {
      // A benchmark that removed the other copy loses only that copy.
      if (fs.lstatSync(swap.path, { throwIfNoEntry: false })) fs.renameSync(swap.path, swap.other)
      fs.renameSync(swap.kept, swap.path)
    }
  }

  /**
   * Puts the build's own files back, over whatever is at their paths, and
   * removes the other side's copies; throws BuildNotRestored, naming them,
   * where a file cannot go back. A file the benchmark removed (from its
   * path, or from beside it while set aside) comes back from the action's
   * copy; a leftover that cannot be removed (a directory the benchmark
   * made) is named in a warning.
   */
  finish(): void {
    const stuck: Array<{ swap: Swap; reason: string }> = []
    this.swaps.forEach((swap, index) => {
      try {
        if (fs.lstatSync(swap.kept, { throwIfNoEntry: false })) fs.renameSync(swap.kept, swap.path)
        else if (this.side !== this.resident || !fs.lstatSync(swap.path, { throwIfNoEntry: false }))
          this.restoreFromCopy(swap, this.files[index])
      } catch (error) {
        stuck.push({ swap, reason: (error as NodeJS.ErrnoException).code ?? errorMessage(error) })
      }
    })
    if (stuck.length > 0) throw new BuildNotRestored(stuck)
    this.side = this.resident
    const leftovers = leftoversMessage(removeOtherCopies(this.swaps))
    if (leftovers) this.warn(leftovers)
    fs.rmSync(this.journal, { force: true })
  }

  /**
   * The benchmark removed the optimized file itself: the action's copy of
   * it, made before the benchmark, is written under the hidden name and
   * renamed over whatever the path holds (nothing, or the other side's copy).
   */
  private restoreFromCopy(swap: Swap, file: SideFile): void {
    const copy = file.copies[this.resident]
    fs.copyFileSync(copy, swap.kept, fs.constants.COPYFILE_EXCL)
    fs.chmodSync(swap.kept, fs.statSync(copy).mode)
    fs.renameSync(swap.kept, swap.path)
    this.warn(`The benchmark removed the optimized build's file at ${swap.path}: it is put back there from the action's copy (${copy}).`)
  }
}

function placeCopy(source: string, target: string): void {
  try {
    fs.linkSync(source, target)
  } catch {
    fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL)
    fs.chmodSync(target, fs.statSync(source).mode)
  }
}
