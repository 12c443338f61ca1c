// One Actions cache operation, in a process of its own (dist/cache-worker.js),
// started by ProfileCache. @actions/cache names a cache entry's version after
// the path strings it is given and stores files relative to GITHUB_WORKSPACE;
// run here with the work directory as both, an entry's path is one plain
// name. Its version then does not depend on the step's id or on where the
// runner keeps its files, and the main process's environment stays as it
// was. A worker that outlives its time limit is killed, retries and all.
import * as cache from '@actions/cache'
import { RESULT_PREFIX, type CacheWorkerRequest, type CacheWorkerResult } from './protocol'

async function perform(request: CacheWorkerRequest): Promise<CacheWorkerResult> {
  const paths = [request.path]
  if (request.operation === 'save') return { saved: (await cache.saveCache(paths, request.key)) !== -1 }
  // Looking first tells a miss from an entry that fails to restore; the
  // restore then asks for that entry by its exact key.
  const found = await cache.restoreCache(paths, request.key, [], { lookupOnly: true })
  if (request.operation === 'lookup' || !found) return { key: found }
  const restored = await cache.restoreCache(paths, found)
  return restored ? { key: restored } : { unrestorable: found }
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as CacheWorkerRequest
  let result: CacheWorkerResult
  try {
    result = await perform(request)
  } catch (error) {
    result = { error: error instanceof Error ? error.message : String(error) }
  }
  process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify(result)}\n`)
}

void main().finally(() => process.exit())
