import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { PROFILE_DIR_ENV } from '../constants'
import { ActionError } from '../system/errors'
import type { Config } from '../config'
import { filesIn, nonFilesIn } from '../system/paths'
import type { StageOutcome } from '../report/stage'
import { formatBytes } from '../report/format'
import type { Toolchain } from '../toolchains/toolchain'
import { runWorkloadCommands } from './workload-runner'

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
  dirs: { profileDir: string; logDir: string }
): Promise<StageOutcome<RawProfiles>> {
  const { profileDir, logDir } = dirs
  const total = config.workload.length
  const jobs = Math.min(config.workloadJobs, total)
  const seconds = await runWorkloadCommands(config, {
    programDirs: programs.map(program => path.dirname(program)),
    profileDir,
    env: number => toolchain.workloadEnv(profileDir, number),
    profiles: () => rawProfiles(profileDir, toolchain),
    profilesOf: toolchain.isProfileOfWorkload ? number => filesIn(profileDir, name => toolchain.isProfileOfWorkload?.(name, number) ?? false) : undefined,
    noun: 'raw profile',
    logDir
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
    result: `${total} command${total === 1 ? '' : 's'}${jobs > 1 ? ` (${jobs} at a time)` : ''}, ${files.length} raw profile${files.length === 1 ? '' : 's'} (${formatBytes(bytes)})`
  }
}

function rawProfiles(dir: string, toolchain: Toolchain): string[] {
  return filesIn(dir, name => toolchain.isRawProfile(name))
}
