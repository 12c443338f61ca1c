// Another build shipped in place of the optimized one: the plain build,
// where the optimized one was significantly slower (if-slower:
// ship-plain), or the LTO variant, where it was significantly faster
// (advice: ship-if-faster). The benchmark's copy of each file is written
// beside the build's path and renamed over it, then checked byte for byte,
// so a path holds one build or the other whole, never a part.
import * as fs from 'node:fs'
import { ActionError } from '../system/errors'
import { sha256File } from '../system/hash'
import { replaceVerified } from './kept-release'

/** A path the build wrote, and the copy of the other build's file that goes there. */
export interface ShippedCopy {
  path: string
  copy: string
}

/** Puts every copy of `build` ("the plain build") at its path; fails naming the paths that hold it already and the one that could not. */
export async function shipCopies(copies: ShippedCopy[], build: string): Promise<void> {
  const done: string[] = []
  for (const { path: target, copy } of copies) {
    try {
      const verified = { file: copy, sha256: await sha256File(copy), mode: fs.statSync(copy).mode }
      await replaceVerified(target, verified, 'shipped', `the file written does not have the bytes of ${build}`)
      done.push(target)
    } catch (error) {
      const shipped = done.length > 0 ? ` ${done.join(', ')} already hold${done.length === 1 ? 's' : ''} ${build};` : ''
      throw new ActionError(
        `${build[0].toUpperCase()}${build.slice(1)} could not be put at ${target} (${(error as Error).message}):${shipped} the other paths hold the optimized build. ` +
          `Its copy is at ${copy} until the job ends.`,
        { cause: error }
      )
    }
  }
}
