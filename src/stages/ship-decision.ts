import type { BenchmarkResult } from '../benchmark/stats'

// advice: ship-if-faster's rule, apart from the stage that applies it.

/** Whether advice: ship-if-faster ships the variant, and why not; unfair: its comparison with the release was lopsided. */
export function shipDecision(
  verdict: BenchmarkResult['verdict'],
  variantMissing: number,
  releaseMissing: number | undefined
): { ship: true } | { ship: false; why: string; unfair: boolean } {
  if (verdict !== 'faster') return { ship: false, why: `the variant is not significantly faster (${verdict})`, unfair: false }
  if (releaseMissing === undefined || variantMissing > releaseMissing) {
    const against = releaseMissing === undefined ? 'the release, whose count is not known' : `the release's ${releaseMissing}`
    return {
      ship: false,
      why: `the variant had ${variantMissing} functions without profile data against ${against}, so the comparison is not fair`,
      unfair: true
    }
  }
  return { ship: true }
}
