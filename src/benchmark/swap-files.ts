// The files of a benchmark's swaps, as both the main step (swaps.ts) and
// the post step (swap-journal.ts) handle them: each file's two hidden names
// beside it, the other side's copies removed afterwards, and the error for
// a path that could not take the build back.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ActionError, errorMessage } from '../system/errors'

/** One file the build wrote, and the two names beside it that the swaps use. */
export interface Swap {
  path: string
  /** The build's own file, while the other side's copy is at `path`. */
  kept: string
  /** The other side's copy, while the build's own file is at `path`. */
  other: string
  /** The other side's copy's sha256: what `path` holds while that side's runs have it. */
  otherSha256: string
}

/** What visits the build's paths during a benchmark, as the post step names it. */
export type Visiting = 'the plain build' | 'the variant'

/** The hidden names beside `file` that one benchmark's swaps use. */
export function besideNames(file: string, token: string): Pick<Swap, 'path' | 'kept' | 'other'> {
  const dir = path.dirname(file)
  const name = path.basename(file)
  return {
    path: file,
    kept: path.join(dir, `.${name}.pgo-action-build-${token}`),
    other: path.join(dir, `.${name}.pgo-action-other-${token}`)
  }
}

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

/** The other side's copies beside the paths, removed; what could not be, with why. */
export function removeOtherCopies(swaps: Swap[]): Array<{ file: string; reason: string }> {
  const leftovers: Array<{ file: string; reason: string }> = []
  for (const swap of swaps) {
    const stat = fs.lstatSync(swap.other, { throwIfNoEntry: false })
    if (!stat) continue
    // Only a file the action put there is removed: a directory under its name is what the benchmark left at the path.
    if (stat.isDirectory()) {
      leftovers.push({ file: swap.other, reason: 'a directory the benchmark left at the path, which the swap moved there' })
      continue
    }
    try {
      fs.unlinkSync(swap.other)
    } catch (error) {
      leftovers.push({ file: swap.other, reason: (error as NodeJS.ErrnoException).code ?? errorMessage(error) })
    }
  }
  return leftovers
}

/** A leftover is not the build: the optimized build is in place, and the outputs stand. A warning, or undefined where nothing was left. */
export function leftoversMessage(leftovers: Array<{ file: string; reason: string }>): string | undefined {
  if (leftovers.length === 0) return undefined
  const one = leftovers.length === 1
  return (
    `The optimized build is in place, but ${leftovers.map(({ file, reason }) => `${file} (${reason})`).join(', ')} could not be removed: ` +
    `${one ? 'it is' : 'they are'} not part of the build; remove ${one ? 'it' : 'them'} by hand.`
  )
}
