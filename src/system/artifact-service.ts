import * as fs from 'node:fs'
import { markServiceDown, serviceDown, serviceTimeout } from './service-health'

/**
 * How long an artifact operation may take: a base, and for an upload a
 * second for each MiB (hosted runners upload many MiB a second). The
 * artifact library retries a service that does not answer for many
 * minutes; a release build should not wait on it.
 * PGO_ARTIFACT_TIMEOUT_SECONDS overrides it.
 */
const BASE_SECONDS = 300
const BYTES_PER_SECOND = 1024 * 1024

/**
 * Runs one call to the artifact service within its time bound. A service
 * found down earlier in the step is not asked again; one that does not
 * answer in time counts as down from then on. What the library still has
 * running is let go when the step ends.
 */
export async function withinServiceBound<T>(
  what: string,
  call: () => Promise<T>,
  bytes = 0,
  env: NodeJS.ProcessEnv = process.env
): Promise<T> {
  const down = serviceDown()
  if (down) throw new Error(`not tried: ${down}`)
  const seconds = timeLimit(bytes, env)
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      markServiceDown(`the artifact service did not answer within ${seconds} s earlier in this step`)
      reject(new Error(`the artifact service did not finish ${what} within ${seconds} s`))
    }, seconds * 1000)
  })
  try {
    return await Promise.race([call(), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Uploads files as one artifact, within its time bound, and resolves to its id and size. */
export async function uploadFiles(name: string, files: string[], root: string): Promise<{ id: number; size: number }> {
  // Loaded only here: most runs upload nothing.
  const { DefaultArtifactClient } = await import('@actions/artifact')
  const bytes = files.reduce((sum, file) => sum + fs.statSync(file).size, 0)
  const { id, size } = await withinServiceBound('the upload', () => new DefaultArtifactClient().uploadArtifact(name, files, root), bytes)
  if (id === undefined) throw new Error('the artifact service returned no artifact id')
  return { id, size: size ?? 0 }
}

function timeLimit(bytes: number, env: NodeJS.ProcessEnv): number {
  return serviceTimeout('PGO_ARTIFACT_TIMEOUT_SECONDS', BASE_SECONDS + Math.ceil(bytes / BYTES_PER_SECOND), env)
}
