import type { ProfileFitWarning } from '../../llvm/fit-warnings'

// GCC prints these while it applies a profile (-Wcoverage-mismatch,
// -Wmissing-profile), in the locale's quotes (‘main’, or 'main' in C):
//   src/a.c:7:5: warning: source locations for function ‘main’ have changed, the profile data may be out of date
//   src/a.c:6:14: warning: number of counters in profile data for function ‘f’ does not match its profile data (…)
//   src/a.c:6:14: warning: the control flow of function ‘f’ does not match its profile data (counter ‘arcs’)
//   src/a.c:3:1: warning: profile for function ‘g’ not found in profile data
//   src/b.c:1:1: warning: ‘/…/src#b.gcda’ profile count data file not found
// The last is about a whole file of source, which the profile has no counts for.

const QUOTED = String.raw`[‘'\x60](.+?)[’']`
const MISMATCHED = [
  new RegExp(`source locations for function ${QUOTED} have changed`),
  new RegExp(`number of counters in profile data for function ${QUOTED} does not match`),
  new RegExp(`the control flow of function ${QUOTED} does not match`)
]
const MISSING_FUNCTION = new RegExp(`profile for function ${QUOTED} not found in profile data`)
const MISSING_FILE = /^(.*?):\d+:\d+: warning: .*profile count data file not found/

export function gccFitWarning(line: string): ProfileFitWarning | undefined {
  for (const pattern of MISMATCHED) {
    const match = pattern.exec(line)
    if (match) return { missing: 0, mismatched: 1, functionName: match[1] }
  }
  const missing = MISSING_FUNCTION.exec(line)
  if (missing) return { missing: 1, mismatched: 0, functionName: missing[1] }
  const file = MISSING_FILE.exec(line)
  if (file) return { missing: 1, mismatched: 0, functionName: `${file[1]} (every function: no counts for this file)` }
  return undefined
}
