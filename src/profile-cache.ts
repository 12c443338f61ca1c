import * as core from '@actions/core'
import { errorMessage } from './errors'

/**
 * How long one cache operation may take. A profile is small: a cache that
 * takes longer is failing, and the release build should not wait on it.
 * PGO_CACHE_TIMEOUT_SECONDS overrides it for unusually slow networks.
 */
const DEFAULT_TIMEOUT_SECONDS = 120

export type SaveOutcome = 'saved' | 'not saved'

// Loaded when first needed: the cache library and the storage SDK under it
// are most of the bundle, and most runs touch them once or not at all.
const cacheLibrary = () => import('@actions/cache')

/**
 * The Actions cache, for the one directory that holds a profile. Every
 * failure (service down, slow, refusing) becomes a warning and a miss: the
 * build goes on without the cache.
 */
export class ProfileCache {
  private readonly timeoutSeconds: number

  constructor(private readonly directory: string, env: NodeJS.ProcessEnv = process.env) {
    const configured = Number(env.PGO_CACHE_TIMEOUT_SECONDS)
    this.timeoutSeconds = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_TIMEOUT_SECONDS
  }

  /** Whether this run can reach a cache service at all (it cannot outside GitHub Actions). */
  static async available(): Promise<boolean> {
    return (await cacheLibrary()).isFeatureAvailable()
  }

  /** The key of the entry restored into the directory: the newest one starting with `primaryKey`. */
  async restore(primaryKey: string): Promise<string | undefined> {
    try {
      const cache = await cacheLibrary()
      return await this.inTime('Restoring from the cache', cache.restoreCache([this.directory], primaryKey))
    } catch (error) {
      core.warning(`${errorMessage(error)}; going on without the cache.`)
      return undefined
    }
  }

  /** Whether an entry with exactly this key exists (nothing is downloaded). */
  async has(key: string): Promise<boolean> {
    try {
      const cache = await cacheLibrary()
      const found = await this.inTime('Looking up the cache', cache.restoreCache([this.directory], key, [], { lookupOnly: true }))
      return found === key
    } catch {
      return false
    }
  }

  /** Saves the directory under `key`. The cache library logs why an entry was not saved. */
  async save(key: string): Promise<SaveOutcome> {
    try {
      const cache = await cacheLibrary()
      const id = await this.inTime('Saving to the cache', cache.saveCache([this.directory], key))
      return id === -1 ? 'not saved' : 'saved'
    } catch (error) {
      core.warning(`Could not save the profile to the cache: ${errorMessage(error)}`)
      return 'not saved'
    }
  }

  private inTime<T>(what: string, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${what} took more than ${this.timeoutSeconds} s`)),
        this.timeoutSeconds * 1000
      )
    })
    return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
  }
}
