import * as path from 'node:path'
import type { Env } from '../system/environment'

const RAW_PROFILE_EXTENSION = '.profraw'

export function isLlvmRawProfile(fileName: string): boolean {
  return fileName.endsWith(RAW_PROFILE_EXTENSION)
}

/**
 * Where an instrumented program writes its raw profile. %m (the binary's
 * signature) and %p (the process id) give every process its own file, so
 * concurrent runs and child processes never overwrite each other; the
 * workload number keeps a process id reused by a later workload apart too.
 */
export function llvmWorkloadEnv(profileDir: string, number: number): Env {
  return { LLVM_PROFILE_FILE: path.join(profileDir, `w${number}_%m_%p${RAW_PROFILE_EXTENSION}`) }
}

/** Why one workload line wrote no raw profile. */
export const LLVM_NO_PROFILE_OF_LINE = 'it ran none of the instrumented programs'

/** Why workloads wrote no raw profile, in the words of an instrumented build: what to change. */
export function llvmNoProfilesAdvice(programs: string[]): string {
  return (
    `A workload must run the instrumented programs, which are first on PATH (${programs.map(p => path.basename(p)).join(', ')}), ` +
    'and let them exit normally: a program killed by a signal or ending in _exit writes no profile.'
  )
}

/** Whether a raw profile came from workload `number` (its name starts w<number>_). */
export function isLlvmProfileOfWorkload(fileName: string, number: number): boolean {
  return isLlvmRawProfile(fileName) && fileName.startsWith(`w${number}_`)
}
