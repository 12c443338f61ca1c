// Installs LLVM tools (llvm-profdata; llvm-bolt and merge-fdata) from the
// LLVM project's release archives through the runner's tool cache, so a
// later step or job on the same runner (or a self-hosted one) finds them in
// RUNNER_TOOL_CACHE without downloading again.
import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ActionError, errorMessage } from '../system/errors'
import { sha256File } from '../system/hash'
import { chooseRelease, releasePlatform, type ReleaseRequest } from './releases'
import { toolFileName } from './tool-paths'
import { hostSystem } from '../platform/host'

// Loaded when first needed: most runs find their tools without downloading.
const toolCache = () => import('@actions/tool-cache')

/** The tool cache's name for the archives' tools; versions and architectures sit under it. */
export const TOOL_CACHE_NAME = 'llvm'

export interface DownloadRequest extends ReleaseRequest {
  /** llvm-mirror: the base of `<mirror>/llvmorg-<version>/<archive>`. */
  mirror: string
  /** The tools the caller runs, from the archive's bin/: the first names the archive in errors, and every one must be there. */
  tools: string[]
  /** Tools kept when the archive has them (llvm-cxxfilt, for readable names). */
  optionalTools?: string[]
  /** Files of the archive's lib/ the tools load at run time (BOLT's instrumentation runtime): they must be there. */
  libraries?: string[]
  /** llvm-archive-sha256: the archive must have this sha256, checked before it is unpacked. */
  archiveSha256?: string
}

export interface InstalledRelease {
  /** The cached installation's bin directory. */
  binDirectory: string
  version: string
  /** "LLVM 22.1.2 release (tool cache)", "LLVM 22.1.2 release, downloaded from …". */
  origin: string
}

/** The release's tools from the tool cache, downloading and caching them first when they are not there. */
export async function installRelease(request: DownloadRequest): Promise<InstalledRelease> {
  const platform = releasePlatform(hostSystem(), process.arch)
  if (!platform) {
    throw new ActionError(
      `llvm-tools download: the LLVM project publishes no release archives for ${hostSystem()} ${process.arch}. ` +
        'Fix: set llvm-tools to system, rustup or a directory that holds llvm-profdata.'
    )
  }
  const choice = chooseRelease(request, platform)
  if ('missing' in choice) {
    throw new ActionError(
      `llvm-tools download: ${choice.missing}. Fix: set llvm-tools to rustup (for Rust), system, or a directory that holds ` +
        `llvm-profdata from LLVM ${request.major}; or set llvm-version to a version that has one.`
    )
  }
  const { version, asset, why } = choice
  const tc = await toolCache()
  const needed = neededFiles(request)
  const cached = tc.find(TOOL_CACHE_NAME, version, process.arch)
  const missing = cached ? needed.filter(file => !fs.existsSync(path.join(cached, file))) : needed
  const cachedSha256 = cached ? readArchiveRecord(cached) : undefined
  const pinMissed = request.archiveSha256 !== undefined && cachedSha256 !== request.archiveSha256
  if (cached && missing.length === 0 && !pinMissed) {
    core.info(`LLVM ${version} (${why}) is in the tool cache: ${cached}`)
    return {
      binDirectory: path.join(cached, 'bin'),
      version,
      origin: `LLVM ${version} release, tool cache; ${verification(cachedSha256, request.archiveSha256)}`
    }
  }
  // A cached release made for other tools (llvm-profdata alone), or from another archive than the pinned one, is downloaded again.
  if (cached && missing.length > 0)
    core.info(`LLVM ${version} in the tool cache (${cached}) lacks ${missing.join(', ')}: downloading the release again to add them.`)
  else if (cached)
    core.info(`LLVM ${version} in the tool cache (${cached}) was not made from the archive llvm-archive-sha256 pins: downloading it again.`)
  const kept = cached ? filesIn(cached) : []
  const url = `${request.mirror}/llvmorg-${version}/${encodeURIComponent(asset)}`
  core.info(`Downloading LLVM ${version} (${why}) for ${platform}: ${url}`)
  const archive = await download(url, request)
  const sha256 = await checkArchive(archive, url, request.archiveSha256)
  const optional = [...new Set([...(request.optionalTools ?? []).map(binFile), ...kept])].filter(file => !needed.includes(file))
  const cachedNow = await cacheFiles(archive, { url, version, platform, sha256 }, needed, optional)
  core.info(`Cached ${needed.map(file => path.basename(file)).join(', ')} of LLVM ${version} in ${cachedNow}`)
  return {
    binDirectory: path.join(cachedNow, 'bin'),
    version,
    origin: `LLVM ${version} release, downloaded from ${request.mirror}; ${verification(sha256, request.archiveSha256)}`
  }
}

/** The file in a cached release that records the sha256 of the archive it came from. */
const ARCHIVE_RECORD = 'archive.sha256'

function readArchiveRecord(cached: string): string | undefined {
  const text = fs.existsSync(path.join(cached, ARCHIVE_RECORD)) ? fs.readFileSync(path.join(cached, ARCHIVE_RECORD), 'utf8') : ''
  return /^[0-9a-f]{64}/.exec(text)?.[0]
}

/** How the tools' archive was checked, for the log and the summary. */
function verification(sha256: string | undefined, pinned: string | undefined): string {
  if (pinned) return `archive sha256 ${pinned.slice(0, 12)}… verified against llvm-archive-sha256`
  return `archive not verified${sha256 ? ` (sha256 ${sha256})` : ''}`
}

/**
 * Checks the archive against llvm-archive-sha256 before anything in it is
 * unpacked or run; without a pin it says plainly that nothing was verified.
 * The LLVM project signs its archives (GPG .sig files, and GitHub build
 * provenance .jsonl attestations for the ones its release workflow builds),
 * which the action does not check itself: a workflow verifies an archive
 * once and pins its hash.
 */
async function checkArchive(archive: string, url: string, pinned: string | undefined): Promise<string> {
  const sha256 = await sha256File(archive)
  if (pinned && sha256 !== pinned) {
    fs.rmSync(archive, { force: true })
    throw new ActionError(
      `The archive ${url} has sha256 ${sha256}, not the llvm-archive-sha256 ${pinned}: it was not unpacked. ` +
        'Fix: check where llvm-mirror points; if the release was published anew, verify the new archive and pin its hash.'
    )
  }
  if (pinned) {
    core.info(`The archive's sha256 ${sha256} is the one llvm-archive-sha256 pins.`)
  } else {
    core.warning(
      `The LLVM release archive ${url} was not verified (sha256 ${sha256}). Verify it once (gpg --verify with its .sig, or ` +
        '`gh attestation verify <archive> --repo llvm/llvm-project`) and pin that hash with llvm-archive-sha256.'
    )
  }
  return sha256
}

/** The files a request cannot do without, relative to the release's top directory. */
function neededFiles(request: DownloadRequest): string[] {
  return [...request.tools.map(binFile), ...(request.libraries ?? []).map(name => path.join('lib', name))]
}

function binFile(tool: string): string {
  return path.join('bin', toolFileName(tool, hostSystem()))
}

/** What an earlier download kept (bin/ and lib/, relative), so a new download keeps it too. */
function filesIn(directory: string): string[] {
  return ['bin', 'lib'].flatMap(sub => {
    const dir = path.join(directory, sub)
    return fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter(name => !/^libLLVM/.test(name))
          .map(name => path.join(sub, name))
      : []
  })
}

async function download(url: string, request: DownloadRequest): Promise<string> {
  const tc = await toolCache()
  try {
    return await tc.downloadTool(url)
  } catch (error) {
    const status = error instanceof tc.HTTPError ? `HTTP ${error.httpStatusCode}` : errorMessage(error)
    throw new ActionError(
      `Downloading ${url} failed: ${status}. Fix: set llvm-mirror to a server that holds the LLVM release archives ` +
        `(it now is ${request.mirror}), or set llvm-tools to rustup (for Rust), system, or a directory that holds llvm-profdata from LLVM ${request.major}.`,
      { cause: error }
    )
  }
}

/**
 * Unpacks the archive and caches only what the action runs: the files
 * asked for, and the LLVM shared library the tools load when the release
 * was built with one. A whole release unpacks to several gigabytes.
 */
async function cacheFiles(
  archive: string,
  release: { url: string; version: string; platform: string; sha256: string },
  needed: string[],
  optional: string[]
): Promise<string> {
  const tc = await toolCache()
  const unpacked = await tc.extractTar(archive, undefined, 'xJ')
  const keep = fs.mkdtempSync(path.join(path.dirname(unpacked), 'llvm-keep-'))
  try {
    const root = releaseRoot(unpacked)
    if (!fs.existsSync(path.join(root, 'bin')))
      throw new ActionError(`The archive ${release.url} has no bin/ directory: it is not an LLVM release archive.`)
    for (const file of [...needed, ...optional]) {
      const source = path.join(root, file)
      if (!fs.existsSync(source)) {
        if (!needed.includes(file)) continue
        throw new ActionError(
          `The LLVM ${release.version} release archive for ${release.platform} has no ${file} (${release.url}): this release does not ship it.`
        )
      }
      fs.mkdirSync(path.join(keep, path.dirname(file)), { recursive: true })
      fs.copyFileSync(source, path.join(keep, file))
      if (path.dirname(file) === 'bin') fs.chmodSync(path.join(keep, file), 0o755)
    }
    const libDir = path.join(root, 'lib')
    const sharedLibraries = fs.existsSync(libDir) ? fs.readdirSync(libDir).filter(name => /^libLLVM.*\.(so|dylib)/.test(name)) : []
    if (sharedLibraries.length > 0) {
      fs.mkdirSync(path.join(keep, 'lib'), { recursive: true })
      for (const name of sharedLibraries) fs.cpSync(path.join(libDir, name), path.join(keep, 'lib', name), { dereference: true })
    }
    fs.writeFileSync(path.join(keep, ARCHIVE_RECORD), `${release.sha256}  ${path.basename(new URL(release.url).pathname)}\n`)
    return await tc.cacheDir(keep, TOOL_CACHE_NAME, release.version, process.arch)
  } finally {
    fs.rmSync(keep, { recursive: true, force: true })
    fs.rmSync(unpacked, { recursive: true, force: true })
    fs.rmSync(archive, { force: true })
  }
}

/** The archive's top directory (LLVM-22.1.2-Linux-X64/, clang+llvm-…/), or the unpacked directory itself. */
function releaseRoot(unpacked: string): string {
  if (fs.existsSync(path.join(unpacked, 'bin'))) return unpacked
  const entries = fs.readdirSync(unpacked, { withFileTypes: true }).filter(entry => entry.isDirectory())
  const withBin = entries.find(entry => fs.existsSync(path.join(unpacked, entry.name, 'bin')))
  return withBin ? path.join(unpacked, withBin.name) : unpacked
}
