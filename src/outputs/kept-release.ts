// The released programs, kept while a second build runs beside them (advice:
// measure's variant). That build runs the user's build command again, which
// may remove the output directory (rm -rf target) or write a program anew:
// each released program is copied into the action's own directory with its
// sha256 first, and afterwards every one that is gone or changed goes back,
// with its directories, and is checked byte for byte.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ActionError } from '../system/errors'
import { sha256File } from '../system/hash'

export interface KeptRelease {
  programs: Array<{ path: string; copy: string; sha256: string; mode: number }>
}

/** Copies each program into `dir` (one directory each, so that equal names cannot meet), with its sha256. */
export async function keepRelease(programs: string[], dir: string): Promise<KeptRelease> {
  fs.rmSync(dir, { recursive: true, force: true })
  const kept = await Promise.all(
    programs.map(async (program, index) => {
      const copy = path.join(dir, String(index), path.basename(program))
      fs.mkdirSync(path.dirname(copy), { recursive: true })
      fs.copyFileSync(program, copy)
      return { path: program, copy, sha256: await sha256File(program), mode: fs.statSync(program).mode }
    })
  )
  return { programs: kept }
}

/** Thrown where a released program cannot be put back: the step must fail, as the release is not whole. */
export class ReleaseLost extends ActionError {}

/**
 * Puts back every released program that is gone from its path or holds
 * other bytes: its directories made again, the copy written beside it and
 * renamed over the path, then checked. Says in a sentence what `what` did,
 * or undefined when every program is as it was.
 */
export async function putReleaseBack(kept: KeptRelease, what: string): Promise<string | undefined> {
  const removed: string[] = []
  const changed: string[] = []
  for (const program of kept.programs) {
    const exists = fs.lstatSync(program.path, { throwIfNoEntry: false }) !== undefined
    if (exists && (await sha256File(program.path).catch(() => undefined)) === program.sha256) continue
    await restoreProgram(program, what)
    ;(exists ? changed : removed).push(program.path)
  }
  const done = [removed.length > 0 ? `removed ${removed.join(', ')}` : '', changed.length > 0 ? `wrote over ${changed.join(', ')}` : '']
    .filter(Boolean)
    .join(' and ')
  if (!done) return undefined
  const one = removed.length + changed.length === 1
  return `${what} ${done}: the optimized build's ${one ? 'file is' : 'files are'} back in place from the action's copies, byte for byte (sha256 checked).`
}

/**
 * Writes `copy` beside `target` under a hidden name (`tag` tells whose),
 * with `mode`, renames it over `target` (its directories made again), and
 * checks that `target` then has `sha256`: the path holds the old file or
 * the new one whole, never a part. The file beside is removed on any
 * failure; the error says what failed, in `mismatch` for the last check.
 */
export async function replaceVerified(
  target: string,
  copy: { file: string; sha256: string; mode: number },
  tag: string,
  mismatch: string
): Promise<void> {
  const beside = path.join(path.dirname(target), `.${path.basename(target)}.pgo-action-${tag}`)
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.copyFileSync(copy.file, beside)
    fs.chmodSync(beside, copy.mode)
    fs.renameSync(beside, target)
    if ((await sha256File(target)) !== copy.sha256) throw new Error(mismatch)
  } catch (error) {
    fs.rmSync(beside, { force: true })
    throw error
  }
}

async function restoreProgram(program: KeptRelease['programs'][number], what: string): Promise<void> {
  try {
    if ((await sha256File(program.copy)) !== program.sha256) throw new Error(`its copy ${program.copy} no longer has the released bytes`)
    const copy = { file: program.copy, sha256: program.sha256, mode: program.mode }
    await replaceVerified(program.path, copy, 'release', 'the file put back does not have the released bytes')
  } catch (error) {
    throw new ReleaseLost(
      `${what} changed the released ${program.path}, and it could not be put back (${(error as Error).message}): that path does not hold the optimized build, do not release it. ` +
        `The action's copy of it, sha256 ${program.sha256}, is at ${program.copy} until the job ends.`,
      { cause: error }
    )
  }
}
