// LLVM prints these while it applies a profile, the same from rustc and
// clang (with -pgo-warn-missing-function for the first):
//   warning: <unit>: no profile data available for function <name> Hash = …
//   warning: <unit>: function control flow change detected (hash mismatch) <name> Hash = …
/** What one line of the optimized build's output says about the profile's fit. */
export interface ProfileFitWarning {
  /** Functions the profile has no data for. */
  missing: number
  /** Functions whose code changed since the profile was made (hash mismatch). */
  mismatched: number
  functionName?: string
}

const MISSING_PROFILE = /no profile data available for function (\S+)/
const HASH_MISMATCH = /function control flow change detected \(hash mismatch\) (\S+)/

export function llvmFitWarning(line: string): ProfileFitWarning | undefined {
  const missing = MISSING_PROFILE.exec(line)
  if (missing) return { missing: 1, mismatched: 0, functionName: missing[1] }
  const mismatch = HASH_MISMATCH.exec(line)
  if (mismatch) return { missing: 0, mismatched: 1, functionName: mismatch[1] }
  return undefined
}
