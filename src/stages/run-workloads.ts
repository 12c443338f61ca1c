import { isSharedLibrary } from '../libraries/kinds'
import { WHEELS_ENV } from '../libraries/wheels'
import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { PROFILE_DIR_ENV } from '../constants'
import { ActionError } from '../system/errors'
import type { Config } from '../config'
import { compareTrees, listTree } from '../system/build-tree'
import { filesIn, nonFilesIn } from '../system/paths'
import { protectedDirectories } from '../system/workdir'
import { printable } from '../system/untrusted-text'
import type { StageOutcome } from '../report/stage'
import { formatBytes } from '../report/format'
import type { RawProfileScreen, Toolchain } from '../toolchains/toolchain'
import { assignToPrograms, makeProgramDirs, programDirs, type ProgramRawProfiles } from '../workloads/program-profiles'
import { runWorkloadCommands } from '../workloads/workload-commands'
import { emulatorEnv, writeEmulatorWrappers, type Emulation } from '../targets/emulator'
import { FileKinds } from '../system/untrusted-file'

export interface RawProfiles {
  files: string[]
  bytes: number
  /** Wall-clock seconds the workload commands took together. */
  seconds: number
  /** Each program's raw profiles, when the workloads wrote some for one program only. */
  byProgram?: ProgramRawProfiles[]
}

/**
 * Runs each workload command with bash in the working directory, the
 * instrumented programs first on PATH (libraries on LD_LIBRARY_PATH), and
 * their profiles sent to `profileDir`.
 */
export async function runWorkloads(
  config: Config,
  toolchain: Toolchain,
  programs: string[],
  dirs: { profileDir: string; logDir: string; emulatorDir: string },
  emulation?: Emulation,
  wheels: string[] = []
): Promise<StageOutcome<RawProfiles>> {
  const { profileDir, logDir } = dirs
  // An emulated target's programs are reached through scripts of their names, first on PATH.
  const wrappers = emulation ? writeEmulatorWrappers(programs, dirs.emulatorDir, emulation) : undefined
  const total = config.workload.length
  const jobs = Math.min(config.workloadJobs, total)
  const { isOfWorkload } = toolchain.workloads
  const before = toolchain.workloads.leftoverWarning ? listTree(config.workingDirectory, protectedDirectories()) : undefined
  if (toolchain.workloads.perProgram) makeProgramDirs(profileDir, programs)
  const seconds = await runWorkloadCommands(config, {
    programDirs: [...(wrappers ? [wrappers] : []), ...programs.map(program => path.dirname(program))],
    libraries: programs.filter(isSharedLibrary),
    profileDir,
    env: number => ({
      ...toolchain.workloads.env(profileDir, number),
      ...(emulation ? emulatorEnv(emulation) : {}),
      ...(wheels.length ? { [WHEELS_ENV]: wheels.join('\n') } : {})
    }),
    profiles: () => [
      ...rawProfiles(checkProfileDir(profileDir), toolchain),
      ...programDirs(profileDir).flatMap(name => rawProfiles(path.join(profileDir, name), toolchain))
    ],
    profilesOf: isOfWorkload ? number => filesIn(profileDir, name => isOfWorkload(name, number)) : undefined,
    noun: 'raw profile',
    noProfileReason: toolchain.workloads.noProfileOfLineReason,
    logDir
  })
  if (before) warnOfLeftovers(toolchain, before, config.workingDirectory)
  const ownDirs = toolchain.workloads.perProgram ? programDirs(profileDir) : []
  const own = new Map(ownDirs.map(name => [name, rawProfiles(path.join(profileDir, name), toolchain)]))
  const found = [...rawProfiles(checkProfileDir(profileDir), toolchain), ...[...own.values()].flat()]
  if (found.length === 0) {
    throw new ActionError(
      `The workloads wrote no profiles into ${profileDir} ($${PROFILE_DIR_ENV}). ${toolchain.workloads.noProfilesAdvice(programs)}`
    )
  }
  const files = usableProfiles(found, toolchain, programs)
  const strays = toolchain.workloads.perProgram ? [] : nonFilesIn(profileDir, name => toolchain.workloads.isRaw(name))
  if (strays.length > 0)
    core.warning(
      `${PROFILE_DIR_ENV} holds ${strays.join(', ')}, which ${strays.length === 1 ? 'is not a file' : 'are not files'}: not profiles, so not merged.`
    )
  const byProgram =
    ownDirs.length > 0
      ? assignToPrograms(
          programs,
          files.filter(file => path.dirname(file) === profileDir),
          usableByName(own, files)
        )
      : undefined
  const bytes = files.reduce((sum, file) => sum + fs.statSync(file).size, 0)
  const perProgram = byProgram ? `; per program: ${byProgram.map(entry => `${entry.name} ${entry.files.length}`).join(', ')}` : ''
  return {
    value: { files, bytes, seconds, byProgram },
    result: `${total} command${total === 1 ? '' : 's'}${jobs > 1 ? ` (${jobs} at a time)` : ''}, ${files.length} raw profile${files.length === 1 ? '' : 's'} (${formatBytes(bytes)})${perProgram}${emulation ? `; emulated: ${emulation.description}` : ''}`
  }
}

/** Each program directory's files that passed the screen. */
function usableByName(own: Map<string, string[]>, usable: string[]): Map<string, string[]> {
  return new Map([...own].map(([name, files]) => [name, files.filter(file => usable.includes(file))]))
}

/** A warning for files the workloads left in the working directory, when the toolchain knows what left them. */
function warnOfLeftovers(toolchain: Toolchain, before: ReturnType<typeof listTree>, workingDirectory: string): void {
  const { created } = compareTrees(before, listTree(workingDirectory, protectedDirectories()))
  const warning = toolchain.workloads.leftoverWarning?.(created)
  if (warning) core.warning(warning)
}

/**
 * The files the merge can use. Those the toolchain can tell it cannot (a Go
 * heap profile beside the CPU profile) are left out with a warning naming
 * each; when none is left, the step fails naming them all.
 */
function usableProfiles(files: string[], toolchain: Toolchain, programs: string[]): string[] {
  if (files.length === 0) return files
  const named = screenNamesAndSizes(files)
  const screened = toolchain.workloads.screen?.(named.usable) ?? { usable: named.usable, skipped: [] }
  const { usable } = screened
  const skipped = [...named.skipped, ...screened.skipped]
  if (skipped.length === 0) return usable
  const list = skipped.map(entry => `${printable(path.basename(entry.file))}: ${entry.reason}`).join('; ')
  if (usable.length === 0) {
    throw new ActionError(
      `None of the workloads' files in $${PROFILE_DIR_ENV} can be merged: ${list}. ${toolchain.workloads.noProfilesAdvice(programs)}`
    )
  }
  core.warning(`Left out of the profile ${skipped.length} of the workloads' ${files.length} files in $${PROFILE_DIR_ENV}: ${list}.`)
  return usable
}

/**
 * Files whose names hold a line break are left out: the merge reads its
 * list of files one a line, and such a name would end the list early. So
 * are files larger than any profile (a sparse file the merge would read
 * for minutes).
 */
function screenNamesAndSizes(files: string[]): RawProfileScreen {
  const screen: RawProfileScreen = { usable: [], skipped: [] }
  const { maxBytes, name } = FileKinds.profile
  for (const file of files) {
    const bytes = fs.statSync(file).size
    if (/[\r\n]/.test(path.basename(file))) screen.skipped.push({ file, reason: 'its name holds a line break' })
    else if (bytes > maxBytes)
      screen.skipped.push({ file, reason: `it holds ${formatBytes(bytes)}, more than the ${formatBytes(maxBytes)} ${name} may have` })
    else screen.usable.push(file)
  }
  return screen
}

/**
 * The workloads' profile directory, as the action made it: a workload that
 * removed it or put something else in its place gets an error saying so,
 * not the file system's.
 */
function checkProfileDir(dir: string): string {
  const stat = fs.lstatSync(dir, { throwIfNoEntry: false })
  if (stat?.isDirectory()) return dir
  const what = stat ? 'put something other than a directory in its place' : 'removed it'
  throw new ActionError(
    `A workload ${what}: $${PROFILE_DIR_ENV} (${dir}) is the directory the action made for the raw profiles, and they are read from it after the workloads. ` +
      `Leave it in place: write the workload's own files elsewhere (a directory of its own, or $RUNNER_TEMP).`
  )
}

function rawProfiles(dir: string, toolchain: Toolchain): string[] {
  return filesIn(dir, name => toolchain.workloads.isRaw(name))
}
