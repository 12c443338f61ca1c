// Runs a few lines against the real, installed @actions/cache or
// @actions/artifact. Both packages are ES modules and the tests are compiled
// to CommonJS, so the lines go into a small .mjs script that imports the
// package by file URL and runs in a child node process, with the environment
// a runner step would give it, while local services answer from the test's process.
import { spawn } from 'node:child_process'
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { REPO_ROOT } from './runner'

export type ToolkitLibrary = 'cache' | 'artifact'

const LIBRARY_ENTRY: Record<ToolkitLibrary, string> = {
  cache: path.join(REPO_ROOT, 'node_modules', '@actions', 'cache', 'lib', 'cache.js'),
  artifact: path.join(REPO_ROOT, 'node_modules', '@actions', 'artifact', 'lib', 'artifact.js')
}

export interface ScriptRun<T> {
  exitCode: number | null
  /** stdout then stderr. */
  log: string
  /** What the script's body returned; undefined when it threw. */
  value: T
  /** The message of what the script's body threw, if it did. */
  thrown?: string
  /** Messages of ::warning:: commands, decoded. */
  warnings: string[]
  seconds: number
}

export interface ToolkitScriptOptions {
  /** The step's working directory: @actions/cache resolves its paths from there. */
  cwd: string
  env: Record<string, string>
  /** Where the script file is written. */
  scratchDir: string
  timeoutMs?: number
}

/**
 * Runs `body` (the inside of an async function) with `cache` (@actions/cache's
 * exports) or `artifact` (a DefaultArtifactClient) in scope, plus `fs`, `path`
 * and `workspace` (GITHUB_WORKSPACE). What it returns comes back as `value`.
 */
export async function runToolkitScript<T>(library: ToolkitLibrary, body: string, options: ToolkitScriptOptions): Promise<ScriptRun<T>> {
  const script = path.join(options.scratchDir, `script-${crypto.randomUUID()}.mjs`)
  fs.writeFileSync(script, scriptSource(library, body))
  const started = Date.now()
  const { exitCode, stdout, stderr } = await runNode(script, options.cwd, options.env, options.timeoutMs ?? 60_000)
  const resultLine = stdout.split('\n').find(line => line.startsWith('RESULT '))
  if (resultLine === undefined) throw new Error(`the script ended (exit ${exitCode}) without a result:\n${stdout}\n${stderr}`)
  const outcome = JSON.parse(resultLine.slice('RESULT '.length)) as { value: T; thrown?: string }
  return {
    exitCode,
    log: `${stdout}\n${stderr}`,
    ...outcome,
    warnings: commandMessages(stdout, 'warning'),
    seconds: (Date.now() - started) / 1000
  }
}

function scriptSource(library: ToolkitLibrary, body: string): string {
  const imports =
    library === 'cache'
      ? `import * as cache from ${JSON.stringify(pathToFileURL(LIBRARY_ENTRY.cache).href)}`
      : `import { DefaultArtifactClient } from ${JSON.stringify(pathToFileURL(LIBRARY_ENTRY.artifact).href)}\nconst artifact = new DefaultArtifactClient()`
  return `import * as fs from 'node:fs'
import * as path from 'node:path'
${imports}
const workspace = process.env.GITHUB_WORKSPACE
let outcome
try {
  outcome = { value: await (async () => {\n${body}\n})() }
} catch (error) {
  outcome = { thrown: error instanceof Error ? error.message : String(error) }
}
console.log('RESULT ' + JSON.stringify(outcome ?? null))
`
}

// Asynchronous on purpose: the services the script talks to answer from this process.
function runNode(
  script: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('error', error => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('close', exitCode => {
      clearTimeout(timer)
      resolve({ exitCode, stdout, stderr })
    })
  })
}

/** The messages of `::<command>::` lines, decoded. */
export function commandMessages(stdout: string, command: string): string[] {
  const prefix = `::${command}::`
  return stdout
    .split('\n')
    .filter(line => line.startsWith(prefix))
    .map(line => line.slice(prefix.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'))
}
