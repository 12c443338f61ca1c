// The rules between inputs: what a mode, a profile source, BOLT, a collect
// step or min-speedup needs from the others, each a problem that names the
// inputs and the fix.
import type { Config, Mode } from '../config'
import { MIN_PAIRS_FOR_INTERVAL } from '../benchmark/stats'
import { isSharedLibrary } from '../libraries/kinds'
import { boltPlatformProblem, PROGRAMS_ONLY } from '../llvm/llvm-bolt'
import { namesThatCan } from '../toolchains/specs'
import type { ToolchainSpec } from '../toolchains/spec'
import { wholeNumber } from './values'

export function checkModeNeeds(
  given: { mode: Mode; workload: string[]; profile?: string; profileHash?: string; profileArtifacts?: string; cache: boolean },
  problems: string[]
): void {
  const { mode, workload, profile, profileHash, profileArtifacts, cache } = given
  const sources = [profile && 'profile', profileHash && 'profile-hash', profileArtifacts && 'profile-artifacts'].filter(Boolean)
  const reusesProfile = sources.length > 0
  if (profileArtifacts && sources.length > 1) {
    problems.push(
      `profile-artifacts makes the profile from the shards' artifacts, so it cannot take ${sources.filter(name => name !== 'profile-artifacts').join(' or ')} too.`
    )
  }
  if (mode === 'generate' || mode === 'collect') {
    if (workload.length === 0)
      problems.push(`workload is required with mode ${mode}: give the commands, one a line, that exercise the programs.`)
    if (reusesProfile)
      problems.push(
        `mode ${mode} always makes a new profile, so it cannot take ${sources.join(' or ')}: remove them, or use mode auto or use.`
      )
  }
  if (mode === 'auto' && workload.length === 0 && !reusesProfile) {
    problems.push(
      'workload is required: give the commands, one a line, that exercise the programs (or give profile, profile-hash or profile-artifacts to reuse a profile).'
    )
  }
  if (profileHash !== undefined && profile === undefined && !cache) {
    problems.push(
      'profile-hash restores a profile from the Actions cache, so it needs cache true (or give profile too, and the hash checks that file).'
    )
  }
  if (mode === 'use' && !reusesProfile && !cache) {
    problems.push(
      'mode use needs a profile to use: give profile, profile-hash or profile-artifacts, or turn cache on to use the newest cached profile.'
    )
  }
}

function checkCollectNeeds(config: Config, problems: string[]): void {
  if (!config.uploadArtifact)
    problems.push(
      'mode collect uploads its profile as an artifact: give upload-artifact, a name for it (such as pgo-shard-${{ strategy.job-index }}).'
    )
  const elsewhere = [config.bolt && 'bolt', config.benchmark && 'benchmark', config.defaultPgo && 'default-pgo'].filter(Boolean)
  if (elsewhere.length > 0) {
    problems.push(
      `mode collect only makes a profile: ${elsewhere.join(', ')} belong${elsewhere.length === 1 ? 's' : ''} to the fan-in step that merges the shards (profile-artifacts).`
    )
  }
}

export function parseShards(value: string, pattern: string | undefined, problems: string[]): number | undefined {
  if (!value) return undefined
  if (!pattern) problems.push('profile-shards says how many artifacts profile-artifacts must find: give profile-artifacts too.')
  const number = wholeNumber(value)
  if (!(number >= 1 && number <= 256)) {
    problems.push(`profile-shards '${value}' is not a whole number from 1 to 256.`)
    return undefined
  }
  return number
}

export function checkBoltNeeds(
  config: Config,
  spec: ToolchainSpec | undefined,
  runner: { platform: string; arch: string },
  problems: string[]
): void {
  if (spec && !spec.can.bolt) {
    problems.push(
      `bolt does not apply to toolchain ${spec.name}: BOLT rewrites programs linked with their relocations kept, which the ${spec.name} toolchain's linker does not do ` +
        `(BOLT works with toolchain ${namesThatCan('bolt')}). Set bolt to false.`
    )
  }
  const platformProblem = boltPlatformProblem(runner.platform, runner.arch)
  if (platformProblem && config.bolt?.onUnsupported === 'fail') {
    problems.push(
      `bolt true: ${platformProblem}. Set bolt to if-supported to BOLT where it can and keep the PGO programs elsewhere, or to false.`
    )
  }
  if (config.llvmTools.kind === 'rustup') {
    problems.push(
      "bolt needs llvm-bolt and merge-fdata, which rustup's llvm-tools component does not include: set llvm-tools to auto, system, download or a directory that holds them."
    )
  }
  if (config.workload.length === 0) {
    problems.push(
      'bolt needs workload: BOLT profiles the optimized programs by running the workload commands again, and no profile file can stand in for that.'
    )
  }
  const libraries = config.binaries.filter(pattern => !pattern.startsWith('!') && isSharedLibrary(pattern))
  if (libraries.length > 0 && config.bolt?.onUnsupported === 'fail') {
    problems.push(
      `bolt true: binaries names shared libraries (${libraries.join(', ')}), and ${PROGRAMS_ONLY}. ` +
        'Set bolt to if-supported to BOLT the programs and keep the libraries PGO builds, or to false.'
    )
  }
}

export function parseMinSpeedup(value: string, hasBenchmark: boolean, problems: string[]): number | undefined {
  if (value === '') return undefined
  const number = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN
  if (!(number > 0)) {
    problems.push(`min-speedup '${value}' is not a positive number: give the smallest acceptable speedup, such as 1.05 for 5% faster.`)
    return undefined
  }
  if (!hasBenchmark) problems.push('min-speedup needs benchmark: give the command whose speedup it checks.')
  return number
}

/** What one input needs of another that the parsers alone cannot see. */
export function checkCombinations(config: Config, spec: ToolchainSpec | undefined, problems: string[]): void {
  if (config.mode === 'collect') checkCollectNeeds(config, problems)
  if (config.ifSlower !== 'warn' && !config.benchmark) {
    problems.push(`if-slower ${config.ifSlower} acts on the benchmark's verdict: give benchmark too, or leave if-slower at warn.`)
  }
  if (config.ifSlower === 'ship-plain' && config.goPlatforms.length > 0) {
    problems.push(
      "if-slower ship-plain puts the benchmark's plain programs in place of the release, and with go-platforms only the runner's platform is built plainly and timed: leave if-slower at warn or fail for a release of several platforms."
    )
  }
  if (config.advice !== 'none' && !config.benchmark) {
    problems.push(
      `advice ${config.advice} builds a variant and times it against the optimized build with the benchmark command: give benchmark too, or leave advice out.`
    )
  }
  if (config.minSpeedup !== undefined && typeof config.benchmarkRuns === 'number' && config.benchmarkRuns < MIN_PAIRS_FOR_INTERVAL) {
    problems.push(
      `min-speedup is judged by the speedup's 95% interval, which needs ${MIN_PAIRS_FOR_INTERVAL} pairs or more: benchmark-runs ${config.benchmarkRuns} gives none. ` +
        `Set benchmark-runs to auto or to ${MIN_PAIRS_FOR_INTERVAL} or more.`
    )
  }
  if (config.llvmTools.kind === 'rustup' && spec?.can['llvm-tools'] && !spec.can['rustup-tools']) {
    problems.push(
      `llvm-tools rustup takes llvm-profdata from rustup's llvm-tools, which match rustc's LLVM: it works with toolchain ${namesThatCan('rustup-tools')}, not ${spec.name}. ` +
        'Use auto (the tools beside clang first), system, download or a directory.'
    )
  }
  if (config.defaultPgo && spec && !spec.can['default-pgo']) {
    problems.push(
      `default-pgo is Go's way of keeping a profile in the repository; it works with toolchain ${namesThatCan('default-pgo')}, not ${spec.name}. Use the profile-path output instead.`
    )
  }
}
