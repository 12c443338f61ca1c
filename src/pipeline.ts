import * as core from './system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { boltPrograms } from './bolt/pipeline'
import { Builder } from './stages/builder'
import { buildFingerprint, profileKeys, projectPath, runTag, type ProfileKeys } from './cache/keys'
import { Output } from './constants'
import type { Config } from './config'
import { ProfileCache } from './cache/profile-cache'
import type { ProfileTool } from './llvm/profile-tool'
import type { ProfileReport, RunReport } from './report/run-report'
import { skipStage, stage } from './report/stage'
import { describePrograms } from './stages/programs'
import { describeStaleness, judgeStaleness } from './report/staleness'
import { prepareBoltTools, type BoltSetup } from './bolt/prepare-tools'
import { profilingBuild } from './stages/profiling-build'
import { mergeProfiles } from './stages/merge'
import { optimizedBuild, type OptimizedPrograms } from './stages/optimized-build'
import { describeJudged } from './stages/program-fit'
import { plainBuild, type PlainBuild } from './stages/plain-build'
import { restoreProfile, type ReusedProfile } from './stages/restore-profile'
import { saveProfile } from './stages/save-profile'
import { copyProgramsInto } from './benchmark/copies'
import { pairSideFiles } from './benchmark/sides'
import { BuildNotRestored } from './benchmark/swaps'
import { benchmarkStage, checkMinimumSpeedup } from './stages/benchmark'
import { writeDefaultProfile } from './stages/default-profile'
import { detectToolchain } from './stages/toolchain'
import { prepareProfileTool } from './stages/tools'
import { uploadArtifact } from './stages/upload'
import { uploadShard } from './stages/collect'
import { gatherShards } from './stages/fan-in'
import { compilerWords, type ShardFit } from './stages/shard-manifest'
import { checkStability } from './stages/stability'
import { describeProfile } from './report/profile'
import { runWorkloads } from './stages/workloads'
import type { ProgramProfile, Toolchain } from './toolchains/toolchain'
import { platformSource, runnerVariables, type PlatformPlan } from './targets/go-platforms'
import type { PlatformBuild } from './stages/platform-builds'
import { prepareWorkDirs, type WorkDirs } from './system/workdir'
import { emulationStage } from './stages/emulation'
import { hasForeignTarget, type ForeignTarget } from './targets/foreign'
import { baselinePath, readBaseline, writeBaseline, type FitBaseline } from './fit/baseline'

/** What every stage after the toolchain's may need. */
interface Run {
  config: Config
  /** The target, when this runner runs its programs only under an emulator. */
  foreign?: ForeignTarget
  report: RunReport
  toolchain: Toolchain
  builder: Builder
  profileTool: ProfileTool
  dirs: WorkDirs
  keys: ProfileKeys
  cache: ProfileCache
}

/**
 * toolchain → [emulator, for a target the runner cannot run] → tools →
 * [BOLT tools] → restore profile, or gather shards →
 * [plain build] → [profiling build → workloads → merge] → optimized build
 * → [save a new profile, with its fit baseline] → [a stale reused profile:
 * make a new one, build again and save it] → [BOLT] → [default.pgo] →
 * [benchmark] → [upload]. mode collect stops after the merge and uploads
 * the shard. Outputs are set as soon as they are known.
 */
export async function runPipeline(config: Config, report: RunReport): Promise<void> {
  core.setOutput(Output.CacheHit, 'false')
  const toolchain = await stage(report, 'Toolchain', () => detectToolchain(config))
  report.toolchain = `${toolchain.name}: ${toolchain.compiler.description}`
  const dirs = prepareWorkDirs(process.env, toolchain.profileExtension)
  const foreign = hasForeignTarget(toolchain.targets ?? [], process.arch) ? await stage(report, 'Emulator', () => emulationStage(config, toolchain)) : undefined
  if (foreign) report.target = { triple: foreign.target, emulation: foreign.emulation?.description }
  const profileTool = await stage(report, 'Profile tools', () => prepareProfileTool(config, toolchain))
  const boltSetup = config.bolt && !foreign ? await stage(report, 'BOLT tools', () => prepareBoltTools(config, toolchain)) : undefined
  if (config.bolt && foreign) skipMeasuredElsewhere(report, foreign, 'BOLT')
  // The programs are linked for BOLT only when it will run.
  const boltRequest = boltSetup && 'tools' in boltSetup ? config.bolt : undefined
  if (boltSetup && 'skipped' in boltSetup) report.bolt = { skipped: boltSetup.skipped, programs: [] }
  const run: Run = {
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

  if (config.mode === 'collect') return collectShard(run)
  const reused = config.profileArtifacts
    ? await fanIn(run, config.profileArtifacts)
    : await stage(report, 'Restore profile', () => restoreProfile({ config, keys: run.keys, cache: run.cache, profileTool, profilePath: dirs.profile }))
  const benchmarked = config.benchmark && !foreign ? config.benchmark : undefined
  const plain = benchmarked ? await stage(report, 'Plain build', () => plainBuild(config, run.builder, dirs.benchmark.plain)) : undefined
  const firstProfile = reused?.report ?? (await makeProfile(run, ''))
  useProfile(run, firstProfile)
  const madeHere = !reused || reused.newHere === true
  const first = { profile: firstProfile, optimized: await buildOptimized(run, firstProfile, 'Optimized build', boltRequest, madeHere ? undefined : reused) }
  if (madeHere) await keepNewProfile(run, first, '')
  const replacement = reused && !madeHere ? await replaceIfStale(run, reused, first, boltRequest) : undefined
  const { profile, optimized } = replacement ?? first
  const cacheHit = reused?.fromCache === true && replacement === undefined
  core.setOutput(Output.CacheHit, String(cacheHit))
  finishPrograms(run, optimized)
  if (boltSetup && 'tools' in boltSetup) {
    const bolted = await boltOptimizedPrograms(run, boltSetup, optimized, profile.sha256)
    if (bolted.workloadsRan && cacheHit) core.setOutput(Output.CacheHit, 'false')
  }
  if (config.defaultPgo) {
    await stage(report, 'default.pgo', () => writeDefaultProfile(config, toolchain, optimized.programs, profile.path, programProfilesOf(profile)))
  }

  if (benchmarked && plain) await benchmark(run, benchmarked, { programs: optimized.runnerPrograms ?? optimized.programs, wheels: optimized.wheels ?? [] }, plain)
  else if (config.benchmark && foreign) skipMeasuredElsewhere(report, foreign, 'Benchmark')

  if (config.uploadArtifact) {
    const name = config.uploadArtifact
    const profileFiles = [profile.path, ...baselineBeside(profile)]
    const artifact = await stage(report, 'Upload', () => uploadArtifact(name, [...optimized.programs, ...(optimized.wheels ?? [])], profileFiles, { gather: dirs.artifact, cwd: config.workingDirectory }))
    if (artifact) {
      report.artifact = artifact
      core.setOutput(Output.ArtifactId, String(artifact.id))
    }
  }
}

/** `reused`: the profile came from elsewhere (then its fit is judged, against its baseline where it has one). */
function buildOptimized(run: Run, profile: ProfileReport, name: string, boltRequest: Config['bolt'], reused?: { baseline?: FitBaseline }): Promise<OptimizedPrograms> {
  const inUse = { path: profile.path, programProfiles: programProfilesOf(profile), functionNames: profile.functionNames, reused: reused !== undefined, baseline: reused?.baseline }
  // The runner's own programs are built for a multi-platform release when the benchmark will time them.
  const runnerNeeded = Boolean(run.config.benchmark) && !run.foreign
  return stage(run.report, name, () => optimizedBuild(run.config, run.builder, inUse, run.dirs.rawProfiles, { bolt: boltRequest, runnerNeeded }))
}

/**
 * A profile this step made, once its own optimized build has run: what
 * that build could not match is written beside it as its baseline, and
 * both are saved to the cache together.
 */
async function keepNewProfile(run: Run, made: { profile: ProfileReport; optimized: OptimizedPrograms }, label: string): Promise<void> {
  const { fitNames } = made.optimized
  if (fitNames) writeBaseline(made.profile.path, { profileSha256: made.profile.sha256, ...fitNames })
  await saveToCache(run, made.profile, label)
}

/** The profile's fit baseline, when the file beside it is this profile's. */
function baselineBeside(profile: ProfileReport): string[] {
  return 'baseline' in readBaseline(profile.path, profile.sha256) ? [baselinePath(profile.path)] : []
}

/** Each program's own profile, when the workloads made one per program. */
function programProfilesOf(profile: ProfileReport): ProgramProfile[] | undefined {
  return profile.programProfiles?.map(entry => ({ program: entry.program, profile: entry.profile }))
}

/**
 * A reused profile that no longer fits the code: with mode auto, a new
 * profile and a new optimized build replace them; a profile the workflow
 * chose is kept, with a warning. Either way the summary says so.
 */
async function replaceIfStale(
  run: Run,
  reused: ReusedProfile,
  first: { profile: ProfileReport; optimized: OptimizedPrograms },
  boltRequest: Config['bolt']
): Promise<{ profile: ProfileReport; optimized: OptimizedPrograms } | undefined> {
  const { fit } = first.optimized
  if (!fit) return undefined
  const staleness = judgeStaleness(fit.judged ?? fit, first.profile.totalFunctions ?? 0)
  if (!staleness.stale) return undefined
  run.report.stale = { unmatched: staleness.unmatched, profiled: staleness.profiled, changedShare: staleness.changedShare, regenerated: reused.replaceable }
  const leftOut = fit.judged?.untrained || fit.judged?.inBaseline ? ` ${describeJudged(fit.judged)}` : ''
  core.warning(
    `The reused profile is stale: ${describeStaleness(staleness)}.${leftOut} ` +
      (reused.replaceable ? 'Making a new profile.' : 'It was chosen explicitly, so it is kept: make a new one (mode generate) to get the full benefit back.')
  )
  if (!reused.replaceable) return undefined
  const profile = await makeProfile(run, ' (new profile)', { earlier: keepAside(reused.report.path, run.dirs.earlier, reused.report.origin) })
  useProfile(run, profile)
  const made = { profile, optimized: await buildOptimized(run, profile, 'Optimized build (new profile)', boltRequest) }
  await keepNewProfile(run, made, ' (new profile)')
  return made
}

/** A copy of a profile the new one will overwrite, to compare them. */
function keepAside(file: string, dir: string, origin: string): { path: string; origin: string } {
  fs.mkdirSync(dir, { recursive: true })
  const copy = path.join(dir, `stale-${path.basename(file)}`)
  fs.copyFileSync(file, copy)
  return { path: copy, origin: `the stale profile it replaces, ${origin}` }
}

/** mode collect: this job's share of the workload, merged and uploaded for a fan-in step; nothing else is built. */
async function collectShard(run: Run): Promise<void> {
  const { config, report, dirs } = run
  report.collecting = true
  const profile = await makeProfile(run, '')
  useProfile(run, profile)
  const manifest = { ...shardFit(run), workload: config.workload }
  const artifact = await stage(report, 'Upload shard', () => uploadShard(config.uploadArtifact as string, profile, manifest, dirs.artifact))
  report.artifact = artifact
  core.setOutput(Output.ArtifactId, String(artifact.id))
}

/** What a collect step's manifest records and a fan-in step checks every shard against: this step's toolchain, compiler and build. */
function shardFit({ config, toolchain }: Run): ShardFit {
  return {
    toolchain: toolchain.name,
    compiler: compilerWords(toolchain.compiler),
    profileFormat: toolchain.compiler.profileFormatVersion,
    buildFingerprint: buildFingerprint(profileOrigin(config, toolchain))
  }
}

/** A fan-in step: the shards' profiles, merged, and saved to the cache like a profile made here. */
async function fanIn(run: Run, pattern: string): Promise<ReusedProfile> {
  const { config, report, profileTool, dirs } = run
  const context = { pattern, expected: config.profileShards, fits: shardFit(run), profileTool, downloadDir: dirs.shards, output: dirs.profile }
  const gathered = await stage(report, 'Gather shards', () => gatherShards(context))
  const profile: ProfileReport = { ...(await describeProfile(profileTool, gathered.path, gathered.sha256, gathered.origin)), sources: gathered.sources }
  return { report: profile, replaceable: false, fromCache: false, newHere: true }
}

/** The profiling build, workloads and merge; the new profile is saved once its optimized build has run (keepNewProfile). */
async function makeProfile(run: Run, label: string, options: { earlier?: { path: string; origin: string } } = {}): Promise<ProfileReport> {
  const { earlier } = options
  const { config, report, toolchain, profileTool, dirs } = run
  // A baseline restored with an earlier profile is not this one's; and what a refused entry left at the
  // profile's path (a link to /dev/zero) goes too, or the merge would write through it.
  for (const file of [dirs.profile, baselinePath(dirs.profile)]) fs.rmSync(file, { force: true })
  fs.rmSync(dirs.rawProfiles, { recursive: true, force: true })
  fs.mkdirSync(dirs.rawProfiles, { recursive: true })
  const built = await stage(report, `${toolchain.profilingBuildName}${label}`, () => profilingBuild(config, run.builder, dirs.rawProfiles))
  const workloadDirs = { profileDir: dirs.rawProfiles, logDir: dirs.workloadLogs, emulatorDir: dirs.emulator }
  const raw = await stage(report, `Workloads${label}`, () => runWorkloads(config, toolchain, built.programs, workloadDirs, run.foreign?.emulation, built.wheels))
  const profile = await stage(report, `Merge${label}`, () => mergeProfiles(profileTool, raw, dirs.profile, dirs.programProfiles))
  if (config.benchmark) {
    const context = { config, profileTool, keys: run.keys, earlier, earlierDir: dirs.earlier }
    profile.stability = await stage(report, `Profile stability${label}`, () => checkStability(context, profile, raw))
  }
  return profile
}

async function saveToCache(run: Run, profile: ProfileReport, label: string): Promise<void> {
  const { config, report } = run
  if (!config.cache) {
    skipStage(report, 'Save profile', 'cache is false')
  } else if (!(await ProfileCache.available())) {
    skipStage(report, 'Save profile', 'the cache service is not available')
  } else {
    profile.cacheKey = await stage(report, `Save profile${label}`, () => saveProfile(run.cache, run.keys, profile.sha256))
  }
}

/** Plain against optimized; the speedup is set and shown before a min-speedup check can fail the step. */
async function benchmark(run: Run, command: string, optimized: { programs: string[]; wheels: string[] }, plain: PlainBuild): Promise<void> {
  const { config, report, dirs } = run
  const files = pairSideFiles({ plain: plain.copies, optimized: copyProgramsInto(optimized.programs, dirs.benchmark.optimized) })
  const wheels = { plain: plain.wheels, optimized: optimized.wheels }
  await stage(report, 'Benchmark', async () => {
    const sides = { dirs: dirs.benchmark, files, wheels, removedFiles: run.builder.removedFiles, env: runnerVariables(run.toolchain.platforms) }
    const outcome = await benchmarkStage(config, command, sides).catch(error => {
      // A path that holds the plain build is no longer an optimized program.
      if (error instanceof BuildNotRestored) withdrawPrograms(optimized.programs, error.stuck.map(({ swap }) => swap.path))
      throw error
    })
    const result = outcome.value
    if (!('verdict' in result)) {
      report.benchmarkUntold = { command, why: result.sides.how }
      return outcome
    }
    const benchmarked: NonNullable<RunReport['benchmark']> = { command, result, minSpeedup: config.minSpeedup }
    report.benchmark = benchmarked
    try {
      benchmarked.minSpeedupOutcome = checkMinimumSpeedup(result, config.minSpeedup)
    } catch (error) {
      benchmarked.minSpeedupOutcome = 'not met'
      throw error
    }
    return outcome
  })
}

function withdrawPrograms(programs: string[], stuck: string[]): void {
  core.setOutput(Output.Binaries, programs.filter(program => !stuck.includes(program)).join('\n'))
}

function useProfile(run: Run, profile: ProfileReport): void {
  run.report.profile = profile
  core.setOutput(Output.ProfilePath, profile.path)
  core.setOutput(Output.ProfileHash, profile.sha256)
}

function finishPrograms(run: Run, optimized: OptimizedPrograms): void {
  run.report.fit = optimized.fit
  run.report.programs = optimized.reports
  if (optimized.platforms && run.toolchain.platforms) run.report.platforms = describePlatforms(run.toolchain.platforms, optimized.platforms)
  core.setOutput(Output.Binaries, optimized.programs.join('\n'))
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
async function boltOptimizedPrograms(run: Run, setup: Extract<BoltSetup, { tools: unknown }>, optimized: OptimizedPrograms, profileSha256: string) {
  const { config, report, toolchain, dirs, keys } = run
  if (optimized.boltBlocked || !config.bolt) {
    report.bolt = { tools: setup.tools.description, skipped: optimized.boltBlocked, programs: [] }
    return { workloadsRan: false }
  }
  const untrained = new Set(optimized.fit?.programs?.filter(program => program.training === 'not run').map(program => program.displayPath))
  const outcome = await boltPrograms({ config, request: config.bolt, toolchain, tools: setup.tools, dirs, report, keys, profileSha256 }, optimized.programs, optimized.reports, untrained)
  report.programs = await describePrograms(optimized.programs, config.workingDirectory)
  return outcome
}

function profileOrigin(config: Config, toolchain: Toolchain) {
  return {
    os: process.env.RUNNER_OS || process.platform,
    arch: process.env.RUNNER_ARCH || process.arch,
    toolchain: toolchain.name,
    formatVersion: toolchain.compiler.profileFormatVersion,
    project: projectPath(process.env.GITHUB_WORKSPACE || process.cwd(), config.workingDirectory),
    build: config.build,
    binaries: config.binaries,
    workload: config.workload,
    cacheKey: config.cacheKey,
    bolt: config.bolt !== undefined
  }
}
