// What ProfileCache and its worker process (worker.ts, bundled as dist/cache-worker.js) say to each other.

export interface CacheWorkerRequest {
  operation: 'restore' | 'lookup' | 'save'
  /** The directory's name in the worker's working directory. */
  path: string
  key: string
}

export interface CacheWorkerResult {
  /** restore: the key of the entry restored; lookup: of the entry that would be. */
  key?: string
  /** restore: an entry exists under this key, but it could not be restored. */
  unrestorable?: string
  /** save: whether the entry was saved. */
  saved?: boolean
  /** A validation error the library threw. */
  error?: string
}

/** The line the result travels on, among the library's own output. */
export const RESULT_PREFIX = 'pgo-cache-worker-result '
