// The plain build shipped in place of a slower optimized one (if-slower:
// ship-plain): the benchmark's copy of each plain file is written beside
// the build's path and renamed over it, then checked byte for byte, so a
// path holds one build or the other whole, never a part.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ActionError } from '../system/errors'
import { sha256File } from '../system/hash'

/** A path the build wrote, and the plain build's copy of the file that goes there. */
export interface PlainCopy {
  path: string
  copy: string
}

/** Puts every plain copy at its path; fails naming the paths that hold the plain build already and the one that could not. */
export async function shipPlainCopies(copies: PlainCopy[]): Promise<void> {
  const done: string[] = []
  for (const { path: target, copy } of copies) {
    const beside = path.join(path.dirname(target), `.${path.basename(target)}.pgo-action-plain`)
    try {
      const sha256 = await sha256File(copy)
      fs.copyFileSync(copy, beside)
      fs.chmodSync(beside, fs.statSync(copy).mode)
      fs.renameSync(beside, target)
      if ((await sha256File(target)) !== sha256) throw new Error('the file written does not have the plain build’s bytes')
      done.push(target)
    } catch (error) {
      fs.rmSync(beside, { force: true })
      const shipped = done.length > 0 ? ` ${done.join(', ')} already hold${done.length === 1 ? 's' : ''} the plain build;` : ''
      throw new ActionError(
        `The plain build could not be put at ${target} (${(error as Error).message}):${shipped} the other paths hold the optimized build. ` +
          `The plain build's copy is at ${copy} until the job ends.`,
        { cause: error }
      )
    }
  }
}
