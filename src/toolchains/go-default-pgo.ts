import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ActionError } from '../system/errors'
import { displayPath } from '../system/paths'
import { sharedActionDir } from '../system/workdir'
import type { ProgramProfile } from './toolchain'

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
  const originals = new Map<string, Buffer | undefined>()
  const notes: string[] = []
  for (const { program, profile } of programProfiles) {
    const dir = await mainPackageDir(program)
    if (!dir) throw new ActionError(`Cannot give ${displayPath(program, cwd)} a profile of its own: go version -m names no main package for it.`)
    const target = path.join(dir, 'default.pgo')
    if (originals.has(target)) {
      throw new ActionError(`${displayPath(program, cwd)} and another program are built from one main package (${displayPath(dir, cwd)}), which takes one profile: give them one directory in $PGO_PROFILE_DIR.`)
    }
    originals.set(target, keepAside(target))
    fs.copyFileSync(profile, target)
    notes.push(`${displayPath(program, cwd)}: its own profile as ${displayPath(target, cwd)} for this build${originals.get(target) ? ' (the default.pgo there is put back after it)' : ''}`)
  }
  const restore = () => {
    for (const [target, original] of originals) {
      if (original) fs.writeFileSync(target, original)
      else fs.rmSync(target, { force: true })
    }
  }
  return { notes, restore }
}

/** The bytes of a default.pgo that is there, with a copy of them in the action's directory; undefined when there is none. */
function keepAside(file: string): Buffer | undefined {
  if (!fs.existsSync(file)) return undefined
  const bytes = fs.readFileSync(file)
  const aside = sharedActionDir('default-pgo-kept')
  fs.mkdirSync(aside, { recursive: true })
  fs.writeFileSync(path.join(aside, `${crypto.createHash('sha256').update(bytes).digest('hex')}.pgo`), bytes)
  return bytes
}
