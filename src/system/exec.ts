// The system room: running commands (this file, in the shell the platform
// room finds), the commands' environment, paths, hashes, errors, the action's work
// directories, the build tree between builds, apt, shell words, and the
// untrusted files and text the action reads. It knows nothing of PGO.
// May import: platform.
import { spawn, type ChildProcess } from 'node:child_process'
import { ActionError, CommandError } from './errors'
import { findShell, shellArguments, type Shell } from '../platform/shell'
import { hasProcessGroups } from '../platform/host'
import { CommandOutput } from './untrusted-text'
import { LineSplitter } from './line-splitter'

/** Lines of output kept to show when a command fails. */
const TAIL_LINES = 40
/**
 * After the command itself has exited, its pipes are let go once no output
 * has come for DRAIN_IDLE_MS, or DRAIN_MAX_MS after the exit whatever comes:
 * what is still arriving then is a background process's, not the command's.
 */
const DRAIN_IDLE_MS = 500
const DRAIN_MAX_MS = 10_000

export interface RunOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  /** Says what the command was for in an error: "Build", "Workload 2 of 3". */
  what: string
  /** Called with each line of stdout and stderr, without the newline (cut at LINE_LIMIT). */
  onLine?: (line: string) => void
  /** Keep the output out of the log (it is still in the error tail). */
  quiet?: boolean
  /** Whether a line goes to the log (it still reaches onLine and the error tail); every line does without it. */
  shownInLog?: (line: string) => boolean
  /** Text written to the command's standard input. */
  input?: string
  /** Keep stdout whole and return it (for tools whose answer is their output). */
  capture?: boolean
  /** The command as errors show it, when it is not the program and its arguments (a wrapper's). */
  display?: string
  /** Where the output goes instead of the log (a file, to be shown later), as it comes. */
  sink?: (chunk: Buffer) => void
  /**
   * Seconds the command may take. It then runs in a process group of its
   * own, and the whole group is killed when time is up: a command that
   * never ends, or leaves children behind, cannot hold the step.
   */
  timeoutSeconds?: number
  /** What the error says to do when the command took too long. */
  timeoutAdvice?: string
}

export interface RunResult {
  /** The whole stdout with `capture`, else empty. */
  stdout: string
  seconds: number
  /** A warning for the log when the command left processes holding its output. */
  leftover?: string
}

/** Runs `command` with bash, as a workflow's `run:` step would (errexit, pipefail). */
export function runShell(command: string, options: RunOptions): Promise<RunResult> {
  return runProcess(commandShell().program, shellArguments(command), command, options)
}

let shellFound: Shell | undefined

/** The shell the user's commands run in, found once (platform/shell.ts); an error that says what to install when there is none. */
export function commandShell(): Shell {
  if (shellFound) return shellFound
  const found = findShell()
  if ('problem' in found) throw new ActionError(found.problem)
  return (shellFound = found)
}

/** Runs a program with arguments, no shell between. */
export function runTool(file: string, args: string[], options: RunOptions): Promise<RunResult> {
  return runProcess(file, args, options.display ?? [file, ...args].map(quoteForDisplay).join(' '), options)
}

/**
 * Runs a process and ends when it exits. Output that background processes it
 * left behind keep writing is read for DRAIN_MS more, then let go with a
 * warning: a workload line such as `server &` must not hold the step until
 * the server ends. Those processes are not killed; a later line may use them.
 */
function runProcess(file: string, args: string[], display: string, options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => new CommandRun(file, args, display, options, { resolve, reject }).start())
}

type Stream = 'stdout' | 'stderr'

/** One run of a command: its output on its way to the log, the error tail and the line handlers, and how it ends. */
class CommandRun {
  private readonly started = process.hrtime.bigint()
  /** The last lines of output, for the error. */
  private readonly tail: string[] = []
  private readonly lines: Record<Stream, LineSplitter>
  // Each stream's lines reach the log neutralized: a command's output is never a workflow command.
  private readonly toLog: Record<Stream, CommandOutput>
  private readonly captured: Buffer[] = []
  private child?: ChildProcess
  private timer?: NodeJS.Timeout
  private timedOut = false
  private settled = false
  private leftover?: string
  /** Set once the command has exited: its pipes are let go when they fall quiet, or after DRAIN_MAX_MS. */
  private drain?: { idle?: NodeJS.Timeout; exited: number; letGo: () => void }
  /** Streams paused until the log's pipe has room. */
  private held = 0

  constructor(
    private readonly file: string,
    private readonly args: string[],
    private readonly display: string,
    private readonly options: RunOptions,
    private readonly promise: { resolve: (result: RunResult) => void; reject: (error: Error) => void }
  ) {
    const keep = (line: string) => this.keepLine(line)
    this.lines = { stdout: new LineSplitter(keep), stderr: new LineSplitter(keep) }
    this.toLog = { stdout: new CommandOutput(options.shownInLog), stderr: new CommandOutput(options.shownInLog) }
  }

  start(): void {
    const { options } = this
    const child = spawn(this.file, this.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: options.timeoutSeconds !== undefined && hasProcessGroups()
    })
    this.child = child
    if (options.timeoutSeconds !== undefined) {
      this.timer = setTimeout(() => {
        this.timedOut = true
        killProcessGroup(child.pid)
      }, options.timeoutSeconds * 1000)
    }
    child.stdout?.on('data', (chunk: Buffer) => {
      if (options.capture) this.captured.push(chunk)
      this.received('stdout', chunk, child.stdout as NodeJS.ReadableStream, process.stdout)
    })
    child.stderr?.on('data', (chunk: Buffer) => this.received('stderr', chunk, child.stderr as NodeJS.ReadableStream, process.stderr))
    if (options.input !== undefined) child.stdin?.end(options.input)
    child.on('error', error => this.couldNotStart(error))
    child.on('exit', (code, signal) => this.exited(code, signal))
  }

  private keepLine(line: string): void {
    this.options.onLine?.(line)
    this.tail.push(line)
    if (this.tail.length > TAIL_LINES) this.tail.shift()
  }

  // The log is a pipe the runner reads at its own pace: reading pauses while it is full, so
  // output is never piled up in memory, and a pause is never taken for a command gone quiet.
  private received(stream: Stream, chunk: Buffer, from: NodeJS.ReadableStream, to: NodeJS.WriteStream): void {
    this.lines[stream].push(chunk)
    if (this.options.sink) {
      this.options.sink(chunk)
    } else if (!this.options.quiet && chunk.length > 0) {
      const text = this.toLog[stream].push(chunk)
      if (text !== '' && !to.write(text)) {
        this.held++
        clearTimeout(this.drain?.idle)
        from.pause()
        to.once('drain', () => {
          this.held--
          from.resume()
          this.waitForMore()
        })
      }
    }
    this.waitForMore()
  }

  private waitForMore(): void {
    const drain = this.drain
    if (!drain || this.held > 0) return
    clearTimeout(drain.idle)
    drain.idle = setTimeout(drain.letGo, Date.now() - drain.exited > DRAIN_MAX_MS ? 0 : DRAIN_IDLE_MS)
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    const child = this.child as ChildProcess
    // What the command left running in its group goes with it when time is up.
    if (this.timedOut) killProcessGroup(child.pid)
    const letGo = (): void => {
      if (this.settled) return
      child.stdout?.destroy()
      child.stderr?.destroy()
      this.endLog()
      this.leftover =
        `${this.options.what} (\`${this.display}\`) left processes running that still hold its output; the action no longer reads it and goes on. ` +
        'Redirect the output of background processes (`cmd > log 2>&1 &`), or wait for them (`wait`) in the same line.'
      this.finish(code, signal)
    }
    this.drain = { exited: Date.now(), letGo }
    this.waitForMore()
    child.once('close', () => {
      clearTimeout(this.drain?.idle)
      this.endLog()
      this.finish(code, signal)
    })
  }

  /** An unfinished last line gets its end, so the next line of the log starts afresh. */
  private endLog(): void {
    if (this.options.sink || this.options.quiet) return
    process.stdout.write(this.toLog.stdout.end())
    process.stderr.write(this.toLog.stderr.end())
  }

  private finish(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.settled) return
    this.settled = true
    clearTimeout(this.timer)
    this.lines.stdout.flush()
    this.lines.stderr.flush()
    const { options } = this
    const seconds = secondsSince(this.started)
    if (code === 0) {
      this.promise.resolve({ stdout: Buffer.concat(this.captured).toString('utf8'), seconds, leftover: this.leftover })
    } else if (this.timedOut) {
      const advice = options.timeoutAdvice ? ` ${options.timeoutAdvice}` : ''
      this.fail(
        `did not finish within ${options.timeoutSeconds} s, and was stopped with every process it started, in ${options.cwd}.${advice}`
      )
    } else {
      this.fail(`${signal ? `was killed by ${signal}` : `exited with code ${code}`} after ${seconds.toFixed(1)} s in ${options.cwd}`)
    }
  }

  private couldNotStart(error: Error): void {
    this.settled = true
    clearTimeout(this.timer)
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `${this.file} was not found` : error.message
    this.fail(`could not start: ${reason}`)
  }

  private fail(exitDescription: string): void {
    this.promise.reject(new CommandError(this.options.what, this.display, exitDescription, [...this.tail]))
  }
}

/** Kills a process group that spawn() started detached; one that has ended already is no error. */
export function killProcessGroup(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(hasProcessGroups() ? -pid : pid, 'SIGKILL')
  } catch {
    // Gone already.
  }
}

export function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9
}

function quoteForDisplay(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}
