import * as core from '@actions/core'
import type { Builder, BuildOutput } from './builder'
import { ActionError, CommandError } from '../system/errors'
import type { BoltRequest, Config } from '../config'
import { isStripConflict } from '../bolt/llvm-bolt'
import { describePrograms } from './programs'
import { displayPath } from '../system/paths'
import type { FitReport, ProgramReport } from '../report/run-report'
import { LOW_FIT_SHARE } from '../toolchains/go-fit'
import type { BuildVariant, ProgramProfile, ProgramSampleFit } from '../toolchains/toolchain'

type OptimizedVariant = Extract<BuildVariant, { kind: 'optimized' }>
import type { StageOutcome } from '../report/stage'
import { formatNumber } from '../report/format'
import { byMarker } from './profiling-build'

export interface OptimizedPrograms {
  programs: string[]
  reports: ProgramReport[]
  fit?: FitReport
  /** Why the programs were linked without the relocations BOLT needs, when BOLT was asked for. */
  boltBlocked?: string
}

/**
 * Builds the programs again, compiled with the profile, and checks they
 * were: an LLVM program that still carries profiling counters came from
 * reused instrumented objects; Go records the profile it built with.
 */
export async function optimizedBuild(
  config: Config,
  builder: Builder,
  profiles: { path: string; programProfiles?: ProgramProfile[] },
  rawProfileDir: string,
  bolt?: BoltRequest
): Promise<StageOutcome<OptimizedPrograms>> {
  const { toolchain } = builder
  const { path: profile, programProfiles } = profiles
  const { programs, fit, boltBlocked } = await buildLinkedForBolt(builder, { kind: 'optimized', profile, programProfiles }, bolt)
  if (toolchain.profileFormat === 'llvm') {
    const { carrying: stale } = await byMarker(programs, rawProfileDir)
    if (stale.length > 0) {
      throw new ActionError(
        `The optimized build left ${stale.map(p => displayPath(p, config.workingDirectory)).join(', ')} instrumented: it reused objects from the instrumented build. ` +
          toolchain.flagsAdvice
      )
    }
  }
  const confirmations = (await toolchain.confirmProfileUse?.(programs, profile, programProfiles)) ?? []
  confirmations.forEach(line => core.info(line))
  const reports = await describePrograms(programs, config.workingDirectory)
  for (const report of reports) core.info(`Optimized: ${report.displayPath} sha256 ${report.sha256}`)
  const sampleFit = judgeSampleFits((await toolchain.sampleFits?.(programs, profile, programProfiles)) ?? [], config.workingDirectory)
  const checked = programProfiles ? ', each built with its own profile (checked)' : ', built with the profile (checked)'
  const count = programs.length === 1 ? '1 program' : `${programs.length} programs`
  const fitShares = sampleFit ? `; ${sampleFit.text}` : ''
  const blockedText = boltBlocked ? '; linked without relocations, so no BOLT' : ''
  const status = boltBlocked || sampleFit?.low ? 'warning' : undefined
  if (!fit) {
    return { value: { programs, reports, boltBlocked }, result: `${count}${confirmations.length ? checked : ''}${fitShares}${blockedText}`, status }
  }
  const fitText = `${formatNumber(fit.missing)} functions without profile data, ${formatNumber(fit.mismatched)} changed since profiling`
  core.info(`Profile fit: ${fitText}`)
  return { value: { programs, reports, fit, boltBlocked }, result: `${count}; ${fitText}${blockedText}`, status }
}

/**
 * "samples in the program's functions: 98.1%", for each program, with a
 * warning for each program the profile mostly misses. A profile from a test
 * binary of package main is the usual cause, and it is named: go test
 * compiles the package under its import path, the program as main, and Go's
 * PGO matches functions by name.
 */
function judgeSampleFits(fits: ProgramSampleFit[], workingDirectory: string): { text: string; low: boolean } | undefined {
  // An empty profile has no fit to judge; the profile's own row says it has no samples.
  if (fits.length === 0 || fits.every(({ fit }) => fit.samples === 0)) return undefined
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`
  let low = false
  for (const { program, fit, mainPackage } of fits) {
    const name = displayPath(program, workingDirectory)
    if (fit.mainPackageShare >= MAIN_PACKAGE_SHARE_NOTED) {
      low = true
      core.warning(
        `${percent(fit.mainPackageShare)} of the profile's samples are in functions named ${mainPackage}.…, which ${name} calls main.…: they come from a go test ` +
          'of package main, which compiles the package under its import path, and Go\'s PGO matches functions by name, so it uses none of them. ' +
          'Profile the program itself (a -cpuprofile flag, runtime/pprof), or benchmark code that lives outside package main.'
      )
    } else if (fit.share < LOW_FIT_SHARE) {
      low = true
      core.warning(
        `${name} has the functions of only ${percent(fit.share)} of the profile's samples (the hottest it lacks: ${fit.unmatched.join(', ')}): ` +
          'the profile was taken from other code and guides little of this program. Check that the workload runs this program, or benchmarks the packages it uses.'
      )
    }
    core.info(`Profile fit: ${percent(fit.share)} of the profile's samples are in functions of ${name}`)
  }
  const shares = fits.map(({ program, fit }) => (fits.length === 1 ? percent(fit.share) : `${displayPath(program, workingDirectory)} ${percent(fit.share)}`))
  return { text: `the profile's samples in ${fits.length === 1 ? 'its' : 'their'} functions: ${shares.join(', ')}`, low }
}

/** The share of samples in a main package's test-binary names above which the profile is called out as from go test of package main. */
const MAIN_PACKAGE_SHARE_NOTED = 0.05

/**
 * The optimized build, linked with the relocations kept when BOLT will
 * rewrite the programs. A release build that strips its programs cannot
 * keep them (lld refuses the pair): with bolt true that fails the step,
 * saying so; with bolt if-supported the build runs again without them.
 */
async function buildLinkedForBolt(builder: Builder, variant: OptimizedVariant, bolt: BoltRequest | undefined): Promise<BuildOutput & { boltBlocked?: string }> {
  const what = 'The optimized build'
  if (!bolt) return builder.build(variant, what)
  try {
    return await builder.build({ ...variant, keepRelocations: true }, what)
  } catch (error) {
    if (!(error instanceof CommandError) || !error.tail.some(isStripConflict)) throw error
    const why = 'the release build strips its programs, and a stripped program cannot keep the relocations (--emit-relocs) and the symbols BOLT needs'
    const advice = builder.toolchain.keepSymbolsAdvice ?? ''
    if (bolt.onUnsupported === 'fail') {
      throw new ActionError(`BOLT cannot run: ${why}. ${advice} Or set bolt to if-supported to keep the PGO builds of stripped programs.\n${error.message}`, { cause: error })
    }
    core.warning(`BOLT is skipped: ${why}. Building again without them; the programs stay PGO builds. ${advice}`)
    return { ...(await builder.build(variant, what)), boltBlocked: why }
  }
}
