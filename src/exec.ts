import { spawn } from 'node:child_process'
import { StringDecoder } from 'node:string_decoder'
import { CommandError } from './errors'

/** Lines of output kept to show when a command fails. */
const TAIL_LINES = 40

export interface RunOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  /** Says what the command was for in an error: "Build", "Workload 2 of 3". */
  what: string
  /** Called with each line of stdout and stderr, without the newline. */
  onLine?: (line: string) => void
  /** Keep the output out of the log (it is still in the error tail). */
  quiet?: boolean
  /** Text written to the command's standard input. */
  input?: string
  /** Keep stdout whole and return it (for tools whose answer is their output). */
  capture?: boolean
}

export interface RunResult {
  /** The whole stdout with `capture`, else empty. */
  stdout: string
  seconds: number
}

/** Runs `command` with bash, as a workflow's `run:` step would (errexit, pipefail). */
export function runShell(command: string, options: RunOptions): Promise<RunResult> {
  return runProcess('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command], command, options)
}

/** Runs a program with arguments, no shell between. */
export function runTool(file: string, args: string[], options: RunOptions): Promise<RunResult> {
  return runProcess(file, args, [file, ...args].map(quoteForDisplay).join(' '), options)
}

function runProcess(file: string, args: string[], display: string, options: RunOptions): Promise<RunResult> {
  const started = process.hrtime.bigint()
  const tail: string[] = []
  const keepLine = (line: string): void => {
    options.onLine?.(line)
    tail.push(line)
    if (tail.length > TAIL_LINES) tail.shift()
  }
  const stdoutLines = new LineSplitter(keepLine)
  const stderrLines = new LineSplitter(keepLine)
  const captured: Buffer[] = []
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']
    })
    child.stdout?.on('data', (chunk: Buffer) => {
      if (options.capture) captured.push(chunk)
      if (!options.quiet) process.stdout.write(chunk)
      stdoutLines.push(chunk)
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      if (!options.quiet) process.stderr.write(chunk)
      stderrLines.push(chunk)
    })
    if (options.input !== undefined) child.stdin?.end(options.input)
    child.on('error', error => {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `${file} was not found` : error.message
      reject(new CommandError(options.what, display, `could not start: ${reason}`, [...tail]))
    })
    child.on('close', (code, signal) => {
      stdoutLines.flush()
      stderrLines.flush()
      const seconds = secondsSince(started)
      if (code === 0) {
        resolve({ stdout: Buffer.concat(captured).toString('utf8'), seconds })
        return
      }
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`
      reject(new CommandError(options.what, display, `${how} after ${seconds.toFixed(1)} s in ${options.cwd}`, [...tail]))
    })
  })
}

export function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9
}

function quoteForDisplay(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

/** Splits one stream's chunks into lines; a line may span chunks. */
class LineSplitter {
  private partial = ''
  private readonly decoder = new StringDecoder('utf8')

  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: Buffer): void {
    const pieces = (this.partial + this.decoder.write(chunk)).split('\n')
    this.partial = pieces.pop() ?? ''
    for (const piece of pieces) this.emit(piece.replace(/\r$/, ''))
  }

  flush(): void {
    this.partial += this.decoder.end()
    if (this.partial !== '') this.emit(this.partial)
    this.partial = ''
  }
}
