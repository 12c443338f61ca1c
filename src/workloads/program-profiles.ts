import * as fs from 'node:fs'
import * as path from 'node:path'
import { PROFILE_DIR_ENV } from '../constants'
import { ActionError } from '../system/errors'
import { programBaseName } from '../platform/host'

/** The raw profiles one program is built from: those for every program, and its own. */
export interface ProgramRawProfiles {
  program: string
  /** The program's name, which is its directory's in PGO_PROFILE_DIR. */
  name: string
  files: string[]
}

/** A program's name as a workload writes it in $PGO_PROFILE_DIR/<name>/: its file name, without .exe. */
export function programName(program: string): string {
  return programBaseName(path.basename(program))
}

/**
 * A directory in the profile directory for each program, made before the
 * workloads run, so that `-cpuprofile $PGO_PROFILE_DIR/<name>/cpu.pprof`
 * finds it there.
 */
export function makeProgramDirs(profileDir: string, programs: string[]): void {
  for (const program of programs) fs.mkdirSync(path.join(profileDir, programName(program)), { recursive: true })
}

/** The directories in the profile directory that hold files, by name: each a program's own profiles. */
export function programDirs(profileDir: string): string[] {
  return fs
    .readdirSync(profileDir, { withFileTypes: true })
    .filter(entry => entry.isDirectory() && !entry.name.startsWith('.') && fs.readdirSync(path.join(profileDir, entry.name)).length > 0)
    .map(entry => entry.name)
    .sort()
}

/**
 * Which raw profiles build which program, when the workloads wrote some for
 * one program only ($PGO_PROFILE_DIR/<name>/). Files at the top are for
 * every program. A directory that names no program, or a program left with
 * no profile at all, is an error: the build would otherwise quietly use
 * less than the workflow meant.
 */
export function assignToPrograms(programs: string[], shared: string[], own: Map<string, string[]>): ProgramRawProfiles[] {
  const names = new Map(programs.map(program => [programName(program), program]))
  const unknown = [...own.keys()].filter(name => !names.has(name))
  if (unknown.length > 0) {
    throw new ActionError(
      `$${PROFILE_DIR_ENV}/${unknown.join(`, $${PROFILE_DIR_ENV}/`)} names no program the build wrote (${[...names.keys()].join(', ')}). ` +
        `A directory in $${PROFILE_DIR_ENV} holds the profiles of the program of that name only; profiles for every program go at its top.`
    )
  }
  const assigned = [...names].map(([name, program]) => ({ program, name, files: [...shared, ...(own.get(name) ?? [])] }))
  const empty = assigned.filter(entry => entry.files.length === 0)
  if (empty.length > 0) {
    throw new ActionError(
      `With profiles for one program at a time, every program needs one: ${empty.map(entry => entry.name).join(', ')} has none ` +
        `(no $${PROFILE_DIR_ENV}/${empty[0].name}/ and nothing at the top of $${PROFILE_DIR_ENV}). Profile it too, or set binaries to the programs you profile.`
    )
  }
  return assigned
}
