import type { FitReport } from './report'

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
