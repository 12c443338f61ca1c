// The llvm room: LLVM's profile tools and what the action knows of them:
// finding a matching llvm-profdata (this file, with the per-OS places in
// tool-paths.ts), downloading a release (download.ts, releases.ts), the
// profile formats and the checks made with them, merging and reading
// profiles (profdata.ts), the profile tool interface Go's pprof shares, the
// cc crate, and llvm-bolt (bolt.ts).
// May import: executables, platform, system.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { commandEnv } from '../system/environment'
import { ActionError, errorMessage } from '../system/errors'
import { runTool } from '../system/exec'
import { installWithApt } from '../system/apt'
import { isExecutableFile, which } from '../platform/which'
import { installRelease } from './download'
import type { LlvmToolSource } from './tool-source'
import { directoryToolFiles, systemToolLocations, toolFileName, type ToolLocation } from './tool-paths'
import { describeLlvm, isCompilersLlvm, parseLlvmVersion, type LlvmVersion } from './version'
import { hostSystem } from '../platform/host'

export interface BundledLlvmTools {
  /** Where the compiler's own LLVM tools live, such as rustup's llvm-tools component. */
  directory: string
  /** How they are called in messages: "rustup llvm-tools". */
  origin: string
  /** Installs them when missing; resolves false when it cannot. */
  install(): Promise<boolean>
  /** Whether BOLT's tools (llvm-bolt, merge-fdata) can be there too: rustup's llvm-tools never has them. */
  mayHoldBolt: boolean
}

export interface LocatedTool {
  path: string
  version: LlvmVersion
  /** Where it came from, for the log and the summary: "rustup llvm-tools", "system", … */
  origin: string
}

export interface LocateRequest {
  /** The program, such as llvm-profdata. */
  tool: string
  /** Arguments that make it print its version. */
  versionArgs: string[]
  major: number
  source: LlvmToolSource
  /** The compiler's own tools (rustup's llvm-tools), if it has them. */
  bundled?: BundledLlvmTools
  /** Names the compiler and its LLVM in errors: "rustc 1.95.0 uses LLVM 22.1.2". */
  needs: string
  cwd: string
  /** Where `download` (and `auto`, last) gets the LLVM release archives, and which release. */
  download: { mirror: string; exact?: string; compilerVersion?: string; archiveSha256?: string }
  /** What else to keep from a downloaded release: tools used with this one, and the files they load. */
  companions?: { tools?: string[]; optionalTools?: string[]; libraries?: string[] }
  /** The Debian and Ubuntu package that holds the tool; llvm-N unless said. */
  aptPackage?: string
  /** Why the LLVM major must match, for the error: profiles, unless said. */
  whyMatch?: string
  /** Facts about sources left out of the search, listed first in the error (rustup's llvm-tools has no BOLT). */
  notes?: string[]
  /** The compiler is Apple's clang, whose matching tools are Xcode's. */
  apple?: boolean
}

interface Candidate {
  path: string
  origin: string
}

type Step = { look: () => Promise<Candidate[]> } | { install: string; run: () => Promise<boolean> }

/**
 * Finds `tool` from LLVM `major`, trying the sources the `llvm-tools` input
 * allows in order, installing where a source can. Every place checked is
 * named in the error when none fits.
 */
export async function locateLlvmTool(request: LocateRequest): Promise<LocatedTool> {
  const checked: string[] = [...(request.notes ?? [])]
  const versions = new Map<string, LlvmVersion | undefined>()
  let installed = false
  for (const step of plan(request)) {
    if ('install' in step) {
      try {
        installed = await step.run()
        if (!installed) checked.push(`${step.install}: not available here`)
      } catch (error) {
        checked.push(`${step.install}: failed (${firstLine(errorMessage(error))})`)
      }
      continue
    }
    let candidates: Candidate[]
    try {
      candidates = await step.look()
    } catch (error) {
      // A download the user asked for explains itself; as auto's last resort it is one line of many.
      if (request.source.kind === 'download') throw error
      checked.push(`LLVM release download: failed (${firstLine(errorMessage(error))})`)
      continue
    }
    for (const candidate of candidates) {
      if (!isExecutableFile(candidate.path)) {
        checked.push(`${candidate.origin}: ${candidate.path} (not there)`)
        continue
      }
      const real = fs.realpathSync(candidate.path)
      if (!versions.has(real)) versions.set(real, await toolVersion(candidate.path, request.versionArgs, request.cwd))
      const version = versions.get(real)
      if (version && isCompilersLlvm(version, request.major, request.apple)) {
        return { path: candidate.path, version, origin: installed ? `${candidate.origin}, installed now` : candidate.origin }
      }
      checked.push(`${candidate.origin}: ${candidate.path} (${version ? describeLlvm(version) : 'version unknown'})`)
    }
  }
  throw mismatchError(request, [...new Set(checked)])
}

function plan(request: LocateRequest): Step[] {
  const { tool, major, source, bundled } = request
  const bundledLook = async (): Promise<Candidate[]> =>
    bundled ? [{ path: path.join(bundled.directory, exe(tool)), origin: bundled.origin }] : []
  const systemLook = (): Promise<Candidate[]> =>
    resolveLocations(
      systemToolLocations(tool, major, hostSystem(), { apple: request.apple, programFiles: process.env.ProgramFiles }),
      request.cwd
    )
  const companions = request.companions ?? { optionalTools: ['llvm-cxxfilt'] }
  const downloadLook = async (): Promise<Candidate[]> => {
    const release = await installRelease({
      ...request.download,
      major,
      tools: [tool, ...(companions.tools ?? [])],
      optionalTools: companions.optionalTools,
      libraries: companions.libraries
    })
    return [{ path: path.join(release.binDirectory, exe(tool)), origin: release.origin }]
  }
  const bundledInstall: Step[] = bundled ? [{ install: `installing ${bundled.origin}`, run: bundled.install }, { look: bundledLook }] : []
  const aptPackage = aptPackageOf(request)
  const aptInstall: Step[] = [{ install: `apt-get install ${aptPackage}`, run: () => installWithApt(aptPackage) }, { look: systemLook }]
  switch (source.kind) {
    case 'directory':
      return [{ look: async () => [{ path: inDirectory(source.path, tool), origin: 'llvm-tools directory' }] }]
    case 'rustup':
      if (!bundled) throw new ActionError('llvm-tools rustup works with toolchain rust only: use auto, system, download or a directory.')
      return [{ look: bundledLook }, ...bundledInstall]
    case 'system':
      return [{ look: systemLook }, ...aptInstall]
    case 'download':
      return [{ look: downloadLook }]
    case 'auto':
      // Apple's compilers match only Xcode's tools: an upstream release would not do.
      return [
        { look: bundledLook },
        { look: systemLook },
        ...bundledInstall,
        ...aptInstall,
        ...(request.apple ? [] : [{ look: downloadLook }])
      ]
  }
}

/** The tool in a directory the user named, or in its bin/ (the root of an LLVM installation). */
function inDirectory(directory: string, tool: string): string {
  const [direct, inBin] = directoryToolFiles(directory, tool, hostSystem())
  return !isExecutableFile(direct) && isExecutableFile(inBin) ? inBin : direct
}

/** Turns places to look into candidate files; a name not on PATH or a command that fails stays as a "not there" line. */
async function resolveLocations(locations: ToolLocation[], cwd: string): Promise<Candidate[]> {
  const found: Candidate[] = []
  for (const location of locations) {
    if ('file' in location) {
      if (fs.existsSync(path.dirname(location.file))) found.push({ path: location.file, origin: location.origin })
    } else if ('onPath' in location) {
      found.push({ path: which(location.onPath) ?? `${location.onPath} on PATH`, origin: location.origin })
    } else {
      const [file, ...args] = location.command
      try {
        const { stdout } = await runTool(file, args, {
          cwd,
          env: commandEnv(),
          what: location.command.join(' '),
          quiet: true,
          capture: true
        })
        found.push({ path: stdout.trim(), origin: location.origin })
      } catch {
        found.push({ path: `${location.command.join(' ')} (found nothing)`, origin: location.origin })
      }
    }
  }
  // The versioned name on PATH is only worth a line when it is there.
  return found.filter((candidate, i) => i === found.length - 1 || !candidate.path.endsWith(' on PATH'))
}

async function toolVersion(file: string, args: string[], cwd: string): Promise<LlvmVersion | undefined> {
  try {
    const { stdout } = await runTool(file, args, { cwd, env: commandEnv(), what: 'Asking for the version', quiet: true, capture: true })
    return parseLlvmVersion(stdout)
  } catch {
    return undefined
  }
}

function aptPackageOf(request: LocateRequest): string {
  return request.aptPackage ?? `llvm-${request.major}`
}

function mismatchError(request: LocateRequest, checked: string[]): ActionError {
  const { tool, major, source } = request
  const wanted = request.apple ? `Xcode's LLVM (Apple LLVM ${major})` : `LLVM ${major}`
  const fixes = request.apple
    ? [`select the Xcode whose clang builds (xcode-select -s, or DEVELOPER_DIR), so that xcrun --find ${tool} finds its own`]
    : [
        request.bundled ? '`rustup component add llvm-tools`' : undefined,
        `install LLVM ${major} (Debian and Ubuntu: ${aptPackageOf(request)}; apt.llvm.org has every version)`,
        "set llvm-tools to download (the LLVM project's release archives)"
      ]
  fixes.push(`set llvm-tools to a directory holding ${tool} from ${wanted}`)
  return new ActionError(
    `No ${tool} from ${wanted} was found (llvm-tools: ${source.kind === 'directory' ? source.path : source.kind}). ` +
      `${request.needs}, and ${request.whyMatch ?? 'profiles written or read by a different LLVM do not work with it'}.\n` +
      `Looked at:\n${checked.map(line => `  - ${line}`).join('\n')}\n` +
      `Fix: ${fixes.filter(Boolean).join('; or ')}.`
  )
}

function exe(name: string): string {
  return toolFileName(name, hostSystem())
}

function firstLine(text: string): string {
  return text.split('\n')[0]
}
