// Installs LLVM tools (llvm-profdata; llvm-bolt and merge-fdata) from the
// LLVM project's release archives through the runner's tool cache, so a
// later step or job on the same runner (or a self-hosted one) finds them in
// RUNNER_TOOL_CACHE without downloading again.
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ActionError, errorMessage } from '../errors'
import { chooseRelease, releasePlatform, type ReleaseRequest } from './releases'
import { toolFileName } from './tool-paths'

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
  const platform = releasePlatform(process.platform, process.arch)
  if (!platform) {
    throw new ActionError(
      `llvm-tools download: the LLVM project publishes no release archives for ${process.platform} ${process.arch}. ` +
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
  if (cached && missing.length === 0) {
    core.info(`LLVM ${version} (${why}) is in the tool cache: ${cached}`)
    return { binDirectory: path.join(cached, 'bin'), version, origin: `LLVM ${version} release, tool cache` }
  }
  // A cached release made for other tools (llvm-profdata alone) is downloaded again and cached with them all.
  if (cached) core.info(`LLVM ${version} in the tool cache (${cached}) lacks ${missing.join(', ')}: downloading the release again to add them.`)
  const kept = cached ? filesIn(cached) : []
  const url = `${request.mirror}/llvmorg-${version}/${encodeURIComponent(asset)}`
  core.info(`Downloading LLVM ${version} (${why}) for ${platform}: ${url}`)
  const archive = await download(url, request)
  const optional = [...new Set([...(request.optionalTools ?? []).map(binFile), ...kept])].filter(file => !needed.includes(file))
  const cachedNow = await cacheFiles(archive, { url, version, platform }, needed, optional)
  core.info(`Cached ${needed.map(file => path.basename(file)).join(', ')} of LLVM ${version} in ${cachedNow}`)
  return { binDirectory: path.join(cachedNow, 'bin'), version, origin: `LLVM ${version} release, downloaded from ${request.mirror}` }
}

/** The files a request cannot do without, relative to the release's top directory. */
function neededFiles(request: DownloadRequest): string[] {
  return [...request.tools.map(binFile), ...(request.libraries ?? []).map(name => path.join('lib', name))]
}

function binFile(tool: string): string {
  return path.join('bin', toolFileName(tool, process.platform))
}

/** What an earlier download kept (bin/ and lib/, relative), so a new download keeps it too. */
function filesIn(directory: string): string[] {
  return ['bin', 'lib'].flatMap(sub => {
    const dir = path.join(directory, sub)
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter(name => !/^libLLVM/.test(name)).map(name => path.join(sub, name)) : []
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
async function cacheFiles(archive: string, release: { url: string; version: string; platform: string }, needed: string[], optional: string[]): Promise<string> {
  const tc = await toolCache()
  const unpacked = await tc.extractTar(archive, undefined, 'xJ')
  const keep = fs.mkdtempSync(path.join(path.dirname(unpacked), 'llvm-keep-'))
  try {
    const root = releaseRoot(unpacked)
    if (!fs.existsSync(path.join(root, 'bin'))) throw new ActionError(`The archive ${release.url} has no bin/ directory: it is not an LLVM release archive.`)
    for (const file of [...needed, ...optional]) {
      const source = path.join(root, file)
      if (!fs.existsSync(source)) {
        if (!needed.includes(file)) continue
        throw new ActionError(`The LLVM ${release.version} release archive for ${release.platform} has no ${file} (${release.url}): this release does not ship it.`)
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
