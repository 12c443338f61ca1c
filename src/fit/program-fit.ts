import * as core from '../system/log'
import { readFunctionNames } from '../executables/files'
import type { FitBaseline } from './baseline'
import type { FitNames } from './baseline'
import { fitPerProgram, judgeFit, type ProfileNames } from './per-program'
import { describeLeftOut, type FitReport, type JudgedFit, type ProgramFit } from './fit-report'
import type { ProgramReport } from '../outputs/binaries'
import { count, formatNumber } from '../system/units'

/**
 * The fit split by program, from each program's symbol table and the
 * functions the profile holds: which programs a workload ran, and what
 * the staleness rule counts.
 */
export function fitOfPrograms(
  programs: string[],
  reports: ProgramReport[],
  profileNames: ProfileNames,
  names: FitNames,
  profile: { reused: boolean; baseline?: FitBaseline }
): Pick<FitReport, 'programs' | 'judged'> {
  const functions = programs.map((file, index) => ({ displayPath: reports[index].displayPath, functions: readFunctionNames(file) }))
  const fits = fitPerProgram(functions, profileNames, names)
  for (const fit of fits) core.info(`  ${describeProgramFit(fit)}`)
  // A profile made by this run is the baseline itself: only a reused one is judged.
  if (!profile.reused) return { programs: fits }
  const judged = judgeFit(functions, fits, profileNames, names, profile.baseline)
  if (judged.untrained || judged.inBaseline) core.info(`  ${describeJudged(judged)}`)
  return { programs: fits, judged }
}

export function describeProgramFit(fit: ProgramFit): string {
  const training = {
    ran: 'a workload ran it',
    'not run': 'no workload ran it',
    unknown: 'its symbols do not tell whether a workload ran it (counted as trained)'
  }[fit.training]
  if (!fit.functions) return `${fit.displayPath}: ${training} (no symbol table)`
  const { withData, missing, mismatched } = fit.functions
  return `${fit.displayPath}: ${training}; ${formatNumber(withData)} functions with profile data, ${formatNumber(missing)} without, ${formatNumber(mismatched)} changed since profiling`
}

/** What the staleness rule counts, and what it leaves out. */
export function describeJudged(judged: JudgedFit): string {
  return `The staleness rule counts ${count(judged.missing + judged.mismatched, 'function')}: it leaves out ${describeLeftOut(judged).join(', and ')}.`
}
