// A local stand-in for the GitHub services the action reaches through the
// toolkit: the Actions cache service (v2), the artifact service, and the Azure
// blob storage their signed URLs point at. It speaks the wire protocols that
// @actions/cache 6.3.0 and @actions/artifact 6.2.1 (with the @azure/storage-blob
// they bundle) use, as read from those packages' code:
//   - twirp over JSON: POST /twirp/<service>/<Method>, snake_case fields, int64
//     values as strings, errors as {code, msg} with twirp's HTTP statuses;
//   - blob uploads as Azure Put Blob, Put Block and Put Block List requests on
//     path-style URLs (/<account>/<container>/<blob>), which is what the SDK
//     sends to an IP host;
//   - downloads as plain GETs of the signed URL.
// The end-to-end tests point the real, unmodified libraries at it through
// env(), inspect what they stored, and switch faults on to see how they cope.
import * as crypto from 'node:crypto'
import * as http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** A cache entry as the service holds it. */
export interface CacheEntry {
  id: number
  key: string
  version: string
  /** size_bytes the client declared when it finalized the entry; 0 before that. */
  size: number
  createdAt: Date
  finalized: boolean
  /** The blob as stored now: empty until an upload is committed, replaced by replaceCacheBlob. */
  bytes: Buffer
}

/** An artifact as the service holds it. */
export interface ArtifactRecord {
  id: number
  name: string
  runId: string
  jobId: string
  size: number
  /** 'sha256:<hex>', as the client declared it when it finalized the artifact. */
  digest: string | undefined
  createdAt: Date
  finalized: boolean
  /** As CreateArtifact declared it: application/zip unless the client used skipArchive. */
  mimeType: string
  /** The uploaded bytes. */
  bytes: Buffer
}

/**
 * A fault switched on for every later request, to both services.
 * - 'down': connections are reset as soon as they open (clients see ECONNRESET);
 * - 'unavailable': every request is answered 503;
 * - 'slow': every response waits `ms` before it starts;
 * - 'cache-write-denied': CreateCacheEntry refuses the write the way the service
 *   does for a read-only token (a 200 whose message starts with 'cache write denied:');
 * - 'method': one Twirp method is answered with an HTTP status and a Twirp
 *   error, every time; the others work.
 */
export type ServiceFault =
  'down' | 'unavailable' | 'cache-write-denied' | { kind: 'slow'; ms: number } | { kind: 'method'; method: string; status: 500 | 503 }

export type BlobOperation = 'PutBlob' | 'PutBlock' | 'PutBlockList' | 'GetBlob' | 'GetBlobProperties'

export interface RequestRecord {
  method: string
  path: string
  /** The query string with its leading '?', or ''. */
  query: string
  twirpMethod?: string
  blobOperation?: BlobOperation
  /** The status answered; undefined while the request is in flight, or when the connection died first. */
  status?: number
}

const TWIRP_PREFIX = '/twirp/'
const CACHE_SERVICE = 'github.actions.results.api.v1.CacheService'
const ARTIFACT_SERVICE = 'github.actions.results.api.v1.ArtifactService'
const STORAGE_ACCOUNT = 'localactions'
const CACHE_CONTAINER = 'actions-cache'
const ARTIFACT_CONTAINER = 'actions-results'
// Answered when a request names no x-ms-version; the SDK always names one.
const DEFAULT_STORAGE_VERSION = '2025-11-05'
// @actions/cache tells a policy denial from a conflict by this message's 'cache write denied:' prefix.
const CACHE_WRITE_DENIED_MESSAGE = 'cache write denied: the token for this run only permits cache reads'
// @actions/artifact sends version 7; the v4 backend refuses older clients.
const OLDEST_ARTIFACT_VERSION = 4

export class LocalActionsServices {
  readonly requests: RequestRecord[] = []
  private readonly server: http.Server
  private readonly openSockets = new Set<Socket>()
  private readonly pendingDelays = new Set<NodeJS.Timeout>()
  private readonly runId = crypto.randomUUID()
  private readonly jobId = crypto.randomUUID()
  private readonly runtimeToken = unsignedJwt({
    scp: `Actions.Results:${this.runId}:${this.jobId}`,
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + 6 * 3600
  })
  private readonly storage = new BlobStorage(() => this.origin)
  private readonly cacheService = new CacheService(this.storage, () => this.fault === 'cache-write-denied')
  private readonly artifactService = new ArtifactService(this.storage, this.runId)
  private readonly twirpHandlers: Map<string, TwirpHandler>
  private fault: ServiceFault | undefined
  private stopped = false

  private constructor() {
    this.twirpHandlers = new Map([...this.cacheService.handlers(CACHE_SERVICE), ...this.artifactService.handlers(ARTIFACT_SERVICE)])
    this.server = http.createServer((request, response) => void this.handle(request, response))
    this.server.on('connection', socket => this.accept(socket))
  }

  static async start(): Promise<LocalActionsServices> {
    const services = new LocalActionsServices()
    await new Promise<void>((resolve, reject) => {
      services.server.once('error', reject)
      services.server.listen(0, '127.0.0.1', () => resolve())
    })
    return services
  }

  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    for (const timer of this.pendingDelays) clearTimeout(timer)
    this.pendingDelays.clear()
    const closed = new Promise<void>((resolve, reject) => this.server.close(error => (error ? reject(error) : resolve())))
    this.server.closeAllConnections()
    for (const socket of this.openSockets) socket.destroy()
    await closed
  }

  /** http://127.0.0.1:<port> */
  get origin(): string {
    const address = this.server.address() as AddressInfo | null
    if (address === null) throw new Error('the local Actions services are not listening (stopped?)')
    return `http://127.0.0.1:${address.port}`
  }

  /**
   * What a step's environment needs for @actions/cache (v2) and @actions/artifact
   * to use these services. GITHUB_SERVER_URL must stay github.com: any other host
   * counts as GHES, which sends @actions/cache to its v1 protocol and makes
   * @actions/artifact refuse to run. Neither library reads ACTIONS_CACHE_URL or
   * ACTIONS_RUNTIME_URL once the v2 service is on, so they are not set.
   */
  env(): Record<string, string> {
    return {
      ACTIONS_RESULTS_URL: `${this.origin}/`,
      ACTIONS_RUNTIME_TOKEN: this.runtimeToken,
      ACTIONS_CACHE_SERVICE_V2: 'true',
      GITHUB_SERVER_URL: 'https://github.com'
    }
  }

  cacheEntries(): CacheEntry[] {
    return this.cacheService.entries()
  }

  /** Replaces the stored bytes of the newest finalized entry with this key, as a corrupted upload would leave them. */
  replaceCacheBlob(key: string, bytes: Buffer): void {
    this.cacheService.replaceBlob(key, bytes)
  }

  artifacts(): ArtifactRecord[] {
    return this.artifactService.records()
  }

  setFault(fault: ServiceFault | undefined): void {
    this.fault = fault
    // Connections kept alive from before must fail too, as they would if the host went away.
    if (fault === 'down') for (const socket of this.openSockets) socket.resetAndDestroy()
  }

  private accept(socket: Socket): void {
    if (this.fault === 'down') {
      socket.resetAndDestroy()
      return
    }
    this.openSockets.add(socket)
    socket.once('close', () => this.openSockets.delete(socket))
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin)
    const method = request.method ?? 'GET'
    const isTwirp = url.pathname.startsWith(TWIRP_PREFIX)
    const record: RequestRecord = {
      method,
      path: url.pathname,
      query: url.search,
      ...(isTwirp ? { twirpMethod: twirpMethodOf(url.pathname) } : { blobOperation: blobOperationOf(method, url) })
    }
    this.requests.push(record)
    response.once('finish', () => {
      record.status = response.statusCode
    })
    try {
      if (typeof this.fault === 'object' && this.fault.kind === 'slow') await this.delay(this.fault.ms)
      if (typeof this.fault === 'object' && this.fault.kind === 'method' && record.twirpMethod === this.fault.method) {
        await readBody(request)
        return sendTwirpError(
          response,
          this.fault.status === 500 ? 'internal' : 'unavailable',
          `${this.fault.method} failed (a fault switched on by the test)`
        )
      }
      if (this.fault === 'unavailable') return answerUnavailable(request, response, isTwirp)
      if (isTwirp) await this.handleTwirp(request, response, url.pathname)
      else await this.storage.handle(request, response, url)
    } catch (error) {
      // A bug here must reach the test as a failed request, not as an unhandled rejection.
      if (!response.headersSent && !response.destroyed) sendTwirpError(response, 'internal', String(error))
    }
  }

  private async handleTwirp(request: http.IncomingMessage, response: http.ServerResponse, path: string): Promise<void> {
    const handler = this.twirpHandlers.get(path.slice(TWIRP_PREFIX.length))
    const contentType = request.headers['content-type'] ?? ''
    if (request.method !== 'POST' || handler === undefined || !contentType.startsWith('application/json')) {
      await readBody(request)
      return sendTwirpError(response, 'bad_route', `no handler for ${request.method} ${path} (${contentType || 'no content type'})`)
    }
    const body = await readBody(request)
    if (request.headers.authorization !== `Bearer ${this.runtimeToken}`) {
      return sendTwirpError(response, 'unauthenticated', 'the runtime token is missing or not the one this run was given')
    }
    let message: JsonObject
    try {
      message = parseJsonObject(body)
    } catch (error) {
      return sendTwirpError(response, 'malformed', `the request body is not a JSON object: ${String(error)}`)
    }
    try {
      sendJson(response, 200, handler(message))
    } catch (error) {
      if (!(error instanceof TwirpError)) throw error
      sendTwirpError(response, error.code, error.message)
    }
  }

  private delay(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.pendingDelays.delete(timer)
        resolve()
      }, ms)
      this.pendingDelays.add(timer)
    })
  }
}

// ---------------------------------------------------------------- twirp

type JsonObject = Record<string, unknown>
type TwirpHandler = (message: JsonObject) => JsonObject

// The twirp error codes these services answer with, and the HTTP status twirp gives each.
const TWIRP_STATUS = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412,
  internal: 500,
  unavailable: 503
} as const
type TwirpCode = keyof typeof TWIRP_STATUS

class TwirpError extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string
  ) {
    super(message)
  }
}

/** '/twirp/<service>/<Method>' → '<Method>'. */
function twirpMethodOf(path: string): string | undefined {
  const [service, method, ...rest] = path.slice(TWIRP_PREFIX.length).split('/')
  return service && method && rest.length === 0 ? method : undefined
}

function sendJson(response: http.ServerResponse, status: number, body: JsonObject): void {
  const text = JSON.stringify(body)
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) })
  response.end(text)
}

function sendTwirpError(response: http.ServerResponse, code: TwirpCode, msg: string): void {
  sendJson(response, TWIRP_STATUS[code], { code, msg })
}

function parseJsonObject(body: Buffer): JsonObject {
  // protobuf JSON leaves out fields at their default values, so an empty message may arrive as no body at all.
  const parsed: unknown = body.length === 0 ? {} : JSON.parse(body.toString('utf8'))
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object')
  return parsed as JsonObject
}

// Field readers: protobuf JSON omits default values, so an absent field is its default.
function stringField(message: JsonObject, name: string): string {
  const value = message[name] ?? ''
  if (typeof value !== 'string') throw new TwirpError('invalid_argument', `${name} must be a string`)
  return value
}

function requiredStringField(message: JsonObject, name: string): string {
  const value = stringField(message, name)
  if (value === '') throw new TwirpError('invalid_argument', `${name} is required`)
  return value
}

function stringListField(message: JsonObject, name: string): string[] {
  const value = message[name] ?? []
  if (!Array.isArray(value) || value.some(item => typeof item !== 'string')) {
    throw new TwirpError('invalid_argument', `${name} must be a list of strings`)
  }
  return value as string[]
}

/** int64 travels as a decimal string; protobuf JSON parsers accept a number too. */
function int64Field(message: JsonObject, name: string): number | undefined {
  const value = message[name]
  if (value === undefined) return undefined
  const parsed = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value
  if (typeof parsed !== 'number' || !Number.isSafeInteger(parsed)) {
    throw new TwirpError('invalid_argument', `${name} must be an int64`)
  }
  return parsed
}

function answerUnavailable(request: http.IncomingMessage, response: http.ServerResponse, isTwirp: boolean): void {
  request.resume()
  if (isTwirp) sendTwirpError(response, 'unavailable', 'the service is temporarily unavailable')
  else
    sendStorageError(request, response, 503, 'ServerBusy', 'The server is currently unable to receive requests. Please retry your request.')
}

// ---------------------------------------------------------------- cache service

/** A cache entry's record, with where its bytes are kept instead of the bytes. */
type StoredCacheEntry = Omit<CacheEntry, 'bytes'> & { blobPath: string }

class CacheService {
  private readonly stored: StoredCacheEntry[] = []
  private nextId = 1

  constructor(
    private readonly storage: BlobStorage,
    private readonly isWriteDenied: () => boolean
  ) {}

  handlers(service: string): [string, TwirpHandler][] {
    return [
      [`${service}/CreateCacheEntry`, message => this.create(message)],
      [`${service}/FinalizeCacheEntryUpload`, message => this.finalize(message)],
      [`${service}/GetCacheEntryDownloadURL`, message => this.downloadUrl(message)]
    ]
  }

  entries(): CacheEntry[] {
    return this.stored.map(({ blobPath, ...entry }) => ({ ...entry, bytes: this.storage.read(blobPath) ?? Buffer.alloc(0) }))
  }

  replaceBlob(key: string, bytes: Buffer): void {
    const entry = this.newestFirst(this.stored.filter(candidate => candidate.finalized && candidate.key === key))[0]
    if (entry === undefined) throw new Error(`no finalized cache entry has the key '${key}'`)
    this.storage.replace(entry.blobPath, bytes)
  }

  private create(message: JsonObject): JsonObject {
    const key = requiredStringField(message, 'key')
    const version = requiredStringField(message, 'version')
    // A denial is an answer, not a twirp error: @actions/cache only recognises it in the response's message.
    if (this.isWriteDenied()) return { ok: false, message: CACHE_WRITE_DENIED_MESSAGE }
    // An entry in progress blocks the key as much as a finished one: another job is writing it.
    if (this.stored.some(entry => entry.key === key && entry.version === version)) {
      throw new TwirpError('already_exists', 'cache entry with the same key, version, and scope already exists')
    }
    const id = this.nextId++
    const blobPath = `${CACHE_CONTAINER}/${id}`
    this.stored.push({ id, key, version, size: 0, createdAt: new Date(), finalized: false, blobPath })
    return { ok: true, signed_upload_url: this.storage.signedUrl(blobPath, 'write') }
  }

  private finalize(message: JsonObject): JsonObject {
    const key = requiredStringField(message, 'key')
    const version = requiredStringField(message, 'version')
    const size = int64Field(message, 'size_bytes') ?? 0
    const entry = this.stored.find(candidate => candidate.key === key && candidate.version === version && !candidate.finalized)
    if (entry === undefined) throw new TwirpError('not_found', `no cache entry for key '${key}' is waiting to be finalized`)
    const uploaded = this.storage.read(entry.blobPath)
    if (uploaded === undefined) throw new TwirpError('failed_precondition', `nothing was uploaded for cache key '${key}'`)
    if (uploaded.length !== size) {
      throw new TwirpError('invalid_argument', `size_bytes is ${size} but ${uploaded.length} bytes were uploaded for cache key '${key}'`)
    }
    entry.size = size
    entry.finalized = true
    return { ok: true, entry_id: String(entry.id) }
  }

  private downloadUrl(message: JsonObject): JsonObject {
    const key = requiredStringField(message, 'key')
    const restoreKeys = stringListField(message, 'restore_keys')
    const version = requiredStringField(message, 'version')
    const entry = this.lookup(key, restoreKeys, version)
    if (entry === undefined) return { ok: false }
    return { ok: true, signed_download_url: this.storage.signedUrl(entry.blobPath, 'read'), matched_key: entry.key }
  }

  /** The service's matching rules: the exact key, then the key as a prefix, then each restore key as a prefix; newest first. */
  private lookup(key: string, restoreKeys: string[], version: string): StoredCacheEntry | undefined {
    const candidates = this.newestFirst(this.stored.filter(entry => entry.finalized && entry.version === version))
    const exact = candidates.find(entry => entry.key === key)
    if (exact !== undefined) return exact
    for (const prefix of [key, ...restoreKeys]) {
      const match = candidates.find(entry => entry.key.startsWith(prefix))
      if (match !== undefined) return match
    }
    return undefined
  }

  // Ids grow with creation, and unlike timestamps they also order entries made within one millisecond.
  private newestFirst(entries: StoredCacheEntry[]): StoredCacheEntry[] {
    return [...entries].sort((a, b) => b.id - a.id)
  }
}

// ---------------------------------------------------------------- artifact service

/** An artifact's record, with where its bytes are kept instead of the bytes. */
type StoredArtifact = Omit<ArtifactRecord, 'bytes'> & { blobPath: string }

class ArtifactService {
  private stored: StoredArtifact[] = []
  private nextId = 1

  constructor(
    private readonly storage: BlobStorage,
    private readonly runId: string
  ) {}

  handlers(service: string): [string, TwirpHandler][] {
    return [
      [`${service}/CreateArtifact`, message => this.create(message)],
      [`${service}/FinalizeArtifact`, message => this.finalize(message)],
      [`${service}/ListArtifacts`, message => this.list(message)],
      [`${service}/GetSignedArtifactURL`, message => this.signedArtifactUrl(message)],
      [`${service}/DeleteArtifact`, message => this.delete(message)]
    ]
  }

  records(): ArtifactRecord[] {
    return this.stored.map(({ blobPath, ...artifact }) => ({ ...artifact, bytes: this.storage.read(blobPath) ?? Buffer.alloc(0) }))
  }

  private create(message: JsonObject): JsonObject {
    const { runId, jobId } = this.backendIds(message)
    const name = requiredStringField(message, 'name')
    const version = typeof message.version === 'number' ? message.version : 0
    if (version < OLDEST_ARTIFACT_VERSION) {
      throw new TwirpError(
        'invalid_argument',
        `artifact client version ${version} is not supported; version ${OLDEST_ARTIFACT_VERSION} or later is`
      )
    }
    if (this.stored.some(artifact => artifact.runId === runId && artifact.name === name)) {
      throw new TwirpError('already_exists', `an artifact with the name '${name}' already exists on this workflow run`)
    }
    const id = this.nextId++
    const blobPath = `${ARTIFACT_CONTAINER}/${runId}/${id}`
    const mimeType = stringField(message, 'mime_type') || 'application/zip'
    this.stored.push({ id, name, runId, jobId, size: 0, digest: undefined, createdAt: new Date(), finalized: false, mimeType, blobPath })
    return { ok: true, signed_upload_url: this.storage.signedUrl(blobPath, 'write') }
  }

  private finalize(message: JsonObject): JsonObject {
    const { runId } = this.backendIds(message)
    const name = requiredStringField(message, 'name')
    const size = int64Field(message, 'size') ?? 0
    const hash = stringField(message, 'hash')
    const artifact = this.stored.find(candidate => candidate.runId === runId && candidate.name === name && !candidate.finalized)
    if (artifact === undefined) throw new TwirpError('not_found', `no artifact named '${name}' is waiting to be finalized`)
    const uploaded = this.storage.read(artifact.blobPath)
    if (uploaded === undefined) throw new TwirpError('failed_precondition', `nothing was uploaded for artifact '${name}'`)
    if (uploaded.length !== size) {
      throw new TwirpError('invalid_argument', `size is ${size} but ${uploaded.length} bytes were uploaded for artifact '${name}'`)
    }
    const digest = `sha256:${crypto.createHash('sha256').update(uploaded).digest('hex')}`
    if (hash !== '' && hash !== digest) {
      throw new TwirpError('invalid_argument', `hash ${hash} does not match the uploaded content (${digest})`)
    }
    Object.assign(artifact, { size, digest, finalized: true })
    return { ok: true, artifact_id: String(artifact.id) }
  }

  private list(message: JsonObject): JsonObject {
    const { runId } = this.backendIds(message)
    const nameFilter = message.name_filter === undefined ? undefined : stringField(message, 'name_filter')
    const idFilter = int64Field(message, 'id_filter')
    const artifacts = this.finalizedIn(runId)
      .filter(artifact => nameFilter === undefined || artifact.name === nameFilter)
      .filter(artifact => idFilter === undefined || artifact.id === idFilter)
    return {
      artifacts: artifacts.map(artifact => ({
        workflow_run_backend_id: artifact.runId,
        workflow_job_run_backend_id: artifact.jobId,
        database_id: String(artifact.id),
        name: artifact.name,
        size: String(artifact.size),
        created_at: artifact.createdAt.toISOString(),
        ...(artifact.digest === undefined ? {} : { digest: artifact.digest })
      }))
    }
  }

  private signedArtifactUrl(message: JsonObject): JsonObject {
    const artifact = this.finalizedByName(message)
    // The URL names the file, for clients that save the download as it is (skipDecompress, or
    // an artifact uploaded with skipArchive, whose name already is its file name).
    const fileName = artifact.mimeType === 'application/zip' ? `${artifact.name}.zip` : artifact.name
    const contentDisposition = `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
    return { signed_url: this.storage.signedUrl(artifact.blobPath, 'read', contentDisposition) }
  }

  private delete(message: JsonObject): JsonObject {
    const artifact = this.finalizedByName(message)
    this.stored = this.stored.filter(candidate => candidate !== artifact)
    this.storage.remove(artifact.blobPath)
    return { ok: true, artifact_id: String(artifact.id) }
  }

  private finalizedByName(message: JsonObject): StoredArtifact {
    const { runId } = this.backendIds(message)
    const name = requiredStringField(message, 'name')
    const artifact = this.finalizedIn(runId).find(candidate => candidate.name === name)
    if (artifact === undefined) throw new TwirpError('not_found', `no artifact named '${name}' on this workflow run`)
    return artifact
  }

  private finalizedIn(runId: string): StoredArtifact[] {
    return this.stored.filter(artifact => artifact.finalized && artifact.runId === runId)
  }

  /** The run and job a request names; the token only grants access to its own run. */
  private backendIds(message: JsonObject): { runId: string; jobId: string } {
    const runId = requiredStringField(message, 'workflow_run_backend_id')
    const jobId = requiredStringField(message, 'workflow_job_run_backend_id')
    if (runId !== this.runId) throw new TwirpError('permission_denied', `the runtime token does not grant access to run ${runId}`)
    return { runId, jobId }
  }
}

// ---------------------------------------------------------------- blob storage

interface StoredBlob {
  bytes: Buffer
  contentType: string
  etag: string
  lastModified: Date
}

/** What a signed URL's signature grants: one blob, to read or to write. */
interface Grant {
  blobPath: string
  access: 'read' | 'write'
  /** Served as Content-Disposition, as an Azure SAS's rscd parameter would make it. */
  contentDisposition?: string
}

/**
 * Block blobs addressed as /<account>/<container>/<blob>, reachable only through
 * URLs this store signed. Staged blocks wait, per blob, for the block list that
 * commits them in its order, whatever order they arrived in.
 */
class BlobStorage {
  private readonly blobs = new Map<string, StoredBlob>()
  private readonly stagedBlocks = new Map<string, Map<string, Buffer>>()
  private readonly grants = new Map<string, Grant>()

  constructor(private readonly origin: () => string) {}

  signedUrl(blobPath: string, access: Grant['access'], contentDisposition?: string): string {
    const signature = crypto.randomBytes(24).toString('base64url')
    this.grants.set(signature, { blobPath, access, contentDisposition })
    const expiry = new Date(Date.now() + 6 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
    const query = new URLSearchParams({
      sv: DEFAULT_STORAGE_VERSION,
      sr: 'b',
      sp: access === 'read' ? 'r' : 'cw',
      se: expiry,
      sig: signature
    })
    return `${this.origin()}/${STORAGE_ACCOUNT}/${blobPath}?${query.toString()}`
  }

  read(blobPath: string): Buffer | undefined {
    return this.blobs.get(blobPath)?.bytes
  }

  replace(blobPath: string, bytes: Buffer): void {
    const blob = this.blobs.get(blobPath)
    if (blob === undefined) throw new Error(`no blob at ${blobPath}`)
    this.commit(blobPath, bytes, blob.contentType)
  }

  remove(blobPath: string): void {
    this.blobs.delete(blobPath)
    this.stagedBlocks.delete(blobPath)
  }

  async handle(request: http.IncomingMessage, response: http.ServerResponse, url: URL): Promise<void> {
    const body = await readBody(request)
    const query = parseQuery(url.search)
    const blobPath = blobPathOf(url.pathname)
    const grant = this.grants.get(query.get('sig') ?? '')
    const operation = blobOperationOf(request.method ?? 'GET', url)
    if (operation === undefined) {
      return sendStorageError(request, response, 405, 'UnsupportedHttpVerb', `The resource doesn't support ${request.method}.`)
    }
    const needs = operation === 'GetBlob' || operation === 'GetBlobProperties' ? 'read' : 'write'
    if (blobPath === undefined || grant === undefined || grant.blobPath !== blobPath || grant.access !== needs) {
      return sendStorageError(
        request,
        response,
        403,
        'AuthenticationFailed',
        'Server failed to authenticate the request. The signature does not grant this operation on this blob.'
      )
    }
    switch (operation) {
      case 'PutBlob':
        return this.putBlob(request, response, blobPath, body)
      case 'PutBlock':
        return this.putBlock(request, response, blobPath, query, body)
      case 'PutBlockList':
        return this.putBlockList(request, response, blobPath, body)
      case 'GetBlob':
      case 'GetBlobProperties':
        return this.getBlob(request, response, blobPath, grant, operation === 'GetBlob')
    }
  }

  private putBlob(request: http.IncomingMessage, response: http.ServerResponse, blobPath: string, body: Buffer): void {
    const blobType = request.headers['x-ms-blob-type']
    if (blobType !== 'BlockBlob') {
      const code = blobType === undefined ? 'MissingRequiredHeader' : 'InvalidHeaderValue'
      return sendStorageError(request, response, 400, code, 'x-ms-blob-type must be BlockBlob: only block blobs are supported here.')
    }
    const blob = this.commit(blobPath, body, blobContentType(request))
    sendCreated(request, response, { ...blobIdentity(blob), 'Content-MD5': md5(body) })
  }

  private putBlock(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    blobPath: string,
    query: Map<string, string>,
    body: Buffer
  ): void {
    const blockId = query.get('blockid')
    if (!blockId) return sendStorageError(request, response, 400, 'MissingRequiredQueryParameter', 'blockid is required.')
    const blocks = this.stagedBlocks.get(blobPath) ?? new Map<string, Buffer>()
    blocks.set(blockId, body)
    this.stagedBlocks.set(blobPath, blocks)
    sendCreated(request, response, { 'Content-MD5': md5(body) })
  }

  private putBlockList(request: http.IncomingMessage, response: http.ServerResponse, blobPath: string, body: Buffer): void {
    const blockIds = blockListIds(body.toString('utf8'))
    if (blockIds === undefined)
      return sendStorageError(request, response, 400, 'InvalidXmlDocument', 'The block list is not a BlockList document.')
    const staged = this.stagedBlocks.get(blobPath) ?? new Map<string, Buffer>()
    const missing = blockIds.find(id => !staged.has(id))
    if (missing !== undefined) {
      return sendStorageError(request, response, 400, 'InvalidBlockList', `The block list names block ${missing}, which was not staged.`)
    }
    const blob = this.commit(blobPath, Buffer.concat(blockIds.map(id => staged.get(id) as Buffer)), blobContentType(request))
    sendCreated(request, response, { ...blobIdentity(blob), 'Content-MD5': md5(body) })
  }

  private getBlob(request: http.IncomingMessage, response: http.ServerResponse, blobPath: string, grant: Grant, withBody: boolean): void {
    const blob = this.blobs.get(blobPath)
    if (blob === undefined) return sendStorageError(request, response, 404, 'BlobNotFound', 'The specified blob does not exist.')
    const rangeHeader = request.headers['x-ms-range'] ?? request.headers.range
    const range = rangeHeader === undefined ? undefined : parseRange(String(rangeHeader), blob.bytes.length)
    if (range === 'unsatisfiable') {
      return sendStorageError(
        request,
        response,
        416,
        'InvalidRange',
        'The range specified is invalid for the current size of the resource.'
      )
    }
    const content = range === undefined ? blob.bytes : blob.bytes.subarray(range.start, range.end + 1)
    response.writeHead(range === undefined ? 200 : 206, {
      ...storageHeaders(request),
      ...blobIdentity(blob),
      'Content-Type': blob.contentType,
      'Content-Length': content.length,
      'Accept-Ranges': 'bytes',
      'x-ms-blob-type': 'BlockBlob',
      'x-ms-server-encrypted': 'true',
      ...(range === undefined ? {} : { 'Content-Range': `bytes ${range.start}-${range.end}/${blob.bytes.length}` }),
      ...(grant.contentDisposition === undefined ? {} : { 'Content-Disposition': grant.contentDisposition })
    })
    response.end(withBody ? content : undefined)
  }

  /** Committing replaces the blob and, as in Azure, discards blocks still uncommitted. */
  private commit(blobPath: string, bytes: Buffer, contentType: string): StoredBlob {
    const blob = { bytes, contentType, etag: `"0x${crypto.randomBytes(8).toString('hex').toUpperCase()}"`, lastModified: new Date() }
    this.blobs.set(blobPath, blob)
    this.stagedBlocks.delete(blobPath)
    return blob
  }
}

function blobOperationOf(method: string, url: URL): BlobOperation | undefined {
  const comp = parseQuery(url.search).get('comp')
  if (method === 'GET' && comp === undefined) return 'GetBlob'
  if (method === 'HEAD' && comp === undefined) return 'GetBlobProperties'
  if (method !== 'PUT') return undefined
  if (comp === 'block') return 'PutBlock'
  if (comp === 'blocklist') return 'PutBlockList'
  return comp === undefined ? 'PutBlob' : undefined
}

/** '/<account>/<container>/<blob…>' → '<container>/<blob…>', for this store's account only. */
function blobPathOf(pathname: string): string | undefined {
  const [, account, container, ...blob] = pathname.split('/').map(segment => decodeURIComponent(segment))
  if (account !== STORAGE_ACCOUNT || !container || blob.length === 0 || blob.includes('')) return undefined
  return [container, ...blob].join('/')
}

/**
 * Query parameters decoded with decodeURIComponent: block ids are base64, and
 * URLSearchParams would turn a literal '+' in them into a space.
 */
function parseQuery(search: string): Map<string, string> {
  const parameters = new Map<string, string>()
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (pair === '') continue
    const separator = pair.indexOf('=')
    const name = separator < 0 ? pair : pair.slice(0, separator)
    const value = separator < 0 ? '' : pair.slice(separator + 1)
    parameters.set(decodeURIComponent(name), decodeURIComponent(value))
  }
  return parameters
}

/** The ids of a Put Block List body, in order. Every entry (Latest, Uncommitted, Committed) names a staged block here. */
function blockListIds(xml: string): string[] | undefined {
  const list = /<BlockList>([\s\S]*)<\/BlockList>/.exec(xml)
  if (list === null) return undefined
  return [...list[1].matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map(match => decodeXmlText(match[2]))
}

function decodeXmlText(text: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => entities[name])
}

/** A single 'bytes=start-end' or 'bytes=start-' range; multi-range requests are not something the clients send. */
function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d+)-(\d*)$/.exec(header.trim())
  if (match === null) return undefined
  const start = Number(match[1])
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  return start >= size || end < start ? 'unsatisfiable' : { start, end }
}

function blobContentType(request: http.IncomingMessage): string {
  const declared = request.headers['x-ms-blob-content-type']
  return typeof declared === 'string' && declared !== '' ? declared : 'application/octet-stream'
}

function blobIdentity(blob: StoredBlob): Record<string, string> {
  return { ETag: blob.etag, 'Last-Modified': blob.lastModified.toUTCString() }
}

/** Headers every storage answer carries; the SDK maps them into its response objects. */
function storageHeaders(request: http.IncomingMessage): Record<string, string> {
  const clientRequestId = request.headers['x-ms-client-request-id']
  return {
    'x-ms-request-id': crypto.randomUUID(),
    'x-ms-version': String(request.headers['x-ms-version'] ?? DEFAULT_STORAGE_VERSION),
    ...(typeof clientRequestId === 'string' ? { 'x-ms-client-request-id': clientRequestId } : {})
  }
}

function sendCreated(request: http.IncomingMessage, response: http.ServerResponse, headers: Record<string, string>): void {
  response.writeHead(201, { ...storageHeaders(request), ...headers, 'x-ms-request-server-encrypted': 'true', 'Content-Length': 0 })
  response.end()
}

function sendStorageError(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  status: number,
  code: string,
  message: string
): void {
  const requestId = crypto.randomUUID()
  const xml =
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<Error><Code>${code}</Code><Message>${message}\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message></Error>`
  response.writeHead(status, {
    ...storageHeaders(request),
    'x-ms-request-id': requestId,
    'x-ms-error-code': code,
    'Content-Type': 'application/xml',
    'Content-Length': Buffer.byteLength(xml)
  })
  response.end(request.method === 'HEAD' ? undefined : xml)
}

function md5(bytes: Buffer): string {
  return crypto.createHash('md5').update(bytes).digest('base64')
}

// ---------------------------------------------------------------- shared helpers

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.once('end', () => resolve(Buffer.concat(chunks)))
    request.once('error', reject)
    request.once('close', () => {
      if (!request.complete) reject(new Error('the client went away before sending the whole request'))
    })
  })
}

/** The runner's tokens are signed JWTs; the toolkit only decodes the claims, so no signature is needed. */
function unsignedJwt(claims: JsonObject): string {
  const encode = (part: JsonObject): string => Buffer.from(JSON.stringify(part)).toString('base64url')
  return `${encode({ typ: 'JWT', alg: 'none' })}.${encode(claims)}.`
}
