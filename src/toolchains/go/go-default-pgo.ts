import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { checkWritable, occupant, removeOwnFile, replaceFile } from '../../system/checkout-files'
import { ActionError } from '../../system/errors'
import { displayPath } from '../../system/paths'
import { sharedActionDir } from '../../system/workdir'
import type { ProgramProfile } from '../toolchain'
import { FileKinds, readUntrusted } from '../../system/untrusted-file'

export interface PlacedProfiles {
  /** What was put where, for the log. */
  notes: string[]
  /** Puts back each default.pgo as it was before (or removes the ones that were not there). */
  restore: () => void
}

/**
 * One profile per program, the way Go builds take them: one build command
 * builds every main package, and with -pgo=auto each reads the default.pgo
 * beside it. So each program's profile is put there for the build, and the
 * files are put back as they were afterwards. A default.pgo the workflow
 * keeps is also copied, named by its hash, into the action's directory
 * first, so that it survives even a runner that dies mid-build.
 */
export async function placeProgramProfiles(
  programProfiles: ProgramProfile[],
  mainPackageDir: (program: string) => Promise<string | undefined>,
  cwd: string
): Promise<PlacedProfiles> {
  // Every target is checked before any is written: a refusal leaves the checkout as it was.
  const targets = new Map<string, { program: string; profile: string }>()
  for (const { program, profile } of programProfiles) {
    const dir = await mainPackageDir(program)
    if (!dir)
      throw new ActionError(`Cannot give ${displayPath(program, cwd)} a profile of its own: go version -m names no main package for it.`)
    const target = path.join(dir, 'default.pgo')
    if (targets.has(target)) {
      throw new ActionError(
        `${displayPath(program, cwd)} and another program are built from one main package (${displayPath(dir, cwd)}), which takes one profile: give them one directory in $PGO_PROFILE_DIR.`
      )
    }
    checkWritable(target, cwd, displayPath(target, cwd))
    targets.set(target, { program, profile })
  }
  const originals = new Map<string, Buffer | undefined>()
  const notes: string[] = []
  for (const [target, { program, profile }] of targets) {
    originals.set(target, keepAside(target))
    replaceFile(target, fs.readFileSync(profile), cwd, displayPath(target, cwd))
    notes.push(
      `${displayPath(program, cwd)}: its own profile as ${displayPath(target, cwd)} for this build${originals.get(target) ? ' (the default.pgo there is put back after it)' : ''}`
    )
  }
  // The build ran in between, and may have put a link where the profile was: it is replaced, not followed.
  const restore = () => {
    for (const [target, original] of originals) {
      if (original) replaceFile(target, original, cwd, displayPath(target, cwd))
      else removeOwnFile(target)
    }
  }
  return { notes, restore }
}

/** The bytes of a default.pgo that is there, with a copy of them in the action's directory; undefined when there is none. */
function keepAside(file: string): Buffer | undefined {
  if (occupant(file) === 'none') return undefined
  const bytes = readUntrusted(file, FileKinds.profile, 'refuse')
  const aside = sharedActionDir('default-pgo-kept')
  fs.mkdirSync(aside, { recursive: true })
  fs.writeFileSync(path.join(aside, `${crypto.createHash('sha256').update(bytes).digest('hex')}.pgo`), bytes)
  return bytes
}
