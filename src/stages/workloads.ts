import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { PROFILE_DIR_ENV } from '../constants'
import { commandEnv, pathWithFirst, type Env } from '../system/environment'
import { ActionError } from '../system/errors'
import { runShell } from '../system/exec'
import type { Config } from '../config'
import { filesIn, nonFilesIn } from '../system/paths'
import type { StageOutcome } from '../report/stage'
import { formatBytes } from '../report/format'
import type { Toolchain } from '../toolchains/toolchain'

export interface RawProfiles {
  files: string[]
  bytes: number
  /** Wall-clock seconds the workload commands took together. */
  seconds: number
}

/**
 * Runs each workload command with bash in the working directory, the
 * instrumented programs first on PATH, and their profiles sent to `profileDir`.
 */
export async function runWorkloads(
  config: Config,
  toolchain: Toolchain,
  programs: string[],
  profileDir: string
): Promise<StageOutcome<RawProfiles>> {
  const total = config.workload.length
  const seconds = await runWorkloadCommands(config, {
    programDirs: programs.map(program => path.dirname(program)),
    profileDir,
    env: number => toolchain.workloadEnv(profileDir, number),
    profiles: () => rawProfiles(profileDir, toolchain),
    noun: 'raw profile'
  })
  const files = rawProfiles(profileDir, toolchain)
  const strays = nonFilesIn(profileDir, name => toolchain.isRawProfile(name))
  if (strays.length > 0) core.warning(`${PROFILE_DIR_ENV} holds ${strays.join(', ')}, which ${strays.length === 1 ? 'is not a file' : 'are not files'}: not profiles, so not merged.`)
  if (files.length === 0) {
    throw new ActionError(
      `The workloads wrote no profiles into ${profileDir}. A workload must run the instrumented programs, which are first on PATH ` +
        `(${programs.map(p => path.basename(p)).join(', ')}), and let them exit normally: a program killed by a signal or ending in _exit writes no profile.`
    )
  }
  const bytes = files.reduce((sum, file) => sum + fs.statSync(file).size, 0)
  return {
    value: { files, bytes, seconds },
    result: `${total} command${total === 1 ? '' : 's'}, ${files.length} raw profile${files.length === 1 ? '' : 's'} (${formatBytes(bytes)})`
  }
}

/** How one run of the workload commands is set up: for the profiling build's programs, or BOLT's instrumented ones. */
export interface WorkloadSetup {
  /** Directories put first on PATH, in order. */
  programDirs: string[]
  /** PGO_PROFILE_DIR. */
  profileDir: string
  /** Variables for workload `number`, on top of the step's environment. */
  env: (number: number) => Env
  /** The profiles written so far. */
  profiles: () => string[]
  /** What a profile is called in the log: "raw profile". */
  noun: string
}

/** Runs every workload command in turn, saying what each wrote; the first that fails fails the run. Resolves to the seconds they took. */
export async function runWorkloadCommands(config: Config, setup: WorkloadSetup): Promise<number> {
  const total = config.workload.length
  let allSeconds = 0
  for (const [index, command] of config.workload.entries()) {
    const number = index + 1
    core.info(`▶ Workload ${number} of ${total}: ${command}`)
    const before = setup.profiles().length
    const { seconds, leftover } = await runShell(command, {
      cwd: config.workingDirectory,
      env: commandEnv({
        ...setup.env(number),
        [PROFILE_DIR_ENV]: setup.profileDir,
        PATH: pathWithFirst(setup.programDirs)
      }),
      what: `Workload ${number} of ${total}`
    })
    if (leftover) core.warning(leftover)
    const written = setup.profiles().length - before
    allSeconds += seconds
    core.info(`Workload ${number} took ${seconds.toFixed(1)} s and wrote ${written} ${setup.noun}${written === 1 ? '' : 's'}.`)
    if (written === 0) {
      core.warning(`Workload ${number} (${command}) wrote no profile: it ran none of the instrumented programs.`)
    }
  }
  return allSeconds
}

function rawProfiles(dir: string, toolchain: Toolchain): string[] {
  return filesIn(dir, name => toolchain.isRawProfile(name))
}
