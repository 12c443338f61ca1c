// The local Actions services (support/actions-services.ts) against the real,
// installed @actions/cache and @actions/artifact. Both packages are ES modules
// and these tests are compiled to CommonJS, so each test writes a small .mjs
// script that imports them by file URL and runs it in a child node process,
// with the environment a runner step would give it, while the services answer
// from this process.
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as os from 'node:os'
import * as path from 'node:path'
import { LocalActionsServices, type BlobOperation, type RequestRecord } from '../support/actions-services'
import { runToolkitScript, type ScriptRun, type ToolkitLibrary } from '../support/toolkit-script'

const MiB = 1024 * 1024
// @actions/cache's v2 save forces a single Put Blob up to this size and 64 MiB blocks above it.
const CACHE_SINGLE_SHOT_LIMIT = 128 * MiB
const CACHE_BLOCK_SIZE = 64 * MiB

interface Sandbox {
  root: string
  workspace: string
  runnerTemp: string
}

let services: LocalActionsServices
let sandbox: Sandbox

beforeEach(async () => {
  services = await LocalActionsServices.start()
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-actions-services-'))
  sandbox = { root, workspace: path.join(root, 'workspace'), runnerTemp: path.join(root, '_temp') }
  fs.mkdirSync(sandbox.workspace)
  fs.mkdirSync(sandbox.runnerTemp)
})

afterEach(async () => {
  await services.stop()
  fs.rmSync(sandbox.root, { recursive: true, force: true })
})

/** Runs `body` with the real toolkit in scope (see support/toolkit-script.ts), as a step in the sandbox. */
function runScript<T>(library: ToolkitLibrary, body: string, timeoutMs = 60_000): Promise<ScriptRun<T>> {
  return runToolkitScript<T>(library, body, { cwd: sandbox.workspace, env: stepEnvironment(), scratchDir: sandbox.root, timeoutMs })
}

/** A step's environment, built from nothing so that a real runner's ACTIONS_* variables cannot leak in. */
function stepEnvironment(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? sandbox.root,
    ...services.env(),
    GITHUB_WORKSPACE: sandbox.workspace,
    RUNNER_TEMP: sandbox.runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64'
  }
}

function twirpCalls(requests: RequestRecord[]): string[] {
  return requests.flatMap(request => (request.twirpMethod === undefined ? [] : [request.twirpMethod]))
}

function blobCalls(requests: RequestRecord[], operation: BlobOperation): RequestRecord[] {
  return requests.filter(request => request.blobOperation === operation)
}

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex')
}

function writeWorkspaceFile(relativePath: string, content: string | Buffer): string {
  const file = path.join(sandbox.workspace, relativePath)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, content)
  return file
}

/** Bytes zstd cannot shrink, so the archive stays as large as the file. */
function writeRandomFile(relativePath: string, size: number): string {
  const file = path.join(sandbox.workspace, relativePath)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const descriptor = fs.openSync(file, 'w')
  try {
    for (let written = 0; written < size; written += 16 * MiB)
      fs.writeSync(descriptor, crypto.randomBytes(Math.min(16 * MiB, size - written)))
  } finally {
    fs.closeSync(descriptor)
  }
  return file
}

describe('@actions/cache against the local cache service', () => {
  test('a small archive is saved with one Put Blob and restored', async () => {
    writeWorkspaceFile('data/small.txt', 'profile data\n')
    const run = await runScript<{ saved: number; restored: string; content: string }>(
      'cache',
      `
      const saved = await cache.saveCache(['data'], 'small-key')
      fs.rmSync(path.join(workspace, 'data'), { recursive: true })
      const restored = await cache.restoreCache(['data'], 'small-key')
      return { saved, restored, content: fs.readFileSync(path.join(workspace, 'data', 'small.txt'), 'utf8') }`
    )
    expect(run.thrown).toBeUndefined()
    expect(run.warnings).toEqual([])
    expect(run.value).toEqual({ saved: 1, restored: 'small-key', content: 'profile data\n' })
    const [entry] = services.cacheEntries()
    expect(entry).toMatchObject({ id: 1, key: 'small-key', finalized: true })
    expect(entry.size).toBe(entry.bytes.length)
    expect(twirpCalls(services.requests)).toEqual(['CreateCacheEntry', 'FinalizeCacheEntryUpload', 'GetCacheEntryDownloadURL'])
    expect(blobCalls(services.requests, 'PutBlob')).toHaveLength(1)
    expect(blobCalls(services.requests, 'PutBlock')).toHaveLength(0)
    expect(blobCalls(services.requests, 'GetBlob').map(request => request.status)).toEqual([200])
  })

  test('an archive over 128 MiB goes up as staged blocks plus a block list and comes back whole', async () => {
    // saveCache fixes the single-shot limit and block size itself, so only a large archive takes this path.
    const file = writeRandomFile('big/random.bin', CACHE_SINGLE_SHOT_LIMIT + 2 * MiB)
    const expectedDigest = sha256(fs.readFileSync(file))
    const run = await runScript<{ saved: number; restored: string }>(
      'cache',
      `
      const saved = await cache.saveCache(['big'], 'big-key')
      fs.rmSync(path.join(workspace, 'big'), { recursive: true })
      const restored = await cache.restoreCache(['big'], 'big-key')
      return { saved, restored }`
    )
    expect(run.thrown).toBeUndefined()
    expect(run.warnings).toEqual([])
    expect(run.value).toEqual({ saved: 1, restored: 'big-key' })
    expect(sha256(fs.readFileSync(file))).toBe(expectedDigest)
    const [entry] = services.cacheEntries()
    expect(entry.size).toBeGreaterThan(CACHE_SINGLE_SHOT_LIMIT)
    expect(blobCalls(services.requests, 'PutBlob')).toHaveLength(0)
    expect(blobCalls(services.requests, 'PutBlock')).toHaveLength(Math.ceil(entry.size / CACHE_BLOCK_SIZE))
    expect(blobCalls(services.requests, 'PutBlockList')).toHaveLength(1)
  })

  test('restore takes the exact key, then the key as a prefix, then each restore key, newest first', async () => {
    const run = await runScript<Record<string, { matched?: string; content: string | null }>>(
      'cache',
      `
      const file = path.join(workspace, 'data', 'which.txt')
      fs.mkdirSync(path.dirname(file), { recursive: true })
      for (const key of ['deps-linux-aaa', 'deps-linux-bbb', 'deps-mac-ccc']) {
        fs.writeFileSync(file, key)
        await cache.saveCache(['data'], key)
      }
      const restore = async (key, restoreKeys) => {
        fs.rmSync(file, { force: true })
        const matched = await cache.restoreCache(['data'], key, restoreKeys)
        return { matched, content: fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null }
      }
      return {
        exact: await restore('deps-linux-aaa'),
        keyAsPrefix: await restore('deps-linux'),
        restoreKey: await restore('deps-windows-ddd', ['deps-bsd-', 'deps-linux-'])
      }`
    )
    expect(run.thrown).toBeUndefined()
    expect(run.value).toEqual({
      exact: { matched: 'deps-linux-aaa', content: 'deps-linux-aaa' },
      keyAsPrefix: { matched: 'deps-linux-bbb', content: 'deps-linux-bbb' },
      restoreKey: { matched: 'deps-linux-bbb', content: 'deps-linux-bbb' }
    })
    expect(run.log).toContain('Cache hit for: deps-linux-aaa')
    expect(run.log).toContain('Cache hit for restore-key: deps-linux-bbb')
  })

  test('a key nobody saved, or one saved for other paths, is a miss without warnings', async () => {
    writeWorkspaceFile('data/tool.txt', 'tool')
    const run = await runScript<{ absent: string | null; otherPaths: string | null }>(
      'cache',
      `
      await cache.saveCache(['data'], 'tool-key')
      return {
        absent: (await cache.restoreCache(['data'], 'absent-key', ['absent-'])) ?? null,
        otherPaths: (await cache.restoreCache(['data', 'more'], 'tool-key')) ?? null
      }`
    )
    expect(run.thrown).toBeUndefined()
    expect(run.warnings).toEqual([])
    expect(run.value).toEqual({ absent: null, otherPaths: null })
  })

  test('saving a key that exists is answered 409: saveCache says so and returns -1', async () => {
    writeWorkspaceFile('data/twice.txt', 'twice')
    const run = await runScript<{ first: number; second: number }>(
      'cache',
      `return { first: await cache.saveCache(['data'], 'twice-key'), second: await cache.saveCache(['data'], 'twice-key') }`
    )
    expect(run.thrown).toBeUndefined()
    expect(run.warnings).toEqual([])
    expect(run.value).toEqual({ first: 1, second: -1 })
    expect(run.log).toContain('Failed to save: Unable to reserve cache with key twice-key, another job may be creating this cache.')
    expect(services.requests.filter(request => request.twirpMethod === 'CreateCacheEntry').map(request => request.status)).toEqual([
      200, 409
    ])
    expect(services.cacheEntries()).toHaveLength(1)
  })

  test('a write denied by policy is a warning, not an exception', async () => {
    writeWorkspaceFile('data/denied.txt', 'denied')
    services.setFault('cache-write-denied')
    const run = await runScript<number>('cache', `return await cache.saveCache(['data'], 'denied-key')`)
    expect(run.thrown).toBeUndefined()
    expect(run.value).toBe(-1)
    expect(run.warnings).toEqual([
      expect.stringContaining('Failed to save: Unable to reserve cache with key denied-key. More details: cache write denied:')
    ])
    expect(services.cacheEntries()).toEqual([])
  })

  test('a corrupted archive makes restore warn and miss', async () => {
    writeWorkspaceFile('data/fragile.txt', 'fragile')
    const saved = await runScript<number>('cache', `return await cache.saveCache(['data'], 'fragile-key')`)
    expect(saved.value).toBe(1)
    services.replaceCacheBlob('fragile-key', Buffer.from('not a zstd frame'))
    const run = await runScript<string | null>('cache', `return (await cache.restoreCache(['data'], 'fragile-key')) ?? null`)
    expect(run.thrown).toBeUndefined()
    expect(run.value).toBeNull()
    expect(run.warnings).toEqual([expect.stringMatching(/^Failed to restore: /)])
  })

  test('while the service is down, restore warns and misses, and save says it could not reserve', async () => {
    writeWorkspaceFile('data/offline.txt', 'offline')
    services.setFault('down')
    const run = await runScript<{ restored: string | null; saved: number }>(
      'cache',
      `return {
        restored: (await cache.restoreCache(['data'], 'offline-key')) ?? null,
        saved: await cache.saveCache(['data'], 'offline-key')
      }`
    )
    expect(run.thrown).toBeUndefined()
    expect(run.value).toEqual({ restored: null, saved: -1 })
    expect(run.warnings).toEqual([
      expect.stringContaining('Failed to restore: Failed to GetCacheEntryDownloadURL: Unable to make request: ECONNRESET')
    ])
    expect(run.log).toContain('Failed to save: Unable to reserve cache with key offline-key, another job may be creating this cache.')
    // The connections were reset before any request could be read.
    expect(services.requests).toEqual([])
  })

  test('a slow service delays every response and the libraries wait for it', async () => {
    writeWorkspaceFile('data/slow.txt', 'slow')
    const delayMs = 400
    services.setFault({ kind: 'slow', ms: delayMs })
    const run = await runScript<{ saved: number; restored: string }>(
      'cache',
      `return { saved: await cache.saveCache(['data'], 'slow-key'), restored: await cache.restoreCache(['data'], 'slow-key') }`
    )
    expect(run.thrown).toBeUndefined()
    expect(run.value).toEqual({ saved: 1, restored: 'slow-key' })
    // Create, Put Blob, Finalize, GetCacheEntryDownloadURL and the download each waited, one after the other.
    expect(services.requests).toHaveLength(5)
    expect(run.seconds).toBeGreaterThanOrEqual((5 * delayMs) / 1000)
  })

  test('while the service answers 503, restore retries five times, then warns and misses', async () => {
    services.setFault('unavailable')
    const run = await runScript<string | null>('cache', `return (await cache.restoreCache(['data'], 'busy-key')) ?? null`)
    expect(run.thrown).toBeUndefined()
    expect(run.value).toBeNull()
    expect(run.warnings).toEqual([
      expect.stringContaining(
        'Failed to restore: Failed to GetCacheEntryDownloadURL: Failed to make request after 5 attempts: Failed request: (503) Service Unavailable'
      )
    ])
    expect(services.requests.map(request => [request.twirpMethod, request.status])).toEqual(
      Array(5).fill(['GetCacheEntryDownloadURL', 503])
    )
  }, 90_000)
})

describe('@actions/artifact against the local artifact service', () => {
  test('two files are uploaded in staged blocks, listed, downloaded back byte for byte, and deleted', async () => {
    const report = writeWorkspaceFile('out/report.txt', 'hot functions: main\n')
    // Larger than the 8 MiB the client stages at a time, so the zip goes up in several blocks.
    const data = writeRandomFile('out/nested/data.bin', 10 * MiB)
    const run = await runScript<{
      uploaded: { id: number; size: number; digest: string }
      listed: { name: string; id: number; size: number }[]
      downloaded: { downloadPath: string; digestMismatch: boolean }
      afterDelete: unknown[]
    }>(
      'artifact',
      `
      const root = path.join(workspace, 'out')
      const files = [path.join(root, 'report.txt'), path.join(root, 'nested', 'data.bin')]
      const uploaded = await artifact.uploadArtifact('profiles', files, root)
      const listed = (await artifact.listArtifacts()).artifacts
      const downloaded = await artifact.downloadArtifact(uploaded.id, {
        path: path.join(workspace, 'downloaded'),
        expectedHash: 'sha256:' + uploaded.digest
      })
      await artifact.deleteArtifact('profiles')
      return { uploaded, listed, downloaded, afterDelete: (await artifact.listArtifacts()).artifacts }`
    )
    expect(run.thrown).toBeUndefined()
    expect(run.warnings).toEqual([])
    const { uploaded, listed, downloaded, afterDelete } = run.value
    expect(listed).toEqual([expect.objectContaining({ name: 'profiles', id: uploaded.id, size: uploaded.size })])
    expect(downloaded.digestMismatch).toBe(false)
    expect(fs.readFileSync(path.join(downloaded.downloadPath, 'report.txt'))).toEqual(fs.readFileSync(report))
    expect(sha256(fs.readFileSync(path.join(downloaded.downloadPath, 'nested', 'data.bin')))).toBe(sha256(fs.readFileSync(data)))
    expect(afterDelete).toEqual([])
    expect(blobCalls(services.requests, 'PutBlock').length).toBeGreaterThan(1)
    expect(blobCalls(services.requests, 'PutBlockList')).toHaveLength(1)
    expect(twirpCalls(services.requests)).toEqual([
      'CreateArtifact',
      'FinalizeArtifact',
      'ListArtifacts',
      'ListArtifacts',
      'GetSignedArtifactURL',
      'ListArtifacts',
      'DeleteArtifact',
      'ListArtifacts'
    ])
  })

  test('the zip the service stored is what the client hashed', async () => {
    writeWorkspaceFile('out/one.txt', 'one')
    const run = await runScript<{ id: number; size: number; digest: string }>(
      'artifact',
      `return await artifact.uploadArtifact('stored', [path.join(workspace, 'out', 'one.txt')], path.join(workspace, 'out'))`
    )
    expect(run.thrown).toBeUndefined()
    const [record] = services.artifacts()
    expect(record).toMatchObject({
      id: run.value.id,
      name: 'stored',
      size: run.value.size,
      digest: `sha256:${run.value.digest}`,
      finalized: true,
      mimeType: 'application/zip'
    })
    expect(sha256(record.bytes)).toBe(run.value.digest)
    expect(record.bytes.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'))
  })

  test('a file uploaded with skipArchive is stored as it is and downloads under its own name', async () => {
    const profile = writeRandomFile('out/merged.profdata', 64 * 1024)
    const run = await runScript<{ downloadPath: string }>(
      'artifact',
      `
      const uploaded = await artifact.uploadArtifact('ignored', [path.join(workspace, 'out', 'merged.profdata')], path.join(workspace, 'out'), { skipArchive: true })
      return await artifact.downloadArtifact(uploaded.id, { path: path.join(workspace, 'downloaded') })`
    )
    expect(run.thrown).toBeUndefined()
    expect(services.artifacts()).toEqual([expect.objectContaining({ name: 'merged.profdata', bytes: fs.readFileSync(profile) })])
    expect(fs.readFileSync(path.join(run.value.downloadPath, 'merged.profdata'))).toEqual(fs.readFileSync(profile))
  })

  test('a second artifact with a name already used in the run makes the upload throw', async () => {
    writeWorkspaceFile('out/one.txt', 'one')
    const run = await runScript<string>(
      'artifact',
      `
      const upload = () => artifact.uploadArtifact('twice', [path.join(workspace, 'out', 'one.txt')], path.join(workspace, 'out'))
      await upload()
      await upload()
      return 'the second upload succeeded'`
    )
    expect(run.thrown).toContain('Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict')
    expect(services.artifacts()).toHaveLength(1)
  })
})

describe('protocol details', () => {
  interface Answer {
    status: number
    headers: http.IncomingHttpHeaders
    body: Buffer
  }

  function send(url: string, method: string, headers: Record<string, string> = {}, body: string | Buffer = ''): Promise<Answer> {
    return new Promise((resolve, reject) => {
      // No keep-alive agent: nothing may outlive the test.
      const request = http.request(url, { method, headers, agent: false }, response => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.once('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }))
        response.once('error', reject)
      })
      request.once('error', reject)
      request.end(body)
    })
  }

  function twirp(service: 'CacheService' | 'ArtifactService', method: string, message: object): Promise<Answer> {
    const env = services.env()
    return send(
      `${services.origin}/twirp/github.actions.results.api.v1.${service}/${method}`,
      'POST',
      { 'Content-Type': 'application/json', Authorization: `Bearer ${env.ACTIONS_RUNTIME_TOKEN}` },
      JSON.stringify(message)
    )
  }

  function backendIds(): { workflow_run_backend_id: string; workflow_job_run_backend_id: string } {
    const claims = JSON.parse(Buffer.from(services.env().ACTIONS_RUNTIME_TOKEN.split('.')[1], 'base64url').toString()) as { scp: string }
    const [, runId, jobId] = claims.scp.split(':')
    return { workflow_run_backend_id: runId, workflow_job_run_backend_id: jobId }
  }

  test('FinalizeArtifact refuses a hash that does not match the upload', async () => {
    const ids = backendIds()
    const created = await twirp('ArtifactService', 'CreateArtifact', { ...ids, name: 'checked', version: 7 })
    const uploadUrl = (JSON.parse(created.body.toString()) as { signed_upload_url: string }).signed_upload_url
    expect((await send(uploadUrl, 'PUT', { 'x-ms-blob-type': 'BlockBlob' }, 'abc')).status).toBe(201)
    const wrong = await twirp('ArtifactService', 'FinalizeArtifact', {
      ...ids,
      name: 'checked',
      size: '3',
      hash: `sha256:${'0'.repeat(64)}`
    })
    expect(wrong.status).toBe(400)
    expect(JSON.parse(wrong.body.toString())).toMatchObject({ code: 'invalid_argument' })
    const right = await twirp('ArtifactService', 'FinalizeArtifact', {
      ...ids,
      name: 'checked',
      size: '3',
      hash: `sha256:${sha256(Buffer.from('abc'))}`
    })
    expect(JSON.parse(right.body.toString())).toEqual({ ok: true, artifact_id: '1' })
  })

  test('unknown twirp methods, wrong tokens and forged signatures are refused', async () => {
    const unknown = await twirp('CacheService', 'DeleteCacheEntry', {})
    expect(unknown.status).toBe(404)
    expect(JSON.parse(unknown.body.toString())).toMatchObject({ code: 'bad_route' })
    const anonymous = await send(`${services.origin}/twirp/github.actions.results.api.v1.CacheService/CreateCacheEntry`, 'POST', {
      'Content-Type': 'application/json'
    })
    expect(anonymous.status).toBe(401)
    const created = await twirp('CacheService', 'CreateCacheEntry', { key: 'k', version: 'v' })
    const uploadUrl = new URL((JSON.parse(created.body.toString()) as { signed_upload_url: string }).signed_upload_url)
    uploadUrl.searchParams.set('sig', 'forged')
    const forged = await send(uploadUrl.href, 'PUT', { 'x-ms-blob-type': 'BlockBlob' }, 'abc')
    expect(forged.status).toBe(403)
    expect(forged.headers['x-ms-error-code']).toBe('AuthenticationFailed')
  })

  test('downloads answer Range requests', async () => {
    const created = await twirp('CacheService', 'CreateCacheEntry', { key: 'ranged', version: 'v1' })
    const uploadUrl = (JSON.parse(created.body.toString()) as { signed_upload_url: string }).signed_upload_url
    await send(uploadUrl, 'PUT', { 'x-ms-blob-type': 'BlockBlob' }, '0123456789')
    await twirp('CacheService', 'FinalizeCacheEntryUpload', { key: 'ranged', version: 'v1', size_bytes: '10' })
    const found = await twirp('CacheService', 'GetCacheEntryDownloadURL', { key: 'ranged', version: 'v1' })
    const downloadUrl = (JSON.parse(found.body.toString()) as { signed_download_url: string }).signed_download_url
    const part = await send(downloadUrl, 'GET', { Range: 'bytes=2-5' })
    expect(part.status).toBe(206)
    expect(part.headers['content-range']).toBe('bytes 2-5/10')
    expect(part.body.toString()).toBe('2345')
  })
})
