// Installs llvm-profdata from the LLVM project's release archives through the
// runner's tool cache, so a later step or job on the same runner (or a
// self-hosted one) finds it in RUNNER_TOOL_CACHE without downloading again.
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
  /** The tools to keep from the archive, such as llvm-profdata. */
  tools: string[]
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
  const cached = tc.find(TOOL_CACHE_NAME, version, process.arch)
  if (cached) {
    core.info(`LLVM ${version} (${why}) is in the tool cache: ${cached}`)
    return { binDirectory: path.join(cached, 'bin'), version, origin: `LLVM ${version} release, tool cache` }
  }
  const url = `${request.mirror}/llvmorg-${version}/${encodeURIComponent(asset)}`
  core.info(`Downloading LLVM ${version} (${why}) for ${platform}: ${url}`)
  const archive = await download(url, request)
  const cachedNow = await cacheTools(archive, url, version, request.tools)
  core.info(`Cached ${request.tools.join(', ')} of LLVM ${version} in ${cachedNow}`)
  return { binDirectory: path.join(cachedNow, 'bin'), version, origin: `LLVM ${version} release, downloaded from ${request.mirror}` }
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
 * Unpacks the archive and caches only what the action runs: the tools, and
 * the LLVM shared library they load when the release was built with one.
 * A whole release unpacks to several gigabytes.
 */
async function cacheTools(archive: string, url: string, version: string, tools: string[]): Promise<string> {
  const tc = await toolCache()
  const unpacked = await tc.extractTar(archive, undefined, 'xJ')
  const keep = fs.mkdtempSync(path.join(path.dirname(unpacked), 'llvm-keep-'))
  try {
    const root = releaseRoot(unpacked)
    fs.mkdirSync(path.join(keep, 'bin'))
    for (const tool of tools) {
      const name = toolFileName(tool, process.platform)
      const file = path.join(root, 'bin', name)
      if (!fs.existsSync(file)) {
        if (tool === tools[0]) throw new ActionError(`The archive ${url} has no bin/${name}: it is not an LLVM release archive.`)
        continue
      }
      fs.copyFileSync(file, path.join(keep, 'bin', name))
      fs.chmodSync(path.join(keep, 'bin', name), 0o755)
    }
    const libDir = path.join(root, 'lib')
    const sharedLibraries = fs.existsSync(libDir) ? fs.readdirSync(libDir).filter(name => /^libLLVM.*\.(so|dylib)/.test(name)) : []
    if (sharedLibraries.length > 0) {
      fs.mkdirSync(path.join(keep, 'lib'))
      for (const name of sharedLibraries) fs.cpSync(path.join(libDir, name), path.join(keep, 'lib', name), { dereference: true })
    }
    return await tc.cacheDir(keep, TOOL_CACHE_NAME, version, process.arch)
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
