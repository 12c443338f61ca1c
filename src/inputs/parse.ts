import * as path from 'node:path'
import { maturinPgoProblem, pgoCommandWorkload, readPgoCommand, runsMaturin } from '../libraries/maturin-pgo'
import { ADVICE_CHOICES, BENCHMARK_METHODS, EMULATOR_CHOICES, IF_SLOWER_CHOICES, MODES, type Config } from '../config'
import { Input } from '../constants'
import { errorMessage, InputError } from '../system/errors'
import { printable } from '../system/untrusted-text'
import { FALLBACK_SPEC } from '../toolchains/specs'
import type { ToolchainSpec } from '../toolchains/spec'
import { parseLlvmTools, parseLlvmVersion, parseMirror } from './llvm-inputs'
import { parseBinaries, parseGoPlatforms, parseProfiles, parseToolchain, parseWorkingDirectory, singleProfileOf } from './project'
import { checkBoltNeeds, checkCombinations, checkModeNeeds, parseMinSpeedup, parseShards } from './rules'
import {
  parseArtifactName,
  parseArtifactPattern,
  parseBenchmarkRuns,
  parseBolt,
  parseBoolean,
  parseCacheKey,
  parseChoice,
  parseCommandLines,
  parseCount,
  parseSha256,
  parseWorkloadJobs
} from './values'
import { hostSystem } from '../platform/host'

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

/**
 * Reads and validates every input before any work starts. All problems are
 * collected and reported together, each naming the value given and what
 * would be accepted.
 */
export function parseInputs(read: InputReader, context: InputContext): Config {
  const problems: string[] = []
  const text = (name: string): string => read(name).trim()

  const workingDirectory = parseWorkingDirectory(text(Input.WorkingDirectory), context.workspace, problems)
  const { spec, detectedFrom } = parseToolchain(text(Input.Toolchain), workingDirectory, problems)
  const goPlatforms = parseGoPlatforms(text(Input.GoPlatforms), spec, problems)
  const build = parseBuild(text(Input.Build), spec, goPlatforms, context.env ?? process.env, problems)
  const config: Config = {
    workspace: context.workspace,
    toolchain: (spec ?? FALLBACK_SPEC).name,
    toolchainDetectedFrom: detectedFrom,
    workingDirectory: workingDirectory ?? context.workspace,
    build: build.command,
    buildIsDefault: build.isDefault,
    binaries: parseBinaries(read(Input.Binaries), spec, problems),
    ...parseWorkload(read(Input.Workload), build.command, workingDirectory, problems),
    workloadJobs: parseWorkloadJobs(text(Input.WorkloadJobs), problems),
    mode: parseChoice(Input.Mode, text(Input.Mode) || 'auto', MODES, problems) ?? 'auto',
    profiles: parseProfiles(read(Input.Profile), workingDirectory, problems),
    profileArtifacts: parseArtifactPattern(text(Input.ProfileArtifacts), problems),
    profileShards: parseShards(text(Input.ProfileShards), text(Input.ProfileArtifacts) || undefined, problems),
    profileHash: parseSha256(
      Input.ProfileHash,
      text(Input.ProfileHash),
      'give the 64 hexadecimal digits the action printed as profile-hash',
      problems
    ),
    cache: parseBoolean(Input.Cache, text(Input.Cache), true, problems),
    cacheKey: parseCacheKey(text(Input.CacheKey), problems),
    llvmVersion: parseLlvmVersion(text(Input.LlvmVersion), problems),
    llvmTools: parseLlvmTools(text(Input.LlvmTools), workingDirectory, problems),
    llvmMirror: parseMirror(text(Input.LlvmMirror), problems),
    llvmArchiveSha256: parseSha256(
      Input.LlvmArchiveSha256,
      text(Input.LlvmArchiveSha256),
      'give the 64 hexadecimal digits of the LLVM release archive (sha256sum <archive>)',
      problems
    ),
    bolt: parseBolt(text(Input.Bolt), problems),
    emulator: parseChoice(Input.Emulator, text(Input.Emulator) || 'auto', EMULATOR_CHOICES, problems) ?? 'auto',
    emulatorSysroot: text(Input.EmulatorSysroot)
      ? path.resolve(workingDirectory ?? context.workspace, text(Input.EmulatorSysroot))
      : undefined,
    benchmark: text(Input.Benchmark) || undefined,
    benchmarkRuns: parseBenchmarkRuns(text(Input.BenchmarkRuns), problems),
    benchmarkBudget: parseCount(Input.BenchmarkBudget, text(Input.BenchmarkBudget), 120, { min: 10, max: 21600 }, problems),
    benchmarkMethod:
      parseChoice(Input.BenchmarkMethod, text(Input.BenchmarkMethod) || 'alternate', BENCHMARK_METHODS, problems) ?? 'alternate',
    advice: parseChoice(Input.Advice, text(Input.Advice) || 'none', ADVICE_CHOICES, problems) ?? 'none',
    minSpeedup: parseMinSpeedup(text(Input.MinSpeedup), text(Input.Benchmark) !== '', problems),
    ifSlower: parseChoice(Input.IfSlower, text(Input.IfSlower) || 'warn', IF_SLOWER_CHOICES, problems) ?? 'warn',
    uploadArtifact: parseArtifactName(text(Input.UploadArtifact), problems),
    defaultPgo: parseBoolean(Input.DefaultPgo, text(Input.DefaultPgo), false, problems),
    goPlatforms
  }
  const { mode, workload, profiles, profileHash, profileArtifacts, cache } = config
  checkModeNeeds(
    { mode, workload, profile: profiles.length > 0 ? profiles[0].pattern : undefined, profileHash, profileArtifacts, cache },
    problems
  )
  spec?.checkInputs({ build: text(Input.Build), profiles: config.profiles, singleProfile: singleProfileOf(config.profiles) }, problems)
  if (config.bolt)
    checkBoltNeeds(config, spec, { platform: context.platform ?? hostSystem(), arch: context.arch ?? process.arch }, problems)
  checkCombinations(config, spec, problems)
  const maturin = maturinPgoProblem(config.build, context.env ?? process.env)
  if (maturin) problems.push(maturin)
  if (problems.length > 0) throw new InputError(problems)
  return config
}

/**
 * The workload lines; where none is given and the build runs maturin, the
 * pyproject.toml's [tool.maturin] pgo-command, run as maturin runs it.
 */
function parseWorkload(
  given: string,
  build: string,
  workingDirectory: string | undefined,
  problems: string[]
): Pick<Config, 'workload' | 'workloadFrom'> {
  const workload = parseCommandLines(given)
  if (workload.length > 0 || !workingDirectory || !runsMaturin(build)) return { workload }
  try {
    const pgo = readPgoCommand(workingDirectory)
    return pgo
      ? { workload: [pgoCommandWorkload(pgo)], workloadFrom: `[tool.maturin] pgo-command in pyproject.toml: ${printable(pgo.command)}` }
      : { workload }
  } catch (error) {
    problems.push(errorMessage(error))
    return { workload }
  }
}

/** The build command: the one given, or the toolchain's default. */
function parseBuild(
  given: string,
  spec: ToolchainSpec | undefined,
  goPlatforms: string[],
  env: NodeJS.ProcessEnv,
  problems: string[]
): { command: string; isDefault: boolean } {
  const defaultBuild = spec?.defaultBuild({ platforms: spec.buildsPlatforms?.(env, goPlatforms) ?? false })
  if (!given && spec && !defaultBuild) {
    problems.push(
      `build is required for toolchain ${spec.name}: there is no default build for it. ` +
        "Give the project's release build command, for example `make` or `cmake --build build`."
    )
  }
  return { command: given || defaultBuild || '', isDefault: !given }
}
