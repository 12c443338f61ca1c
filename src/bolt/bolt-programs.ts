// The BOLT room: everything BOLT, the post-link optimizer, after the PGO
// build: its pipeline (this file), one module per stage (prepare-tools,
// instrument, bolt-workloads, merge-fdata, optimize, bolt-cache), the programs on
// their way through it (bolt-targets.ts), running its tools (bolt-tools.ts), and the record of
// what a BOLT profile was made on (profile-set.ts); what the action knows of
// llvm-bolt itself is in llvm/llvm-bolt.ts. It runs the workloads again, through
// the workload runner the stages use, and imports nothing of the stages.
// May import: cache, config, executables, libraries, llvm, platform, report, system, toolchains, workloads.
import * as core from '../system/log'
import { boltProgramsDigest, type BoltProfileSet } from './profile-set'
import { boltTargets, type BoltContext, type BoltTarget } from './bolt-targets'
import type { ProfileKeys } from '../cache/keys'
import { isSharedLibrary } from '../libraries/kinds'
import { PROGRAMS_ONLY } from '../llvm/llvm-bolt'
import { ActionError } from '../system/errors'
import { ProfileCache } from '../cache/profile-cache'
import type { BoltReport, ProgramReport, RunReport } from '../report/run-report'
import { skipStage, stage } from '../report/stage'
import { checkPrograms, instrumentPrograms, type BlockedProgram } from './instrument'
import { boltRestoreSkipped, restoreBoltProfiles, saveBoltProfiles } from './bolt-cache'
import { mergeBoltProfiles } from './merge-fdata'
import { optimizePrograms } from './optimize'
import { runBoltWorkloads } from './bolt-workloads'

export interface BoltRun extends BoltContext {
  report: RunReport
  keys: ProfileKeys
  /** sha256 of the PGO profile the programs were built with: BOLT profiles are kept per PGO profile. */
  profileSha256: string
}

export interface BoltOutcome {
  /** Whether the workloads ran again (then the run was no cache hit). */
  workloadsRan: boolean
}

/**
 * restore BOLT profile → [instrument → workloads again → merge] → optimize
 * → [save]. A cached BOLT profile recorded on these exact programs skips
 * the bracketed stages; the programs end up at their own paths, rewritten.
 */
export async function boltPrograms(
  run: BoltRun,
  programs: string[],
  reports: ProgramReport[],
  untrained: ReadonlySet<string>
): Promise<BoltOutcome> {
  const { report } = run
  const bolt: BoltReport = { tools: run.tools.description, programs: [] }
  report.bolt = bolt
  const libraries = reports.filter(program => isSharedLibrary(program.displayPath))
  if (libraries.length > 0)
    leaveOutLibraries(
      run,
      libraries.map(library => library.displayPath)
    )
  const skipped = (index: number) => untrained.has(reports[index].displayPath) || isSharedLibrary(reports[index].displayPath)
  const trained = programs.filter((_, index) => !skipped(index))
  const left = reports.filter(program => untrained.has(program.displayPath))
  if (left.length > 0) core.info(describeLeftOut(left.map(program => program.displayPath)))
  const outcome =
    trained.length > 0
      ? await boltTrained(
          run,
          bolt,
          trained,
          reports.filter((_, index) => !skipped(index))
        )
      : { workloadsRan: false }
  bolt.programs.push(...left.map(program => ({ displayPath: program.displayPath, pgoSha256: program.sha256, kept: UNTRAINED })))
  bolt.programs.push(...libraries.map(library => ({ displayPath: library.displayPath, pgoSha256: library.sha256, kept: LIBRARY })))
  return outcome
}

const LIBRARY = `a shared library: ${PROGRAMS_ONLY}`

/** Libraries stay PGO builds: bolt true fails the step, saying so; if-supported warns. */
function leaveOutLibraries(run: BoltRun, names: string[]): void {
  const one = names.length === 1
  const what = `${one ? 'it is a shared library' : 'they are shared libraries'}, and ${PROGRAMS_ONLY}`
  if (run.request.onUnsupported === 'fail') {
    throw new ActionError(
      `BOLT cannot run on ${names.join(', ')}: ${what}. Set bolt to if-supported to keep ${one ? 'it a PGO build' : 'them PGO builds'}, or list only programs in binaries.`
    )
  }
  core.warning(`BOLT leaves out ${names.join(', ')}: ${what}; ${one ? 'it stays a PGO build' : 'they stay PGO builds'}.`)
}

const UNTRAINED = 'no workload ran it (the PGO profile holds no data for its own functions), so BOLT would have no profile to use'

function describeLeftOut(names: string[]): string {
  const one = names.length === 1
  return (
    `BOLT leaves out ${names.join(', ')}: no workload ran ${one ? 'it' : 'them'} (the PGO profile holds no data for ${one ? 'its' : 'their'} own functions), ` +
    `so BOLT would have no profile to use; ${one ? 'it stays a PGO build' : 'they stay PGO builds'}.`
  )
}

async function boltTrained(run: BoltRun, bolt: BoltReport, programs: string[], reports: ProgramReport[]): Promise<BoltOutcome> {
  const { config, report, dirs, keys } = run
  const targets = boltTargets(programs, reports, dirs)
  const blocked = await stage(report, 'BOLT check', async () => checkPrograms(run, targets))
  const digest = boltProgramsDigest(targets)
  const prefix = keys.boltPrefixFor(run.profileSha256, digest)
  const key = keys.boltKeyFor(run.profileSha256, digest)
  const cache = new ProfileCache(dirs.boltProfileDir)

  const restoreSkipped = await boltRestoreSkipped(config)
  if (restoreSkipped) skipStage(report, 'Restore BOLT profile', restoreSkipped)
  const restored = restoreSkipped
    ? undefined
    : await stage(report, 'Restore BOLT profile', () => restoreBoltProfiles({ cache, dir: dirs.boltProfileDir, prefix }, targets))
  let made: MadeProfiles | undefined
  let set: BoltProfileSet
  if (restored) {
    set = restored.set
    bolt.profileOrigin = `the cache (key ${restored.key})`
    for (const name of ['BOLT instrument', 'BOLT workloads', 'BOLT merge'])
      skipStage(report, name, 'the cached BOLT profile fits these programs')
  } else if (config.mode === 'use') {
    const cached = restoreSkipped
      ? `the BOLT profile cannot come from the cache (${restoreSkipped})`
      : `no cached BOLT profile fits these programs (key prefix ${prefix})`
    const why = `mode use never runs the workloads, and ${cached}`
    if (run.request.onUnsupported === 'fail') throw new ActionError(`${why}: run with mode auto or generate first.`)
    core.warning(`BOLT is skipped: ${why}. The programs stay PGO builds.`)
    bolt.skipped = why
    return { workloadsRan: false }
  } else {
    made = await makeBoltProfiles(run, targets, blocked)
    set = made.set
    bolt.profileOrigin = 'made by this run'
  }

  bolt.programs = await stage(report, 'BOLT optimize', () => optimizePrograms(run, targets, set, { restored: restored !== undefined }))
  if (made) await saveMadeProfiles(run, cache, key, made.complete, bolt)
  return { workloadsRan: made !== undefined }
}

interface MadeProfiles {
  set: BoltProfileSet
  /** False when a BOLT tool or the workloads failed (bolt: if-supported): such a set is not saved. */
  complete: boolean
}

/** Instruments the programs, runs the workloads against them and merges what they wrote. */
async function makeBoltProfiles(run: BoltRun, targets: BoltTarget[], blocked: BlockedProgram[]): Promise<MadeProfiles> {
  const { report } = run
  const instrumentation = await stage(report, 'BOLT instrument', () => instrumentPrograms(run, targets, blocked))
  const { instrumented } = instrumentation
  let workloads = { profiles: new Map<string, string[]>(), complete: true }
  if (instrumented.length > 0) workloads = await stage(report, 'BOLT workloads', () => runBoltWorkloads(run, instrumented))
  else skipStage(report, 'BOLT workloads', 'no program to profile')
  const set = await stage(report, 'BOLT merge', () => mergeBoltProfiles(run, instrumented, workloads.profiles, instrumentation.kept))
  return { set, complete: instrumentation.complete && workloads.complete }
}

async function saveMadeProfiles(run: BoltRun, cache: ProfileCache, key: string, complete: boolean, bolt: BoltReport): Promise<void> {
  const { config, report } = run
  if (!config.cache) return skipStage(report, 'Save BOLT profile', 'cache is false')
  if (!(await ProfileCache.available())) return skipStage(report, 'Save BOLT profile', 'the cache service is not available')
  if (!complete) return skipStage(report, 'Save BOLT profile', 'a BOLT tool or workload failed: the next run tries again')
  bolt.cacheKey = await stage(report, 'Save BOLT profile', () => saveBoltProfiles(cache, key))
}
