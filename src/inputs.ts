import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { BENCHMARK_METHODS, EMULATOR_CHOICES, MODES, type BoltRequest, type Config, type LlvmVersionRequest, type Mode, type ProfileSource } from './config'
import { MIN_PAIRS_FOR_INTERVAL } from './benchmark/stats'
import { Input } from './constants'
import { LLVM_TOOL_SOURCES, type LlvmToolSource } from './llvm/tool-source'
import { InputError } from './system/errors'
import { liesWithin, realPath } from './system/paths'
import { boltPlatformProblem, PROGRAMS_ONLY } from './llvm/bolt'
import { pprofWeightProblem } from './toolchains/go-pprof'
import { parsePlatformList } from './targets/go-platforms'
import { isSharedLibrary } from './libraries/kinds'
import {
  BOLT_TOOLCHAINS,
  DEFAULT_BUILD,
  GO_PLATFORMS_BUILD,
  DETECTION_MARKERS,
  FALLBACK_TOOLCHAIN,
  LLVM_TOOLCHAINS,
  TOOLCHAIN_NAMES,
  type ToolchainName
} from './toolchains/catalog'

/** The values of the bolt input: off, required (unsupported cases fail), or wherever it is supported. */
export const BOLT_CHOICES = ['false', 'true', 'if-supported'] as const

export type InputReader = (name: string) => string

export interface InputContext {
  /** GITHUB_WORKSPACE: what a relative working-directory is relative to. */
  workspace: string
  /** The step's environment (GOOS, GOARCH); this process's unless given. */
  env?: NodeJS.ProcessEnv
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
  const goPlatforms = parseGoPlatforms(text(Input.GoPlatforms), toolchain, problems)
  const env = context.env ?? process.env
  // Several platforms from one default build need an output directory each, or the last would overwrite the rest.
  const perPlatform = toolchain === 'go' && (goPlatforms.length > 0 || Boolean(env.GOOS || env.GOARCH))
  const defaultBuild = perPlatform ? GO_PLATFORMS_BUILD : toolchain ? DEFAULT_BUILD[toolchain] : undefined
  if (!buildInput && toolchain && !defaultBuild) {
    problems.push(
      `build is required for toolchain ${toolchain}: there is no default build for it. ` +
        'Give the project\'s release build command, for example `make` or `cmake --build build`.'
    )
  }

  if (toolchain === 'rust' && buildInput) checkRustBuildCommand(buildInput, problems)

  const binaries = parseLines(read(Input.Binaries))
  checkPatternLengths('binaries', binaries, problems)
  if (binaries.length > 0 && binaries.every(pattern => pattern.startsWith('!'))) {
    problems.push(
      `binaries ${binaries.map(pattern => `'${pattern}'`).join(', ')} only leaves files out: a ! pattern removes what the patterns before it match. ` +
        'List the programs first, then the ones to leave out (for example `out/*` and then `!out/test-*`).'
    )
  }
  if (toolchain === 'clang' && binaries.length === 0) {
    problems.push(
      'binaries is required for toolchain clang: list the programs the build produces, ' +
        'one glob pattern a line (for example `build/myprogram`).'
    )
  }

  const profiles = parseProfileSources(read(Input.Profile), workingDirectory, problems)
  const single = profiles.length === 1 && profiles[0].weight === 1 && !GLOB_CHARACTERS.test(profiles[0].given) ? profiles[0] : undefined
  const pprofProblem = toolchain === 'go' ? pprofWeightProblem(profiles.map(source => source.weight)) : undefined
  if (pprofProblem) problems.push(`profile: ${pprofProblem}.`)
  // A single file is built with where it is; several are merged into the action's own file first.
  if (single?.pattern.includes('$') && toolchain === 'clang') {
    problems.push(`profile '${single.given}' holds a $ in its path (${single.pattern}). The action passes the profile to clang in CC, where make expands a $ before any shell quoting applies: rename the file without one.`)
  }
  const profileHash = parseProfileHash(text(Input.ProfileHash), problems)
  const cache = parseBoolean(Input.Cache, text(Input.Cache), true, problems)
  const workload = parseCommandLines(read(Input.Workload))
  const profileArtifacts = parseArtifactPattern(text(Input.ProfileArtifacts), problems)
  const profileShards = parseShards(text(Input.ProfileShards), profileArtifacts, problems)
  checkModeNeeds({ mode, workload, profile: profiles.length > 0 ? profiles[0].pattern : undefined, profileHash, profileArtifacts, cache }, problems)

  const config: Config = {
    workspace: context.workspace,
    toolchain: toolchain ?? FALLBACK_TOOLCHAIN,
    toolchainDetectedFrom: detectedFrom,
    workingDirectory: workingDirectory ?? context.workspace,
    build: buildInput || defaultBuild || '',
    buildIsDefault: !buildInput,
    binaries,
    workload,
    workloadJobs: parseWorkloadJobs(text(Input.WorkloadJobs), problems),
    mode,
    profiles,
    profileArtifacts,
    profileShards,
    profileHash,
    cache,
    cacheKey: parseCacheKey(text(Input.CacheKey), problems),
    llvmVersion: parseLlvmVersion(text(Input.LlvmVersion), problems),
    llvmTools: parseLlvmTools(text(Input.LlvmTools), workingDirectory, problems),
    llvmMirror: parseMirror(text(Input.LlvmMirror), problems),
    llvmArchiveSha256: parseArchiveHash(text(Input.LlvmArchiveSha256), problems),
    bolt: parseBolt(text(Input.Bolt), problems),
    emulator: parseChoice(Input.Emulator, text(Input.Emulator) || 'auto', EMULATOR_CHOICES, problems) ?? 'auto',
    emulatorSysroot: text(Input.EmulatorSysroot) ? path.resolve(workingDirectory ?? context.workspace, text(Input.EmulatorSysroot)) : undefined,
    benchmark: text(Input.Benchmark) || undefined,
    benchmarkRuns: parseBenchmarkRuns(text(Input.BenchmarkRuns), problems),
    benchmarkBudget: parseCount(Input.BenchmarkBudget, text(Input.BenchmarkBudget), 120, { min: 10, max: 21600 }, problems),
    benchmarkMethod: parseChoice(Input.BenchmarkMethod, text(Input.BenchmarkMethod) || 'alternate', BENCHMARK_METHODS, problems) ?? 'alternate',
    minSpeedup: parseMinSpeedup(text(Input.MinSpeedup), text(Input.Benchmark) !== '', problems),
    uploadArtifact: parseArtifactName(text(Input.UploadArtifact), problems),
    defaultPgo: parseBoolean(Input.DefaultPgo, text(Input.DefaultPgo), false, problems),
    goPlatforms
  }
  if (config.bolt) checkBoltNeeds(config, toolchain, { platform: context.platform ?? process.platform, arch: context.arch ?? process.arch }, problems)
  if (config.mode === 'collect') checkCollectNeeds(config, problems)
  if (config.minSpeedup !== undefined && typeof config.benchmarkRuns === 'number' && config.benchmarkRuns < MIN_PAIRS_FOR_INTERVAL) {
    problems.push(
      `min-speedup is judged by the speedup's 95% interval, which needs ${MIN_PAIRS_FOR_INTERVAL} pairs or more: benchmark-runs ${config.benchmarkRuns} gives none. ` +
        `Set benchmark-runs to auto or to ${MIN_PAIRS_FOR_INTERVAL} or more.`
    )
  }
  if (config.llvmTools.kind === 'rustup' && toolchain === 'clang') {
    problems.push(
      "llvm-tools rustup takes llvm-profdata from rustup's llvm-tools, which match rustc's LLVM: it works with toolchain rust, not clang. " +
        'Use auto (the tools beside clang first), system, download or a directory.'
    )
  }
  if (config.defaultPgo && toolchain && toolchain !== 'go') {
    problems.push(`default-pgo is Go's way of keeping a profile in the repository; it works with toolchain go, not ${toolchain}. Use the profile-path output instead.`)
  }
  if (problems.length > 0) throw new InputError(problems)
  return config
}

/** go-platforms: os/arch pairs, for toolchain go only. */
function parseGoPlatforms(value: string, toolchain: ToolchainName | undefined, problems: string[]): string[] {
  if (!value) return []
  if (toolchain && toolchain !== 'go') {
    problems.push(`go-platforms names the GOOS/GOARCH pairs a Go build makes from one profile; it works with toolchain go, not ${toolchain}. For a Rust or C target, name it in build (--target).`)
    return []
  }
  return parsePlatformList(value, problems)
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
  if (!liesWithin(directory, workspace)) {
    problems.push(
      `working-directory '${value}' is outside the workspace: it resolves to ${realPath(directory)}, and the workspace (GITHUB_WORKSPACE) is ${realPath(workspace)}. ` +
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
  const libraries = config.binaries.filter(pattern => !pattern.startsWith('!') && isSharedLibrary(pattern))
  if (libraries.length > 0 && config.bolt?.onUnsupported === 'fail') {
    problems.push(
      `bolt true: binaries names shared libraries (${libraries.join(', ')}), and ${PROGRAMS_ONLY}. ` +
        'Set bolt to if-supported to BOLT the programs and keep the libraries PGO builds, or to false.'
    )
  }
}

/** workload-jobs: a number of lines at a time, or auto for the runner's CPUs. */
function parseWorkloadJobs(value: string, problems: string[]): number {
  if (value === 'auto') return os.availableParallelism()
  if (value === '') return 1
  const number = /^\d+$/.test(value) ? Number(value) : NaN
  if (!(number >= 1 && number <= 256)) {
    problems.push(`workload-jobs '${value}' is neither auto nor a whole number from 1 to 256.`)
    return 1
  }
  return number
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

/** Characters that make a profile line a glob pattern rather than a file name. */
const GLOB_CHARACTERS = /[*?[\]{}]/

/**
 * The profile input: one file or glob a line, each with an optional whole
 * weight after it (`prod/us.pgo 3`). A plain file must exist now; a glob is
 * expanded when the profile is put together, and must match a file then.
 */
function parseProfileSources(value: string, workingDirectory: string | undefined, problems: string[]): ProfileSource[] {
  const lines = parseLines(value)
  if (!checkPatternLengths('profile', lines, problems)) return []
  return lines.flatMap(line => {
    const weighted = /^(.*\S)\s+(\d+)$/.exec(line)
    const given = weighted ? weighted[1] : line
    const weight = weighted ? Number(weighted[2]) : 1
    if (weight < 1 || weight > 1_000_000) {
      problems.push(`profile '${line}': the weight ${weighted?.[2]} is not a whole number from 1 to 1000000.`)
      return []
    }
    const pattern = path.resolve(workingDirectory ?? '.', given)
    if (!GLOB_CHARACTERS.test(given) && !fs.statSync(pattern, { throwIfNoEntry: false })?.isFile()) {
      problems.push(`profile '${given}' is not a file (looked for ${pattern}). Give the path of a .profdata (or Go .pprof) file, relative to working-directory, or a glob of them.`)
      return []
    }
    return [{ pattern, given, weight }]
  })
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
  given: { mode: Mode; workload: string[]; profile?: string; profileHash?: string; profileArtifacts?: string; cache: boolean },
  problems: string[]
): void {
  const { mode, workload, profile, profileHash, profileArtifacts, cache } = given
  const sources = [profile && 'profile', profileHash && 'profile-hash', profileArtifacts && 'profile-artifacts'].filter(Boolean)
  const reusesProfile = sources.length > 0
  if (profileArtifacts && sources.length > 1) {
    problems.push(`profile-artifacts makes the profile from the shards' artifacts, so it cannot take ${sources.filter(name => name !== 'profile-artifacts').join(' or ')} too.`)
  }
  if (mode === 'generate' || mode === 'collect') {
    if (workload.length === 0) problems.push(`workload is required with mode ${mode}: give the commands, one a line, that exercise the programs.`)
    if (reusesProfile) problems.push(`mode ${mode} always makes a new profile, so it cannot take ${sources.join(' or ')}: remove them, or use mode auto or use.`)
  }
  if (mode === 'auto' && workload.length === 0 && !reusesProfile) {
    problems.push('workload is required: give the commands, one a line, that exercise the programs (or give profile, profile-hash or profile-artifacts to reuse a profile).')
  }
  if (profileHash !== undefined && profile === undefined && !cache) {
    problems.push('profile-hash restores a profile from the Actions cache, so it needs cache true (or give profile too, and the hash checks that file).')
  }
  if (mode === 'use' && !reusesProfile && !cache) {
    problems.push('mode use needs a profile to use: give profile, profile-hash or profile-artifacts, or turn cache on to use the newest cached profile.')
  }
}

/** What a collect step does not do: it only makes a profile, and uploads it for a fan-in step. */
function checkCollectNeeds(config: Config, problems: string[]): void {
  if (!config.uploadArtifact) problems.push('mode collect uploads its profile as an artifact: give upload-artifact, a name for it (such as pgo-shard-${{ strategy.job-index }}).')
  const elsewhere = [config.bolt && 'bolt', config.benchmark && 'benchmark', config.defaultPgo && 'default-pgo'].filter(Boolean)
  if (elsewhere.length > 0) {
    problems.push(`mode collect only makes a profile: ${elsewhere.join(', ')} belong${elsewhere.length === 1 ? 's' : ''} to the fan-in step that merges the shards (profile-artifacts).`)
  }
}

/** A name pattern of artifacts: * and ? as in a shell, nothing that cannot be in an artifact's name. */
function parseArtifactPattern(value: string, problems: string[]): string | undefined {
  if (!value) return undefined
  if (/["<>|\r\n\\/:]/.test(value)) problems.push(`profile-artifacts '${value}' holds a character artifact names cannot: none of " : < > | \\ / or line breaks.`)
  return value
}

function parseShards(value: string, pattern: string | undefined, problems: string[]): number | undefined {
  if (!value) return undefined
  if (!pattern) problems.push('profile-shards says how many artifacts profile-artifacts must find: give profile-artifacts too.')
  const number = /^\d+$/.test(value) ? Number(value) : NaN
  if (!(number >= 1 && number <= 256)) {
    problems.push(`profile-shards '${value}' is not a whole number from 1 to 256.`)
    return undefined
  }
  return number
}

/** The longest path a pattern can match (Linux's PATH_MAX); the glob library refuses a pattern past 64 KiB only once the builds have run. */
const MAX_PATTERN_LENGTH = 4096

/** Whether every pattern is within MAX_PATTERN_LENGTH; a problem names the input and the first that is not. */
function checkPatternLengths(input: string, patterns: string[], problems: string[]): boolean {
  const long = patterns.find(pattern => pattern.length > MAX_PATTERN_LENGTH)
  if (long) problems.push(`${input} has a pattern of ${long.length} characters (${long.slice(0, 40)}…), longer than any path (${MAX_PATTERN_LENGTH}): give one path or glob a line.`)
  return !long
}

function parseCacheKey(value: string, problems: string[]): string {
  if (value.includes(',')) problems.push(`cache-key '${value}' contains a comma, which cache keys cannot hold.`)
  if (/[\r\n]/.test(value)) problems.push('cache-key holds a line break: a cache key is one line. Give its words on one line, such as `v2` or `workload-2026`.')
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

/**
 * llvm-version and llvm-tools, for toolchains that use LLVM's tools. Go
 * profiles with pprof: there they are left out, or, when the workflow set
 * them, shown as not used.
 */
function describeLlvmInputs(config: Config): string[] {
  const version = config.llvmVersion ? String(config.llvmVersion.exact ?? config.llvmVersion.major) : undefined
  const tools = config.llvmTools.kind === 'directory' ? config.llvmTools.path : config.llvmTools.kind
  if (!LLVM_TOOLCHAINS.includes(config.toolchain)) {
    const unused = `not used: toolchain ${config.toolchain} profiles with pprof, not LLVM's tools`
    return [...(version ? [`llvm-version: ${version} (${unused})`] : []), ...(tools !== 'auto' ? [`llvm-tools: ${tools} (${unused})`] : [])]
  }
  return [
    `llvm-version: ${version ?? 'auto (match the compiler)'}`,
    `llvm-tools: ${tools}${config.llvmArchiveSha256 ? ` (archive sha256 ${config.llvmArchiveSha256})` : ''}`
  ]
}

/** A command input in the log: on its own line, or, when it is a script of several, each of its lines indented below its name. */
function commandLines(name: string, command: string, note: string): string[] {
  const lines = command.split(/\r?\n/)
  return lines.length === 1 ? [`${name}: ${command}${note}`] : [`${name}:${note}`, ...lines.map(line => `    ${line}`)]
}

/** The settings the run goes by, one line each, for the log's Configuration group. */
export function describeConfig(config: Config): string[] {
  const lines = [
    `toolchain: ${config.toolchain}${config.toolchainDetectedFrom ? ` (auto: ${config.toolchainDetectedFrom})` : ''}`,
    `working-directory: ${config.workingDirectory}`,
    ...commandLines('build', config.build, config.buildIsDefault ? ' (default)' : ''),
    `binaries: ${config.binaries.length ? config.binaries.join(', ') : 'found from the build'}`,
    `workload: ${config.workload.length} command${config.workload.length === 1 ? '' : 's'}${config.workloadJobs > 1 ? `, ${config.workloadJobs} at a time` : ''}`,
    ...config.workload.map((command, i) => `  ${i + 1}. ${command}`),
    `mode: ${config.mode}`,
    ...describeLlvmInputs(config),
    `cache: ${config.cache}${config.cacheKey ? ` (key words: ${config.cacheKey})` : ''}`
  ]
  for (const source of config.profiles) lines.push(`profile: ${source.pattern}${source.weight === 1 ? '' : ` (weight ${source.weight})`}`)
  if (config.profileHash) lines.push(`profile-hash: ${config.profileHash}`)
  if (config.profileArtifacts) lines.push(`profile-artifacts: ${config.profileArtifacts}${config.profileShards ? ` (${config.profileShards} expected)` : ''}`)
  if (config.bolt) lines.push(`bolt: ${config.bolt.onUnsupported === 'fail' ? 'true' : 'if-supported'}`)
  if (config.emulator !== 'auto' || config.emulatorSysroot) lines.push(`emulator: ${config.emulator}${config.emulatorSysroot ? ` (sysroot ${config.emulatorSysroot})` : ''}`)
  if (config.benchmark) {
    const runs = config.benchmarkRuns === 'auto' ? `pairs until ±1% or ${config.benchmarkBudget} s` : `${config.benchmarkRuns} pairs`
    lines.push(...commandLines('benchmark', config.benchmark, ` (${runs}, method ${config.benchmarkMethod}${config.minSpeedup ? `, at least ${config.minSpeedup}×` : ''})`))
  }
  if (config.uploadArtifact) lines.push(`upload-artifact: ${config.uploadArtifact}`)
  if (config.defaultPgo) lines.push('default-pgo: true')
  if (config.goPlatforms.length > 0) lines.push(`go-platforms: ${config.goPlatforms.join(' ')}`)
  return lines
}
