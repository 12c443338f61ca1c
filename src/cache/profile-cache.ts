// The cache room: the Actions cache for the action's own directories (this
// file), the worker process each operation runs in (worker.ts, protocol.ts),
// and the keys profiles and BOLT profiles are saved under (keys.ts); the
// stages decide what to save and restore.
// May import: platform, system.
import * as core from '../system/log'
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { RESULT_PREFIX, type CacheWorkerRequest, type CacheWorkerResult } from './protocol'
import { killProcessGroup } from '../system/exec'
import { LineSplitter } from '../system/line-splitter'
import { markServiceDown, serviceDown, serviceTimeout } from '../system/service-health'
import { hasProcessGroups } from '../platform/host'

/**
 * How long one cache operation may take. A profile is small: a cache that
 * takes longer is failing, and the release build should not wait on it.
 * PGO_CACHE_TIMEOUT_SECONDS overrides it for unusually slow networks.
 */
const DEFAULT_TIMEOUT_SECONDS = 120

export type RestoreOutcome =
  | { kind: 'hit'; key: string }
  | { kind: 'miss' }
  /** The service failed, or an entry was found and could not be used; `key` names the entry when known. */
  | { kind: 'failed'; key?: string; reason: string }

export type SaveOutcome = { saved: true } | { saved: false; reason?: string }

/** Says why the files restored into the directory are not the ones expected, or undefined when they are. */
export type FileCheck = (files: string[]) => string | undefined

// Loaded when first needed: the cache library and the storage SDK under it
// are most of the bundle, and most runs ask it only whether it is available.
const cacheLibrary = () => import('@actions/cache')

/**
 * The Actions cache for one directory of the action's (a profile, or a set of
 * BOLT profiles). Each operation runs in a worker process (cache-worker.ts),
 * with the directory's parent as its workspace, so the entry's path is the
 * directory's plain name. Every failure (service down, slow, refusing, an
 * entry that cannot be restored) is an outcome, never an exception: the
 * build goes on without the cache.
 */
export class ProfileCache {
  private readonly timeoutSeconds: number
  private readonly workDir: string
  private readonly name: string

  constructor(
    readonly directory: string,
    env: NodeJS.ProcessEnv = process.env
  ) {
    this.timeoutSeconds = serviceTimeout('PGO_CACHE_TIMEOUT_SECONDS', DEFAULT_TIMEOUT_SECONDS, env)
    this.workDir = path.dirname(directory)
    this.name = path.basename(directory)
  }

  /** Whether this run can reach a cache service at all (it cannot outside GitHub Actions). */
  static async available(): Promise<boolean> {
    return (await cacheLibrary()).isFeatureAvailable()
  }

  /**
   * Restores the newest entry whose key starts with `keyPrefix` into the
   * directory, emptied first. The restored files must be inside the
   * directory and pass `check`; otherwise nothing is kept.
   */
  async restore(keyPrefix: string, check: FileCheck): Promise<RestoreOutcome> {
    fs.rmSync(this.workDir, { recursive: true, force: true })
    fs.mkdirSync(this.workDir, { recursive: true })
    const { result, messages } = await this.run({ operation: 'restore', path: this.name, key: keyPrefix })
    const problem = result?.key ? this.unexpectedFiles(check) : undefined
    if (result?.key && !problem) return { kind: 'hit', key: result.key }
    // Whatever came of it, the directory is left empty for the run's own files.
    fs.rmSync(this.workDir, { recursive: true, force: true })
    fs.mkdirSync(this.directory, { recursive: true })
    const reason = messages.join('; ')
    if (result?.key) return { kind: 'failed', key: result.key, reason: problem as string }
    if (result?.unrestorable)
      return { kind: 'failed', key: result.unrestorable, reason: reason || 'the entry could not be downloaded or unpacked' }
    if (!result || result.error || reason) return { kind: 'failed', reason: result?.error ?? (reason || 'the cache worker gave no answer') }
    return { kind: 'miss' }
  }

  /** Whether an entry with exactly this key exists (nothing is downloaded). */
  async has(key: string): Promise<boolean> {
    const { result } = await this.run({ operation: 'lookup', path: this.name, key })
    return result?.key === key
  }

  /** Saves the directory under `key`; when it is not saved, the cache's reason if it gave one. */
  async save(key: string): Promise<SaveOutcome> {
    const { result, messages } = await this.run({ operation: 'save', path: this.name, key })
    if (result?.saved) return { saved: true }
    const reason = [result?.error, ...messages].filter(Boolean).join('; ')
    return { saved: false, reason: reason || undefined }
  }

  /** Why the restored files are not what the action saved: anything outside the directory, or what `check` refuses. */
  private unexpectedFiles(check: FileCheck): string | undefined {
    const all = listFiles(this.workDir)
    const outside = all.filter(file => !file.startsWith(this.name + '/'))
    if (outside.length > 0) return `it holds files the action never saves there (${outside.slice(0, 5).join(', ')})`
    return check(all.map(file => file.slice(this.name.length + 1)))
  }

  /**
   * Runs the worker and collects its answer. The library's own lines go to
   * the log; its warnings are collected instead, so that the stage says what
   * they meant once, in its own words.
   */
  private run(request: CacheWorkerRequest): Promise<{ result?: CacheWorkerResult; messages: string[] }> {
    const down = serviceDown()
    if (down) return Promise.resolve({ messages: [`not asked: ${down}`] })
    const reading = new WorkerOutput()
    return new Promise(resolve => {
      const worker = spawn(process.execPath, [workerScript(), JSON.stringify(request)], {
        cwd: this.workDir,
        env: { ...process.env, GITHUB_WORKSPACE: this.workDir },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so a timeout ends tar and zstd with it.
        detached: hasProcessGroups()
      })
      const lines = new LineSplitter(line => reading.take(line))
      worker.stdout.on('data', (chunk: Buffer) => lines.push(chunk))
      worker.stderr.on('data', (chunk: Buffer) => lines.push(chunk))
      const timer = setTimeout(() => {
        reading.messages.push(`the cache did not answer within ${this.timeoutSeconds} s`)
        markServiceDown(`the cache service did not answer within ${this.timeoutSeconds} s earlier in this step`)
        killProcessGroup(worker.pid)
      }, this.timeoutSeconds * 1000)
      worker.on('error', error => reading.messages.push(`the cache worker could not start: ${error.message}`))
      worker.on('close', () => {
        clearTimeout(timer)
        lines.flush()
        resolve({ result: reading.result, messages: reading.messages })
      })
    })
  }
}

/**
 * Reads the worker's output: its result line, and the library's lines. The
 * library's workflow commands are given again through the log module (its
 * masks, its debug lines), its warnings are collected instead, so that the
 * stage says what they meant once, in its own words, and the rest is logged.
 */
class WorkerOutput {
  result?: CacheWorkerResult
  readonly messages: string[] = []
  /** Why the library could not reserve an entry, from its debug line: it says "another job may be creating this cache" whatever the cause. */
  private reserveFailure?: string

  take(line: string): void {
    const command = /^::([\w-]+)(?: [^:]*)?::(.*)$/.exec(line)
    if (line.startsWith(RESULT_PREFIX)) {
      this.result = JSON.parse(line.slice(RESULT_PREFIX.length)) as CacheWorkerResult
    } else if (command) {
      this.takeCommand(command[1], decodeCommandText(command[2]))
    } else if (/^Failed to (save|restore): /.test(line)) {
      // The library reports some refusals (a key another job holds) as plain lines.
      const message = this.reserveFailure ? `Failed to save: the cache service failed: ${this.reserveFailure}` : line
      this.messages.push(message)
      core.info(message)
    } else if (line !== '') {
      core.info(line)
    }
  }

  private takeCommand(name: string, text: string): void {
    if (name === 'add-mask') {
      core.setSecret(text)
    } else if (name === 'debug') {
      const reserve = /^Failed to reserve cache: (?:Error: )?(.*)$/.exec(text)
      // A 409 is the other job the library speaks of; anything else is the service failing.
      if (reserve && !/\(409\)|already exists/.test(reserve[1])) this.reserveFailure = reserve[1]
      core.debug(text)
    } else if (name === 'warning' || name === 'error') {
      this.messages.push(text)
      core.info(`cache: ${text}`)
    } else {
      core.info(`cache: ${text}`)
    }
  }
}

/** The worker's script, beside the bundle the runner started (dist/index.js). */
function workerScript(): string {
  return path.join(path.dirname(process.argv[1]), 'cache-worker.js')
}

/** A workflow command's text as @actions/core escapes it (%25, %0D, %0A). */
function decodeCommandText(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

/** Files under `root`, relative to it with / between names. */
function listFiles(root: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(root, prefix), { withFileTypes: true }).flatMap(entry => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name
    return entry.isDirectory() ? listFiles(root, relative) : [relative]
  })
}
