import type { FitReport } from './run-report'

/**
 * A reused profile is stale when more than this share of the functions it
 * covers had no matching data in the optimized build: the code has moved
 * on and the profile steers the compiler less and less.
 */
export const STALE_SHARE = 0.1

export interface Staleness {
  stale: boolean
  /** Functions without profile data or changed since profiling. */
  unmatched: number
  /** Functions the profile covers. */
  profiled: number
}

export function judgeStaleness(fit: FitReport, profiledFunctions: number): Staleness {
  const unmatched = fit.missing + fit.mismatched
  return { stale: unmatched > 0 && unmatched > STALE_SHARE * profiledFunctions, unmatched, profiled: profiledFunctions }
}

/**
 * The counts in words. Unmatched functions are the optimized build's, and
 * can outnumber the functions the profile covers (new code the profile
 * never saw), so they are not given as a part of them.
 */
export function describeStaleness(staleness: Pick<Staleness, 'unmatched' | 'profiled'>): string {
  const functions = (n: number) => `${n.toLocaleString('en-US')} function${n === 1 ? '' : 's'}`
  return (
    `${functions(staleness.unmatched)} of the optimized build had no matching profile data, ` +
    `more than ${Math.round(STALE_SHARE * 100)}% of the ${functions(staleness.profiled)} the profile covers`
  )
}
