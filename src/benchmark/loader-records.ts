// The dynamic loader's record of a warm-up run (glibc's LD_DEBUG=files with
// LD_DEBUG_OUTPUT=<prefix>: one file <prefix>.<pid> a process). The command
// is told the prefix in its own environment, so a program under test could
// write a record of its own. A record is taken only as the loader writes
// it: a regular file named by a process ID the kernel handed out during the
// run, which starts with a line of that process, every line of which
// carries an ID handed out during the run. A record written under an ID
// from before the run (a fixed one, say) is set aside. What this cannot
// stop is a process of the run writing under an ID of the run (its own):
// docs/security.md says so.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { FileKinds, readUntrustedText, UntrustedFileError } from '../system/untrusted-file'
import { printable } from '../system/untrusted-text'

/** The process IDs the kernel handed out between two readings of its last one; undefined where it does not say. */
export interface PidWindow {
  after: number
  upTo: number
}

const LAST_PID = '/proc/sys/kernel/ns_last_pid'

/** The last process ID the kernel handed out (Linux), or undefined where it cannot be read. */
export function lastPid(): number | undefined {
  try {
    const value = Number(fs.readFileSync(LAST_PID, 'utf8').trim())
    return Number.isSafeInteger(value) ? value : undefined
  } catch {
    return undefined
  }
}

/** Whether `pid` was handed out in the window, which may wrap past pid_max. */
export function inWindow(pid: number, window: PidWindow): boolean {
  return window.after <= window.upTo ? pid > window.after && pid <= window.upTo : pid > window.after || pid <= window.upTo
}

export interface LoaderRecords {
  /** The records taken, joined. */
  text: string
  /** Records set aside, each with why. */
  setAside: string[]
}

/** The records under `prefix` that the run's processes wrote; `window` is undefined where the kernel does not say. */
export function readLoaderRecords(prefix: string, window: PidWindow | undefined): LoaderRecords {
  const taken: string[] = []
  const setAside: string[] = []
  for (const file of recordFiles(prefix)) {
    const problem = recordProblem(file, prefix, window)
    if (typeof problem === 'string') setAside.push(`${printable(path.basename(file))}: ${problem}`)
    else taken.push(problem.text)
  }
  return { text: taken.join('\n'), setAside }
}

function recordProblem(file: string, prefix: string, window: PidWindow | undefined): string | { text: string } {
  const suffix = file.slice(prefix.length + 1)
  if (!/^\d{1,10}$/.test(suffix)) return 'not named by a process ID'
  const pid = Number(suffix)
  if (window && !inWindow(pid, window)) return `process ${pid} was not started by the run`
  let text: string
  try {
    text = readUntrustedText(file, FileKinds.loaderRecord, 'refuse')
  } catch (error) {
    if (error instanceof UntrustedFileError) return `it ${error.reason}`
    throw error
  }
  const pids = text
    .split('\n')
    .filter(line => line.trim() !== '')
    .map(line => /^\s*(\d{1,10}):/.exec(line)?.[1])
  if (pids[0] !== suffix) return `it does not start with a line of process ${pid}`
  // A child forked without exec writes to its parent's record, under its own ID: one of the run's too.
  const foreign = pids.find(id => id === undefined || (window && !inWindow(Number(id), window)))
  return foreign === undefined && !pids.includes(undefined) ? { text } : `a line of it is not the loader's line of a process of the run`
}

/** The files under `prefix`: <prefix>.<anything>. */
export function recordFiles(prefix: string): string[] {
  const dir = path.dirname(prefix)
  const name = `${path.basename(prefix)}.`
  return fs
    .readdirSync(dir)
    .filter(file => file.startsWith(name))
    .map(file => path.join(dir, file))
}
