import * as core from '../system/log'
import type { Builder, BuildOutput } from './builder'
import { ActionError, CommandError } from '../system/errors'
import type { BoltRequest, Config } from '../config'
import { isStripConflict } from '../llvm/llvm-bolt'
import { describePrograms } from '../outputs/binaries'
import type { FitReport, ProgramReport } from '../report/run-report'
import type { BuildVariant, PlatformCapability, ProgramProfile } from '../toolchains/toolchain'

type OptimizedVariant = Extract<BuildVariant, { kind: 'optimized' }>
import type { StageOutcome } from '../report/stage'
import { formatNumber } from '../report/format'
import { fitOfPrograms } from '../fit/program-fit'
import type { FitBaseline } from '../fit/baseline'
import type { FitNames } from '../fit/baseline'
import type { ProfileNames } from '../fit/per-program'
import { buildEachPlatform, type PlatformBuild } from './platform-builds'
import { countOutputs, wheelsText } from '../libraries/kinds'

export interface OptimizedPrograms {
  programs: string[]
  reports: ProgramReport[]
  fit?: FitReport
  /** Every function the compiler's fit warnings named: a new profile's baseline. */
  fitNames?: FitNames
  /** Why the programs were linked without the relocations BOLT needs, when BOLT was asked for. */
  boltBlocked?: string
  /** The programs for the runner itself, for the benchmark, where the release is for several platforms. */
  runnerPrograms?: string[]
  /** Each platform's programs, where the release is for several (Go). */
  platforms?: PlatformBuild[]
  /** The optimized wheels the build made (maturin): released beside the programs. */
  wheels?: string[]
  /** How long the optimized build's stage took. */
  seconds?: number
}

/** The profile the optimized build uses, and what the fit per program needs of it. */
export interface ProfileInUse {
  path: string
  programProfiles?: ProgramProfile[]
  /** Every function the profile holds data for, and those that ran. */
  functionNames?: ProfileNames
  /** Made elsewhere or earlier: its fit is judged for staleness. */
  reused: boolean
  /** What the profile's own build could not match, when it came with that record. */
  baseline?: FitBaseline
}

/**
 * Builds the programs again, compiled with the profile, and checks they
 * were: an LLVM program that still carries profiling counters came from
 * reused instrumented objects; Go records the profile it built with.
 */
export async function optimizedBuild(
  config: Config,
  builder: Builder,
  profiles: ProfileInUse,
  rawProfileDir: string,
  options: { bolt?: BoltRequest; runnerNeeded: boolean }
): Promise<StageOutcome<OptimizedPrograms>> {
  const { toolchain } = builder
  const { path: profile, programProfiles } = profiles
  const variant: OptimizedVariant = { kind: 'optimized', profile, programProfiles }
  if (toolchain.platforms)
    return optimizedPlatforms(config, builder, variant, toolchain.platforms, { runnerNeeded: options.runnerNeeded, rawProfileDir })
  const { programs, fit: wholeFit, fitNames, boltBlocked, wheels } = await buildLinkedForBolt(builder, variant, options.bolt)
  const { confirmations, reports, sampleFit } = await checkProfileUse(config, toolchain, {
    built: programs,
    released: programs,
    profiles,
    rawProfileDir
  })
  reports.push(...(await describePrograms(wheels, config.workingDirectory)))
  const wheelText = wheelsText(wheels, config.workingDirectory)
  const checked = programProfiles ? ', each built with its own profile (checked)' : ', built with the profile (checked)'
  const count = countOutputs(programs)
  const fitShares = sampleFit ? `; ${sampleFit.text}` : ''
  const blockedText = boltBlocked ? '; linked without relocations, so no BOLT' : ''
  const status = boltBlocked || sampleFit?.warnings.length ? 'warning' : undefined
  if (!wholeFit) {
    return {
      value: { programs, reports, boltBlocked, wheels },
      result: `${count}${confirmations.length ? checked : ''}${fitShares}${blockedText}${wheelText}`,
      status
    }
  }
  const fitText = `${formatNumber(wholeFit.missing)} functions without profile data, ${formatNumber(wholeFit.mismatched)} changed since profiling`
  const fit = {
    ...wholeFit,
    ...(fitNames && profiles.functionNames ? fitOfPrograms(programs, reports, profiles.functionNames, fitNames, profiles) : {})
  }
  return {
    value: { programs, reports, fit, fitNames, boltBlocked, wheels },
    result: `${count}; ${fitText}${notRunText(fit)}${blockedText}${wheelText}`,
    status
  }
}

/** A release for several platforms: each built with the profile, checked, and described with its platform. */
async function optimizedPlatforms(
  config: Config,
  builder: Builder,
  variant: OptimizedVariant,
  capability: PlatformCapability,
  options: { runnerNeeded: boolean; rawProfileDir: string }
): Promise<StageOutcome<OptimizedPrograms>> {
  const { plan } = capability
  const platforms = await buildEachPlatform(builder, variant, capability, options.runnerNeeded, config.workingDirectory)
  const built = platforms.flatMap(build => build.programs)
  const programs = platforms.filter(build => build.released).flatMap(build => build.programs)
  const runnerPrograms = platforms.find(build => build.platform === plan.runner)?.programs
  const profiles = { path: variant.profile, programProfiles: variant.programProfiles }
  const { confirmations, reports, sampleFit } = await checkProfileUse(config, builder.toolchain, {
    built,
    released: programs,
    profiles,
    rawProfileDir: options.rawProfileDir
  })
  const platformOf = new Map(platforms.flatMap(build => build.programs.map(program => [program, build.platform] as const)))
  reports.forEach((report, index) => (report.platform = platformOf.get(programs[index])))
  const released = platforms.filter(build => build.released).map(build => build.platform)
  const forBenchmark = platforms.some(build => !build.released) ? `; ${plan.runner} built for the benchmark only` : ''
  const which = variant.programProfiles ? 'its own profile' : 'the profile'
  const checked = confirmations.length ? `, ${programs.length === 1 ? '' : 'each '}built with ${which} (checked)` : ''
  const fitShares = sampleFit ? `; ${sampleFit.text}` : ''
  const result = `${countOutputs(programs)} for ${released.length === 1 ? released[0] : `${released.length} platforms (${released.join(', ')})`}${checked}${forBenchmark}${fitShares}`
  return { value: { programs, reports, runnerPrograms, platforms }, result, status: sampleFit?.warnings.length ? 'warning' : undefined }
}

/** What the toolchain shows of the profile each program used, checked; `released`, described for the report. */
async function checkProfileUse(
  config: Config,
  toolchain: Builder['toolchain'],
  programs: { built: string[]; released: string[]; profiles: Pick<ProfileInUse, 'path' | 'programProfiles'>; rawProfileDir: string }
) {
  const { built, released, profiles, rawProfileDir } = programs
  const { confirmations, sampleFit } = await toolchain.checkOptimizedBuild({
    built,
    profile: profiles.path,
    programProfiles: profiles.programProfiles,
    rawProfileDir,
    cwd: config.workingDirectory
  })
  confirmations.forEach(line => core.info(line))
  const reports = await describePrograms(released, config.workingDirectory)
  for (const report of reports) core.info(`Optimized: ${report.displayPath} sha256 ${report.sha256}`)
  sampleFit?.notes.forEach(note => core.info(note))
  sampleFit?.warnings.forEach(warning => core.warning(warning))
  return { confirmations, reports, sampleFit }
}

/** The programs no workload ran, named in the stage's row. */
function notRunText(fit: FitReport): string {
  const notRun = fit.programs?.filter(program => program.training === 'not run').map(program => program.displayPath) ?? []
  return notRun.length ? `; no workload ran ${notRun.join(', ')}` : ''
}

/**
 * The optimized build, linked with the relocations kept when BOLT will
 * rewrite the programs. A release build that strips its programs cannot
 * keep them (lld refuses the pair): with bolt true that fails the step,
 * saying so; with bolt if-supported the build runs again without them.
 */
async function buildLinkedForBolt(
  builder: Builder,
  variant: OptimizedVariant,
  bolt: BoltRequest | undefined
): Promise<BuildOutput & { boltBlocked?: string }> {
  const what = 'The optimized build'
  if (!bolt) return builder.build(variant, what)
  try {
    return await builder.build({ ...variant, keepRelocations: true }, what)
  } catch (error) {
    if (!(error instanceof CommandError) || !error.tail.some(isStripConflict)) throw error
    const why =
      'the release build strips its programs, and a stripped program cannot keep the relocations (--emit-relocs) and the symbols BOLT needs'
    const advice = builder.toolchain.traits.keepSymbolsAdvice ?? ''
    if (bolt.onUnsupported === 'fail') {
      throw new ActionError(
        `BOLT cannot run: ${why}. ${advice} Or set bolt to if-supported to keep the PGO builds of stripped programs.\n${error.message}`,
        { cause: error }
      )
    }
    core.warning(`BOLT is skipped: ${why}. Building again without them; the programs stay PGO builds. ${advice}`)
    return { ...(await builder.build(variant, what)), boltBlocked: why }
  }
}
