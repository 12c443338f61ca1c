import * as core from './system/log'
import { boltPrograms } from './bolt/bolt-programs'
import { Builder } from './stages/builder'
import { profileKeys, runTag } from './cache/keys'
import { Output } from './constants'
import type { Config } from './config'
import { ProfileCache } from './cache/profile-cache'
import type { ProfileReport, RunReport } from './report/run-report'
import { skipStage, stage } from './report/stage'
import { describePrograms } from './outputs/binaries'
import { prepareBoltTools, type BoltSetup } from './bolt/prepare-tools'
import type { OptimizedPrograms } from './stages/optimized-build'
import { plainBuild, type PlainBuild } from './stages/plain-build'
import { restoreProfile } from './stages/restore-profile'
import { benchmarkOptimized } from './stages/benchmark-optimized'
import { writeDefaultProfile } from './stages/default-profile'
import { detectToolchain } from './stages/detect-toolchain'
import { readBuildSettings } from './stages/build-settings'
import { measureAdvice } from './stages/advice'
import { prepareProfileTool } from './stages/prepare-profile-tool'
import { uploadArtifact } from './stages/upload'
import { collectShard } from './stages/collect'
import { fanIn } from './stages/fan-in'
import {
  baselineBeside,
  buildOptimized,
  keepNewProfile,
  makeProfile,
  programProfilesOf,
  replaceIfStale,
  useProfile
} from './stages/profile-life'
import { profileOrigin, type RunContext } from './stages/run-context'
import { platformSource, type PlatformPlan } from './targets/go-platforms'
import type { PlatformBuild } from './stages/platform-builds'
import { prepareWorkDirs } from './system/workdir'
import { describeSettings, type BuildSettings } from './settings/settings'
import { emulationStage } from './stages/emulation'
import { hasForeignTarget, type ForeignTarget } from './targets/foreign'

/**
 * toolchain → [emulator, for a target the runner cannot run] → build
 * settings → tools → [BOLT tools] → restore profile, or gather shards →
 * [plain build] → [profiling build → workloads → merge] → optimized build
 * → [save a new profile, with its fit baseline] → [a stale reused profile:
 * make a new one, build again and save it] → [BOLT] → [default.pgo] →
 * [benchmark] → [LTO advice] → [upload]. mode collect stops after the
 * merge and uploads the shard. Outputs are set as soon as they are known;
 * cache-hit once BOLT has said whether its workloads ran (a collect step
 * sets none).
 */
export async function runPipeline(config: Config, report: RunReport): Promise<void> {
  const { context, settings, boltTools, boltRequest } = await prepareRun(config, report)
  const { foreign, dirs, toolchain } = context
  if (config.mode === 'collect') return collectShard(context)
  const reused = config.profileArtifacts
    ? await fanIn(context, config.profileArtifacts)
    : await stage(report, 'Restore profile', () =>
        restoreProfile({ config, keys: context.keys, cache: context.cache, profileTool: context.profileTool, profilePath: dirs.profile })
      )
  const benchmarkCommand = config.benchmark && !foreign ? config.benchmark : undefined
  const plain = benchmarkCommand
    ? await stage(report, 'Plain build', () => plainBuild(config, context.builder, dirs.benchmark.plain))
    : undefined
  const firstProfile = reused?.report ?? (await makeProfile(context, ''))
  useProfile(context, firstProfile)
  const madeHere = !reused || reused.mergedFromShards === true
  const first = {
    profile: firstProfile,
    optimized: await buildOptimized(context, firstProfile, 'Optimized build', boltRequest, madeHere ? undefined : reused)
  }
  if (madeHere) await keepNewProfile(context, first, '')
  const replacement = reused && !madeHere ? await replaceIfStale(context, reused, first, boltRequest) : undefined
  const { profile, optimized } = replacement ?? first
  finishPrograms(context, optimized)
  const bolted = boltTools ? await boltOptimizedPrograms(context, boltTools, optimized, profile.sha256) : undefined
  // A hit: the profile came from the cache, was not replaced, and no workload ran for BOLT either.
  core.setOutput(Output.CacheHit, String(reused?.fromCache === true && replacement === undefined && !bolted?.workloadsRan))
  if (config.defaultPgo) {
    await stage(report, 'default.pgo', () =>
      writeDefaultProfile(config, toolchain, optimized.programs, profile.path, programProfilesOf(profile))
    )
  }
  await measureAndUpload(context, { settings, plain, profile, optimized, bolted: bolted !== undefined })
}

/** The stages before any build: the toolchain, an emulator where the target needs one, the build settings, the profile tools, BOLT's tools; and the context every stage gets. */
async function prepareRun(config: Config, report: RunReport) {
  const toolchain = await stage(report, 'Toolchain', () => detectToolchain(config))
  report.toolchain = `${toolchain.spec.name}: ${toolchain.compiler.description}`
  const dirs = prepareWorkDirs(process.env, toolchain.traits.profileExtension)
  const foreign = hasForeignTarget(toolchain.traits.targets ?? [], process.arch)
    ? await stage(report, 'Emulator', () => emulationStage(config, toolchain))
    : undefined
  if (foreign) report.target = { triple: foreign.target, emulation: foreign.emulation?.description }
  const settings = await stage(report, 'Build settings', () => readBuildSettings(config, toolchain))
  report.buildSettings = describeSettings(settings.settings)
  const profileTool = await stage(report, 'Profile tools', () => prepareProfileTool(config, toolchain))
  const boltSetup = config.bolt && !foreign ? await stage(report, 'BOLT tools', () => prepareBoltTools(config, toolchain)) : undefined
  if (config.bolt && foreign) skipMeasuredElsewhere(report, foreign, 'BOLT')
  const boltTools = boltSetup && 'tools' in boltSetup ? boltSetup : undefined
  if (boltSetup && 'skipped' in boltSetup) report.bolt = { skipped: boltSetup.skipped, programs: [] }
  const context: RunContext = {
    config,
    foreign,
    report,
    toolchain,
    builder: new Builder(config, toolchain),
    profileTool,
    dirs,
    keys: profileKeys(profileOrigin(config, toolchain), runTag(process.env)),
    cache: new ProfileCache(dirs.profileDir)
  }
  // The programs are linked for BOLT only when it will run.
  return { context, settings, boltTools, boltRequest: boltTools ? config.bolt : undefined }
}

/** After the release is built: the benchmark, the LTO advice, the upload. */
async function measureAndUpload(
  context: RunContext,
  built: { settings: BuildSettings; plain?: PlainBuild; profile: ProfileReport; optimized: OptimizedPrograms; bolted: boolean }
): Promise<void> {
  const { config, report, foreign, dirs } = context
  const { settings, plain, profile, optimized } = built
  const released = { programs: optimized.runnerPrograms ?? optimized.programs, wheels: optimized.wheels ?? [] }
  const benchmarked = config.benchmark && plain ? await benchmarkOptimized(context, config.benchmark, released, plain) : undefined
  if (config.benchmark && foreign) skipMeasuredElsewhere(report, foreign, 'Benchmark')
  if (config.advice !== 'none') {
    const timing = {
      measuredElsewhere: foreign?.measuredElsewhere,
      bolted: built.bolted,
      benchmarkTold: benchmarked?.told ?? false,
      shippedPlain: benchmarked?.shippedPlain ?? false
    }
    const release = { ...released, missing: optimized.fit?.missing }
    await measureAdvice(context, { settings, released: release, optimizedSeconds: optimized.seconds, timing })
  }
  if (!config.uploadArtifact) return
  const name = config.uploadArtifact
  const profileFiles = [profile.path, ...baselineBeside(profile)]
  const artifact = await stage(report, 'Upload', () =>
    uploadArtifact(name, [...optimized.programs, ...(optimized.wheels ?? [])], profileFiles, {
      gather: dirs.artifact,
      cwd: config.workingDirectory
    })
  )
  if (artifact) {
    report.artifact = artifact
    core.setOutput(Output.ArtifactId, String(artifact.id))
  }
}

function finishPrograms(context: RunContext, optimized: OptimizedPrograms): void {
  context.report.fit = optimized.fit
  context.report.programs = optimized.reports
  if (optimized.platforms && context.toolchain.platforms)
    context.report.platforms = describePlatforms(context.toolchain.platforms.plan, optimized.platforms)
  core.setOutput(Output.Binaries, optimized.programs.join('\n'))
  // if-slower ship-plain says plain later, where the benchmark finds the optimized build slower.
  core.setOutput(Output.Shipped, 'pgo')
  if (optimized.wheels?.length) core.setOutput(Output.Wheels, optimized.wheels.join('\n'))
}

/** The platforms of a multi-platform release, for the summary. */
function describePlatforms(plan: PlatformPlan, builds: PlatformBuild[]): NonNullable<RunReport['platforms']> {
  const from = platformSource(plan)
  const released = builds.filter(build => build.released).map(build => build.platform)
  return { runner: plan.runner, from, released, runnerForBenchmarkOnly: builds.some(build => !build.released) }
}

/** BOLT and the benchmark on an emulated target would measure the emulator: said once, as a warning, and in the summary. */
function skipMeasuredElsewhere(report: RunReport, foreign: ForeignTarget, what: 'BOLT' | 'Benchmark'): void {
  const why = what === 'BOLT' ? foreign.boltElsewhere : foreign.measuredElsewhere
  core.warning(`${what} is skipped: ${why}.`)
  if (what === 'BOLT') report.bolt = { skipped: why, programs: [] }
  else skipStage(report, 'Benchmark', why)
}

/** BOLT on the optimized programs, which stay at their paths; the summary then lists BOLT's programs. */
async function boltOptimizedPrograms(
  context: RunContext,
  setup: Extract<BoltSetup, { tools: unknown }>,
  optimized: OptimizedPrograms,
  profileSha256: string
) {
  const { config, report, toolchain, dirs, keys } = context
  if (optimized.boltBlocked || !config.bolt) {
    report.bolt = { tools: setup.tools.description, skipped: optimized.boltBlocked, programs: [] }
    return { workloadsRan: false }
  }
  const untrained = new Set(optimized.fit?.programs?.filter(program => program.training === 'not run').map(program => program.displayPath))
  const outcome = await boltPrograms(
    { config, request: config.bolt, toolchain, tools: setup.tools, dirs, report, keys, profileSha256 },
    optimized.programs,
    optimized.reports,
    untrained
  )
  report.programs = await describePrograms(optimized.programs, config.workingDirectory)
  return outcome
}
