import * as fs from 'node:fs'
import * as path from 'node:path'
import { BENCHMARK_METHODS, MODES, type BoltRequest, type Config, type LlvmVersionRequest, type Mode } from './config'
import { MIN_PAIRS_FOR_INTERVAL } from './benchmark/stats'
import { Input } from './constants'
import { LLVM_TOOL_SOURCES, type LlvmToolSource } from './llvm/tool-source'
import { InputError } from './system/errors'
import { boltPlatformProblem } from './bolt/llvm-bolt'
import {
  BOLT_TOOLCHAINS,
  DEFAULT_BUILD,
  DETECTION_MARKERS,
  FALLBACK_TOOLCHAIN,
  TOOLCHAIN_NAMES,
  type ToolchainName
} from './toolchains/catalog'

/** The values of the bolt input: off, required (unsupported cases fail), or wherever it is supported. */
export const BOLT_CHOICES = ['false', 'true', 'if-supported'] as const

export type InputReader = (name: string) => string

export interface InputContext {
  /** GITHUB_WORKSPACE: what a relative working-directory is relative to. */
  workspace: string
  /** The runner's OS and architecture as Node.js names them; this machine's unless given. */
  platform?: string
  arch?: string
}

const SHA256_HEX = /^[0-9a-f]{64}$/
// Characters the artifact service refuses in a name.
const ARTIFACT_NAME_FORBIDDEN = /["<>|*?\r\n\\/:]/

/**
 * Reads and validates every input before any work starts. All problems are
 * collected and reported together, each naming the value given and what
 * would be accepted.
 */
export function parseInputs(read: InputReader, context: InputContext): Config {
  const problems: string[] = []
  const text = (name: string): string => read(name).trim()

  const workingDirectory = parseWorkingDirectory(text(Input.WorkingDirectory), context.workspace, problems)
  const { toolchain, detectedFrom } = parseToolchain(text(Input.Toolchain), workingDirectory, problems)
  const mode = parseChoice(Input.Mode, text(Input.Mode) || 'auto', MODES, problems) ?? 'auto'

  const buildInput = text(Input.Build)
  const defaultBuild = toolchain ? DEFAULT_BUILD[toolchain] : undefined
  if (!buildInput && toolchain && !defaultBuild) {
    problems.push(
      `build is required for toolchain ${toolchain}: there is no default build for it. ` +
        'Give the project\'s release build command, for example `make` or `cmake --build build`.'
    )
  }

  if (toolchain === 'rust' && buildInput) checkRustBuildCommand(buildInput, problems)

  const binaries = parseLines(read(Input.Binaries))
  if (toolchain === 'clang' && binaries.length === 0) {
    problems.push(
      'binaries is required for toolchain clang: list the programs the build produces, ' +
        'one glob pattern a line (for example `build/myprogram`).'
    )
  }

  const profile = parseProfilePath(text(Input.Profile), workingDirectory, problems)
  if (profile?.includes('$') && toolchain === 'clang') {
    problems.push(`profile '${text(Input.Profile)}' holds a $ in its path (${profile}). The action passes the profile to clang in CC, where make expands a $ before any shell quoting applies: rename the file without one.`)
  }
  const profileHash = parseProfileHash(text(Input.ProfileHash), problems)
  const cache = parseBoolean(Input.Cache, text(Input.Cache), true, problems)
  const workload = parseCommandLines(read(Input.Workload))
  checkModeNeeds({ mode, workload, profile, profileHash, cache }, problems)

  const config: Config = {
    workspace: context.workspace,
    toolchain: toolchain ?? FALLBACK_TOOLCHAIN,
    toolchainDetectedFrom: detectedFrom,
    workingDirectory: workingDirectory ?? context.workspace,
    build: buildInput || defaultBuild || '',
    buildIsDefault: !buildInput,
    binaries,
    workload,
    mode,
    profile,
    profileHash,
    cache,
    cacheKey: parseCacheKey(text(Input.CacheKey), problems),
    llvmVersion: parseLlvmVersion(text(Input.LlvmVersion), problems),
    llvmTools: parseLlvmTools(text(Input.LlvmTools), workingDirectory, problems),
    llvmMirror: parseMirror(text(Input.LlvmMirror), problems),
    llvmArchiveSha256: parseArchiveHash(text(Input.LlvmArchiveSha256), problems),
    bolt: parseBolt(text(Input.Bolt), problems),
    benchmark: text(Input.Benchmark) || undefined,
    benchmarkRuns: parseBenchmarkRuns(text(Input.BenchmarkRuns), problems),
    benchmarkBudget: parseCount(Input.BenchmarkBudget, text(Input.BenchmarkBudget), 120, { min: 10, max: 21600 }, problems),
    benchmarkMethod: parseChoice(Input.BenchmarkMethod, text(Input.BenchmarkMethod) || 'alternate', BENCHMARK_METHODS, problems) ?? 'alternate',
    minSpeedup: parseMinSpeedup(text(Input.MinSpeedup), text(Input.Benchmark) !== '', problems),
    uploadArtifact: parseArtifactName(text(Input.UploadArtifact), problems),
    defaultPgo: parseBoolean(Input.DefaultPgo, text(Input.DefaultPgo), false, problems)
  }
  if (config.bolt) checkBoltNeeds(config, toolchain, { platform: context.platform ?? process.platform, arch: context.arch ?? process.arch }, problems)
  if (config.minSpeedup !== undefined && typeof config.benchmarkRuns === 'number' && config.benchmarkRuns < MIN_PAIRS_FOR_INTERVAL) {
    problems.push(
      `min-speedup is judged by the speedup's 95% interval, which needs ${MIN_PAIRS_FOR_INTERVAL} pairs or more: benchmark-runs ${config.benchmarkRuns} gives none. ` +
        `Set benchmark-runs to auto or to ${MIN_PAIRS_FOR_INTERVAL} or more.`
    )
  }
  if (config.defaultPgo && toolchain && toolchain !== 'go') {
    problems.push(`default-pgo is Go's way of keeping a profile in the repository; it works with toolchain go, not ${toolchain}. Use the profile-path output instead.`)
  }
  if (problems.length > 0) throw new InputError(problems)
  return config
}

function parseWorkingDirectory(value: string, workspace: string, problems: string[]): string | undefined {
  const directory = path.resolve(workspace, value || '.')
  const stat = fs.statSync(directory, { throwIfNoEntry: false })
  if (!stat) {
    problems.push(`working-directory '${value}' does not exist (looked for ${directory}). Give a directory of the checked-out repository.`)
    return undefined
  }
  if (!stat.isDirectory()) {
    problems.push(`working-directory '${value}' is a file, not a directory (${directory}).`)
    return undefined
  }
  // Builds after the first remove the files earlier builds made there: only the workspace is the action's to clean.
  const real = fs.realpathSync(directory)
  const realWorkspace = fs.realpathSync(workspace)
  if (real !== realWorkspace && !real.startsWith(realWorkspace + path.sep)) {
    problems.push(
      `working-directory '${value}' is outside the workspace: it resolves to ${real}, and the workspace (GITHUB_WORKSPACE) is ${realWorkspace}. ` +
        'The action builds, and cleans up between builds, only inside the workspace: check the project out inside it (actions/checkout with path:).'
    )
    return undefined
  }
  return directory
}

function parseToolchain(
  value: string,
  workingDirectory: string | undefined,
  problems: string[]
): { toolchain?: ToolchainName; detectedFrom?: string } {
  const name = value || 'auto'
  if (name === 'auto') {
    if (!workingDirectory) return {}
    for (const [marker, toolchain] of DETECTION_MARKERS) {
      if (fs.existsSync(path.join(workingDirectory, marker))) return { toolchain, detectedFrom: marker }
    }
    return { toolchain: FALLBACK_TOOLCHAIN, detectedFrom: `no ${DETECTION_MARKERS.map(([m]) => m).join(' or ')}` }
  }
  const toolchain = parseChoice(Input.Toolchain, name, [...TOOLCHAIN_NAMES, 'auto'], problems)
  return { toolchain: toolchain as ToolchainName | undefined }
}

/**
 * cargo takes its rustflags from one source only, and the action's
 * CARGO_ENCODED_RUSTFLAGS comes first: rustflags a build command sets for
 * itself (RUSTFLAGS=… cargo build, --config with rustflags) would be dropped
 * without a word, so such a command is refused with the way that works.
 */
function checkRustBuildCommand(build: string, problems: string[]): void {
  const assigned = /(?:^|[\s;&|(])(?:export\s+)?((?:CARGO_ENCODED_)?RUSTFLAGS)=/.exec(build)?.[1]
  const viaConfig = /--config[\s=]\S*rustflags/.test(build)
  if (!assigned && !viaConfig) return
  problems.push(
    `build sets ${assigned ?? 'rustflags through --config'} itself (${build}). The action passes your rustflags and its profile flags together in ` +
      'CARGO_ENCODED_RUSTFLAGS, which cargo prefers to every other source, so these flags would be dropped. Set RUSTFLAGS in the step\'s env: ' +
      'or the flags in .cargo/config.toml instead: the action reads both and keeps them.'
  )
}

function parseChoice<T extends string>(
  input: string,
  value: string,
  choices: readonly T[],
  problems: string[]
): T | undefined {
  if ((choices as readonly string[]).includes(value)) return value as T
  problems.push(`${input} '${value}' is not one of: ${choices.join(', ')}.`)
  return undefined
}

function parseBoolean(input: string, value: string, fallback: boolean, problems: string[]): boolean {
  if (value === '') return fallback
  // The YAML 1.2 core schema spellings, as the runner's own boolean inputs accept.
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  problems.push(`${input} '${value}' is not a boolean: use true or false.`)
  return fallback
}

function parseBolt(value: string, problems: string[]): BoltRequest | undefined {
  if (value === 'if-supported') return { onUnsupported: 'warn' }
  // The YAML 1.2 core schema spellings of true and false, as for the other boolean inputs.
  if (['true', 'True', 'TRUE'].includes(value)) return { onUnsupported: 'fail' }
  if (value === '' || ['false', 'False', 'FALSE'].includes(value)) return undefined
  problems.push(`bolt '${value}' is not one of: ${BOLT_CHOICES.join(', ')}.`)
  return undefined
}

/** What BOLT needs that the inputs alone can tell: a toolchain it applies to, a runner it runs on, its tools, a workload. */
function checkBoltNeeds(config: Config, toolchain: ToolchainName | undefined, runner: { platform: string; arch: string }, problems: string[]): void {
  if (toolchain && !BOLT_TOOLCHAINS.includes(toolchain)) {
    problems.push(
      `bolt does not apply to toolchain ${toolchain}: BOLT rewrites programs linked with their relocations kept, which the ${toolchain} toolchain's linker does not do ` +
        `(BOLT works with toolchain ${BOLT_TOOLCHAINS.join(' and ')}). Set bolt to false.`
    )
  }
  const platformProblem = boltPlatformProblem(runner.platform, runner.arch)
  if (platformProblem && config.bolt?.onUnsupported === 'fail') {
    problems.push(`bolt true: ${platformProblem}. Set bolt to if-supported to BOLT where it can and keep the PGO programs elsewhere, or to false.`)
  }
  if (config.llvmTools.kind === 'rustup') {
    problems.push('bolt needs llvm-bolt and merge-fdata, which rustup\'s llvm-tools component does not include: set llvm-tools to auto, system, download or a directory that holds them.')
  }
  if (config.workload.length === 0) {
    problems.push('bolt needs workload: BOLT profiles the optimized programs by running the workload commands again, and no profile file can stand in for that.')
  }
}

function parseBenchmarkRuns(value: string, problems: string[]): number | 'auto' {
  if (value === '' || value === 'auto') return 'auto'
  const number = /^\d+$/.test(value) ? Number(value) : NaN
  if (!(number >= 1 && number <= 1000)) {
    problems.push(`benchmark-runs '${value}' is neither auto nor a whole number of pairs from 1 to 1000.`)
    return 'auto'
  }
  return number
}

function parseCount(
  input: string,
  value: string,
  fallback: number,
  range: { min: number; max: number },
  problems: string[]
): number {
  if (value === '') return fallback
  const number = /^\d+$/.test(value) ? Number(value) : NaN
  if (!Number.isInteger(number) || number < range.min || number > range.max) {
    problems.push(`${input} '${value}' is not a whole number from ${range.min} to ${range.max}.`)
    return fallback
  }
  return number
}

/** Lines of a multi-line input, trimmed, without blank lines and `#` comments. */
export function parseLines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'))
}

/**
 * Workload commands, one a line. A line ending in a backslash continues on the
 * next, as it would in a shell script, so long commands can be wrapped.
 */
export function parseCommandLines(value: string): string[] {
  const joined = value.replace(/\\\r?\n/g, ' ')
  return parseLines(joined)
}

function parseProfilePath(value: string, workingDirectory: string | undefined, problems: string[]): string | undefined {
  if (!value) return undefined
  const file = path.resolve(workingDirectory ?? '.', value)
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
    problems.push(`profile '${value}' is not a file (looked for ${file}). Give the path of a .profdata (or Go .pprof) file, relative to working-directory.`)
    return undefined
  }
  return file
}

function parseProfileHash(value: string, problems: string[]): string | undefined {
  if (!value) return undefined
  const hex = value.toLowerCase().replace(/^sha256:/, '')
  if (!SHA256_HEX.test(hex)) {
    problems.push(`profile-hash '${value}' is not a sha256: give the 64 hexadecimal digits the action printed as profile-hash.`)
    return undefined
  }
  return hex
}

function checkModeNeeds(
  given: { mode: Mode; workload: string[]; profile?: string; profileHash?: string; cache: boolean },
  problems: string[]
): void {
  const { mode, workload, profile, profileHash, cache } = given
  const reusesProfile = profile !== undefined || profileHash !== undefined
  if (mode === 'generate') {
    if (workload.length === 0) problems.push('workload is required with mode generate: give the commands, one a line, that exercise the programs.')
    if (reusesProfile) problems.push('mode generate always makes a new profile, so it cannot take profile or profile-hash: remove them, or use mode auto or use.')
  }
  if (mode === 'auto' && workload.length === 0 && !reusesProfile) {
    problems.push('workload is required: give the commands, one a line, that exercise the programs (or give profile or profile-hash to reuse a profile).')
  }
  if (profileHash !== undefined && profile === undefined && !cache) {
    problems.push('profile-hash restores a profile from the Actions cache, so it needs cache true (or give profile too, and the hash checks that file).')
  }
  if (mode === 'use' && !reusesProfile && !cache) {
    problems.push('mode use needs a profile to use: give profile or profile-hash, or turn cache on to use the newest cached profile.')
  }
}

function parseCacheKey(value: string, problems: string[]): string {
  if (value.includes(',')) problems.push(`cache-key '${value}' contains a comma, which cache keys cannot hold.`)
  if (value.length > 200) problems.push(`cache-key is ${value.length} characters long; keep it under 200.`)
  return value
}

function parseLlvmVersion(value: string, problems: string[]): LlvmVersionRequest | undefined {
  if (value === '' || value === 'auto') return undefined
  const match = /^(\d+)(?:\.\d+\.\d+)?$/.exec(value)
  const major = match ? Number(match[1]) : NaN
  if (!match || major < 10 || major > 99) {
    problems.push(`llvm-version '${value}' is not an LLVM version: use auto, a major version such as 22, or a full version such as 22.1.8.`)
    return undefined
  }
  return value.includes('.') ? { major, exact: value } : { major }
}

function parseLlvmTools(value: string, workingDirectory: string | undefined, problems: string[]): LlvmToolSource {
  const name = value || 'auto'
  if ((LLVM_TOOL_SOURCES as readonly string[]).includes(name)) {
    return { kind: name as (typeof LLVM_TOOL_SOURCES)[number] }
  }
  const directory = path.resolve(workingDirectory ?? '.', name)
  if (!fs.statSync(directory, { throwIfNoEntry: false })?.isDirectory()) {
    problems.push(`llvm-tools '${value}' is neither one of ${LLVM_TOOL_SOURCES.join(', ')} nor an existing directory (looked for ${directory}).`)
    return { kind: 'auto' }
  }
  return { kind: 'directory', path: directory }
}

function parseMirror(value: string, problems: string[]): string {
  const url = value || 'https://github.com/llvm/llvm-project/releases/download'
  let parsed: URL | undefined
  try {
    parsed = new URL(url)
  } catch {
    // Reported below.
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    problems.push(`llvm-mirror '${value}' is not an http or https URL.`)
  } else if (parsed.protocol === 'http:' && !isLoopback(parsed.hostname)) {
    // Anyone on the path could swap the archive, and its tools run on the runner.
    problems.push(`llvm-mirror '${value}' is plain http on another machine: use https (plain http is accepted only for this machine, such as http://127.0.0.1:8080).`)
  }
  return url.replace(/\/+$/, '')
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === '[::1]'
}

function parseArchiveHash(value: string, problems: string[]): string | undefined {
  if (!value) return undefined
  const hex = value.toLowerCase().replace(/^sha256:/, '')
  if (!SHA256_HEX.test(hex)) {
    problems.push(`llvm-archive-sha256 '${value}' is not a sha256: give the 64 hexadecimal digits of the LLVM release archive (sha256sum <archive>).`)
    return undefined
  }
  return hex
}

function parseMinSpeedup(value: string, hasBenchmark: boolean, problems: string[]): number | undefined {
  if (value === '') return undefined
  const number = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN
  if (!(number > 0)) {
    problems.push(`min-speedup '${value}' is not a positive number: give the smallest acceptable speedup, such as 1.05 for 5% faster.`)
    return undefined
  }
  if (!hasBenchmark) problems.push('min-speedup needs benchmark: give the command whose speedup it checks.')
  return number
}

function parseArtifactName(value: string, problems: string[]): string | undefined {
  if (!value) return undefined
  if (ARTIFACT_NAME_FORBIDDEN.test(value)) {
    problems.push(`upload-artifact '${value}' holds a character artifact names cannot: none of " : < > | * ? \\ / or line breaks.`)
  }
  return value
}

/** The settings the run goes by, one line each, for the log's Configuration group. */
export function describeConfig(config: Config): string[] {
  const lines = [
    `toolchain: ${config.toolchain}${config.toolchainDetectedFrom ? ` (auto: ${config.toolchainDetectedFrom})` : ''}`,
    `working-directory: ${config.workingDirectory}`,
    `build: ${config.build}${config.buildIsDefault ? ' (default)' : ''}`,
    `binaries: ${config.binaries.length ? config.binaries.join(', ') : 'found from the build'}`,
    `workload: ${config.workload.length} command${config.workload.length === 1 ? '' : 's'}`,
    ...config.workload.map((command, i) => `  ${i + 1}. ${command}`),
    `mode: ${config.mode}`,
    `llvm-version: ${config.llvmVersion ? (config.llvmVersion.exact ?? config.llvmVersion.major) : 'auto (match the compiler)'}`,
    `llvm-tools: ${config.llvmTools.kind === 'directory' ? config.llvmTools.path : config.llvmTools.kind}${config.llvmArchiveSha256 ? ` (archive sha256 ${config.llvmArchiveSha256})` : ''}`,
    `cache: ${config.cache}${config.cacheKey ? ` (key words: ${config.cacheKey})` : ''}`
  ]
  if (config.profile) lines.push(`profile: ${config.profile}`)
  if (config.profileHash) lines.push(`profile-hash: ${config.profileHash}`)
  if (config.bolt) lines.push(`bolt: ${config.bolt.onUnsupported === 'fail' ? 'true' : 'if-supported'}`)
  if (config.benchmark) {
    const runs = config.benchmarkRuns === 'auto' ? `pairs until ±1% or ${config.benchmarkBudget} s` : `${config.benchmarkRuns} pairs`
    lines.push(`benchmark: ${config.benchmark} (${runs}, method ${config.benchmarkMethod}${config.minSpeedup ? `, at least ${config.minSpeedup}×` : ''})`)
  }
  if (config.uploadArtifact) lines.push(`upload-artifact: ${config.uploadArtifact}`)
  if (config.defaultPgo) lines.push('default-pgo: true')
  return lines
}
