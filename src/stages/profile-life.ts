// A PGO profile's life in one step: made (profiling build, workloads,
// merge, stability), put to use (outputs, the optimized build), kept (its
// fit baseline written beside it, saved to the cache), and replaced when a
// reused one turns out stale (the old one set aside to compare).
import { secondsSince } from '../system/exec'
import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Config } from '../config'
import { Output } from '../constants'
import { ProfileCache } from '../cache/profile-cache'
import { baselinePath, readBaseline, writeBaseline, type FitBaseline } from '../fit/baseline'
import type { ProfileReport } from '../report/run-report'
import { skipStage, stage } from '../report/stage'
import { describeStaleness, judgeStaleness } from '../report/staleness'
import type { ProgramProfile } from '../toolchains/toolchain'
import { mergeProfiles } from './merge'
import { optimizedBuild, type OptimizedPrograms } from './optimized-build'
import { describeJudged } from '../fit/program-fit'
import { profilingBuild } from './profiling-build'
import type { ReusedProfile } from './restore-profile'
import type { RunContext } from './run-context'
import { saveProfile } from './save-profile'
import { checkStability } from './stability'
import { runWorkloads } from './run-workloads'

/** `reused`: the profile came from elsewhere (then its fit is judged, against its baseline where it has one). */
export async function buildOptimized(
  run: RunContext,
  profile: ProfileReport,
  name: string,
  boltRequest: Config['bolt'],
  reused?: { baseline?: FitBaseline }
): Promise<OptimizedPrograms> {
  const inUse = {
    path: profile.path,
    programProfiles: programProfilesOf(profile),
    functionNames: profile.functionNames,
    reused: reused !== undefined,
    baseline: reused?.baseline
  }
  // The runner's own programs are built for a multi-platform release when the benchmark will time them.
  const runnerNeeded = Boolean(run.config.benchmark) && !run.foreign
  const started = process.hrtime.bigint()
  const optimized = await stage(run.report, name, () =>
    optimizedBuild(run.config, run.builder, inUse, run.dirs.rawProfiles, { bolt: boltRequest, runnerNeeded })
  )
  return { ...optimized, seconds: secondsSince(started) }
}

/**
 * A profile this step made, once its own optimized build has run: what
 * that build could not match is written beside it as its baseline, and
 * both are saved to the cache together.
 */
export async function keepNewProfile(
  run: RunContext,
  made: { profile: ProfileReport; optimized: OptimizedPrograms },
  label: string
): Promise<void> {
  const { fitNames } = made.optimized
  if (fitNames) writeBaseline(made.profile.path, { profileSha256: made.profile.sha256, ...fitNames })
  await saveToCache(run, made.profile, label)
}

/** The profile's fit baseline, when the file beside it is this profile's. */
export function baselineBeside(profile: ProfileReport): string[] {
  return 'baseline' in readBaseline(profile.path, profile.sha256) ? [baselinePath(profile.path)] : []
}

/** Each program's own profile, when the workloads made one per program. */
export function programProfilesOf(profile: ProfileReport): ProgramProfile[] | undefined {
  return profile.programProfiles?.map(entry => ({ program: entry.program, profile: entry.profile }))
}

/**
 * A reused profile that no longer fits the code: with mode auto, a new
 * profile and a new optimized build replace them; a profile the workflow
 * chose is kept, with a warning. Either way the summary says so.
 */
export async function replaceIfStale(
  run: RunContext,
  reused: ReusedProfile,
  first: { profile: ProfileReport; optimized: OptimizedPrograms },
  boltRequest: Config['bolt']
): Promise<{ profile: ProfileReport; optimized: OptimizedPrograms } | undefined> {
  const { fit } = first.optimized
  if (!fit) return undefined
  const staleness = judgeStaleness(fit.judged ?? fit, first.profile.totalFunctions ?? 0)
  if (!staleness.stale) return undefined
  run.report.stale = {
    unmatched: staleness.unmatched,
    profiled: staleness.profiled,
    changedShare: staleness.changedShare,
    regenerated: reused.replaceable
  }
  const leftOut = fit.judged?.untrained || fit.judged?.inBaseline ? ` ${describeJudged(fit.judged)}` : ''
  core.warning(
    `The reused profile is stale: ${describeStaleness(staleness)}.${leftOut} ` +
      (reused.replaceable
        ? 'Making a new profile.'
        : 'It was chosen explicitly, so it is kept: make a new one (mode generate) to get the full benefit back.')
  )
  if (!reused.replaceable) return undefined
  const profile = await makeProfile(run, ' (new profile)', {
    earlier: keepAside(reused.report.path, run.dirs.earlier, reused.report.origin)
  })
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

/** The profiling build, workloads and merge; the new profile is saved once its optimized build has run (keepNewProfile). */
export async function makeProfile(
  run: RunContext,
  label: string,
  options: { earlier?: { path: string; origin: string } } = {}
): Promise<ProfileReport> {
  const { earlier } = options
  const { config, report, toolchain, profileTool, dirs } = run
  // A baseline restored with an earlier profile is not this one's; and what a refused entry left at the
  // profile's path (a link to /dev/zero) goes too, or the merge would write through it.
  for (const file of [dirs.profile, baselinePath(dirs.profile)]) fs.rmSync(file, { force: true })
  fs.rmSync(dirs.rawProfiles, { recursive: true, force: true })
  fs.mkdirSync(dirs.rawProfiles, { recursive: true })
  const built = await stage(report, `${toolchain.traits.profilingBuildName}${label}`, () =>
    profilingBuild(config, run.builder, dirs.rawProfiles)
  )
  const workloadDirs = { profileDir: dirs.rawProfiles, logDir: dirs.workloadLogs, emulatorDir: dirs.emulator }
  const raw = await stage(report, `Workloads${label}`, () =>
    runWorkloads(config, toolchain, built.programs, workloadDirs, run.foreign?.emulation, built.wheels)
  )
  const profile = await stage(report, `Merge${label}`, () => mergeProfiles(profileTool, raw, dirs.profile, dirs.programProfiles))
  if (config.benchmark) {
    const context = { config, profileTool, keys: run.keys, earlier, earlierDir: dirs.earlier }
    profile.stability = await stage(report, `Profile stability${label}`, () => checkStability(context, profile, raw))
  }
  return profile
}

async function saveToCache(run: RunContext, profile: ProfileReport, label: string): Promise<void> {
  const { config, report } = run
  if (!config.cache) {
    skipStage(report, 'Save profile', 'cache is false')
  } else if (!(await ProfileCache.available())) {
    skipStage(report, 'Save profile', 'the cache service is not available')
  } else {
    profile.cacheKey = await stage(report, `Save profile${label}`, () => saveProfile(run.cache, run.keys, profile.sha256))
  }
}

export function useProfile(run: RunContext, profile: ProfileReport): void {
  run.report.profile = profile
  core.setOutput(Output.ProfilePath, profile.path)
  core.setOutput(Output.ProfileHash, profile.sha256)
}
