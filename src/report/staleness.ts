import { count } from './format'
import type { FitReport } from './run-report'

/**
 * A reused profile is stale when more than this share of the functions it
 * covers had no matching data in the optimized build, or when the
 * functions that changed since profiling held more than this share of its
 * counts: either way the code has moved on, and the profile steers the
 * compiler less and less, or no longer on the hot path.
 */
export const STALE_SHARE = 0.1

export interface Staleness {
  stale: boolean
  /** Functions without profile data or changed since profiling. */
  unmatched: number
  /** Functions the profile covers. */
  profiled: number
  /** The share of the profile's counts in the functions changed since profiling, where known. */
  changedShare?: number
}

/**
 * `fit` counts what the rule counts: where the fit is known per program,
 * the trained programs' functions, and with a baseline only those new
 * since it (JudgedFit); otherwise every function the compiler named.
 */
export function judgeStaleness(
  fit: Pick<FitReport, 'missing' | 'mismatched'> & { changedShare?: number },
  profiledFunctions: number
): Staleness {
  const unmatched = fit.missing + fit.mismatched
  const changedShare = fit.changedShare
  const stale = tooMany({ unmatched, profiled: profiledFunctions }) || tooHot(changedShare)
  return { stale, unmatched, profiled: profiledFunctions, ...(changedShare === undefined ? {} : { changedShare }) }
}

function tooMany(staleness: Pick<Staleness, 'unmatched' | 'profiled'>): boolean {
  return staleness.unmatched > 0 && staleness.unmatched > STALE_SHARE * staleness.profiled
}

function tooHot(changedShare: number | undefined): boolean {
  return changedShare !== undefined && changedShare > STALE_SHARE
}

/**
 * The counts in words. Unmatched functions are the optimized build's, and
 * can outnumber the functions the profile covers (new code the profile
 * never saw), so they are not given as a part of them.
 */
export function describeStaleness(staleness: Pick<Staleness, 'unmatched' | 'profiled' | 'changedShare'>): string {
  const functions = (n: number) => count(n, 'function')
  const limit = `${Math.round(STALE_SHARE * 100)}%`
  const reasons: string[] = []
  if (tooMany(staleness) || !tooHot(staleness.changedShare)) {
    reasons.push(
      `${functions(staleness.unmatched)} of the optimized build had no matching profile data, more than ${limit} of the ${functions(staleness.profiled)} the profile covers`
    )
  }
  if (tooHot(staleness.changedShare)) {
    reasons.push(
      `the functions changed since profiling held ${((staleness.changedShare ?? 0) * 100).toFixed(1)}% of the profile's counts, more than ${limit}: the hot path lost its data`
    )
  }
  return reasons.join('; and ')
}
