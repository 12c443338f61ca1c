// Weights for Go profiles: pprof takes none, so a weight is a repeat. Pure,
// so the inputs can check them before any tool runs.

/**
 * The most files one pprof merge is given, counting repeats. pprof takes
 * no weights, so a profile of weight W is read W times: this bounds the
 * time and memory a weighted merge costs.
 */
export const MAX_PPROF_READS = 1000

/** How many times each profile is given to pprof: the weights divided by their greatest common divisor (2 and 4 read once and twice). */
export function pprofRepeats(weights: number[]): number[] {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))
  const divisor = weights.reduce(gcd, 0) || 1
  return weights.map(weight => weight / divisor)
}

/** Why these weights cannot be merged by pprof, or undefined when they can. */
export function pprofWeightProblem(weights: number[]): string | undefined {
  const reads = pprofRepeats(weights).reduce((sum, repeats) => sum + repeats, 0)
  if (reads <= MAX_PPROF_READS) return undefined
  return (
    `the weights (${weights.join(', ')}) would have go tool pprof read ${reads} profiles, more than ${MAX_PPROF_READS}: ` +
    'pprof takes no weights, so each profile is read as many times as its weight. Give smaller weights in the same proportions'
  )
}
