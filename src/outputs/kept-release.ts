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

async function restoreProgram(program: KeptRelease['programs'][number], what: string): Promise<void> {
  const beside = path.join(path.dirname(program.path), `.${path.basename(program.path)}.pgo-action-release`)
  try {
    if ((await sha256File(program.copy)) !== program.sha256) throw new Error(`its copy ${program.copy} no longer has the released bytes`)
    fs.mkdirSync(path.dirname(program.path), { recursive: true })
    fs.copyFileSync(program.copy, beside)
    fs.chmodSync(beside, program.mode)
    fs.renameSync(beside, program.path)
    if ((await sha256File(program.path)) !== program.sha256) throw new Error('the file put back does not have the released bytes')
  } catch (error) {
    fs.rmSync(beside, { force: true })
    throw new ReleaseLost(
      `${what} changed the released ${program.path}, and it could not be put back (${(error as Error).message}): that path does not hold the optimized build, do not release it. ` +
        `The action's copy of it, sha256 ${program.sha256}, is at ${program.copy} until the job ends.`,
      { cause: error }
    )
  }
}
