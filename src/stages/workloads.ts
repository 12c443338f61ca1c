import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { PROFILE_DIR_ENV } from '../constants'
import { commandEnv, pathWithFirst } from '../environment'
import { ActionError } from '../errors'
import { runShell } from '../exec'
import type { Config } from '../inputs'
import type { StageOutcome } from '../stage'
import { formatBytes } from '../summary'
import type { Toolchain } from '../toolchains/toolchain'

export interface RawProfiles {
  files: string[]
  bytes: number
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
  const programDirs = programs.map(program => path.dirname(program))
  const total = config.workload.length
  for (const [index, command] of config.workload.entries()) {
    const number = index + 1
    core.info(`▶ Workload ${number} of ${total}: ${command}`)
    const before = rawProfiles(profileDir, toolchain).length
    const { seconds } = await runShell(command, {
      cwd: config.workingDirectory,
      env: commandEnv({
        ...toolchain.workloadEnv(profileDir, number),
        [PROFILE_DIR_ENV]: profileDir,
        PATH: pathWithFirst(programDirs)
      }),
      what: `Workload ${number} of ${total}`
    })
    const written = rawProfiles(profileDir, toolchain).length - before
    core.info(`Workload ${number} took ${seconds.toFixed(1)} s and wrote ${written} raw profile${written === 1 ? '' : 's'}.`)
    if (written === 0) {
      core.warning(`Workload ${number} (${command}) wrote no profile: it ran none of the instrumented programs.`)
    }
  }
  const files = rawProfiles(profileDir, toolchain)
  if (files.length === 0) {
    throw new ActionError(
      `The workloads wrote no profiles into ${profileDir}. A workload must run the instrumented programs, which are first on PATH ` +
        `(${programs.map(p => path.basename(p)).join(', ')}), and let them exit normally: a program killed by a signal or ending in _exit writes no profile.`
    )
  }
  const bytes = files.reduce((sum, file) => sum + fs.statSync(file).size, 0)
  return {
    value: { files, bytes },
    result: `${total} command${total === 1 ? '' : 's'}, ${files.length} raw profile${files.length === 1 ? '' : 's'} (${formatBytes(bytes)})`
  }
}

function rawProfiles(dir: string, toolchain: Toolchain): string[] {
  return fs
    .readdirSync(dir)
    .filter(name => toolchain.isRawProfile(name))
    .map(name => path.join(dir, name))
    .sort()
}
