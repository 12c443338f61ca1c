// What Go's workloads write: CPU profiles, asked for by the workload itself,
// into PGO_PROFILE_DIR (or a directory of a program's own there), and what
// go test leaves behind.
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Env } from '../../system/environment'
import { displayPath } from '../../system/paths'
import { isProgramFile } from '../../platform/which'
import type { RawProfileScreen, WorkloadProfiles } from '../toolchain'
import { whyFileNotCpuProfile } from './pprof-kind'

/** The workloads' side of a Go build in `cwd`; `runnerEnv` keeps their own go commands on the runner's platform. */
export function goWorkloads(cwd: string, runnerEnv: Env): WorkloadProfiles {
  return {
    env: () => runnerEnv,
    isRaw: isRawProfile,
    noProfileOfLineReason:
      'Go writes a CPU profile only where the workload asks for one (-cpuprofile=$PGO_PROFILE_DIR/<name>.pprof, or runtime/pprof in the program)',
    noProfilesAdvice,
    screen: screenRawProfiles,
    leftoverWarning: created => leftoverWarning(created, cwd),
    perProgram: true
  }
}

/** The workloads' CPU profiles, whatever they are called: the directory is theirs alone. */
function isRawProfile(fileName: string): boolean {
  return !fileName.startsWith('.')
}

function noProfilesAdvice(): string {
  return (
    'Go programs are not instrumented: each workload writes its CPU profile into $PGO_PROFILE_DIR itself, with ' +
    `\`go test -cpuprofile=$PGO_PROFILE_DIR/<name>.pprof\`, with runtime/pprof's StartCPUProfile in the program, ` +
    `or by saving a running server's net/http/pprof /debug/pprof/profile there (curl -o "$PGO_PROFILE_DIR/<name>.pprof" …).`
  )
}

/** Only CPU profiles: a heap or mutex profile would make pprof's merge fail without naming the file. */
function screenRawProfiles(files: string[]): RawProfileScreen {
  const screen: RawProfileScreen = { usable: [], skipped: [] }
  for (const file of files) {
    const reason = whyFileNotCpuProfile(file)
    if (reason) screen.skipped.push({ file, reason })
    else screen.usable.push(file)
  }
  return screen
}

/** go test with -cpuprofile keeps the test binary it ran, <package>.test, in the current directory. */
function leftoverWarning(created: string[], cwd: string): string | undefined {
  const binaries = created.filter(file => file.endsWith('.test') && isWrittenProgram(file))
  if (binaries.length === 0) return undefined
  const listed = binaries.map(file => `${displayPath(file, cwd)} (${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MiB)`).join(', ')
  return (
    `The workloads left go test's binaries in the working directory: ${listed}. go test keeps the test binary it ran when it writes a ` +
    'CPU profile, and a later `git add -A` would commit it. Add -o "$RUNNER_TEMP/<name>.test" to the go test line to put it elsewhere; ' +
    'the action deletes nothing it did not make, so they stay.'
  )
}

/** A program a build or a workload wrote (Git's own files are never one). */
export function isWrittenProgram(file: string): boolean {
  return isProgramFile(file) && !file.split(path.sep).includes('.git')
}
