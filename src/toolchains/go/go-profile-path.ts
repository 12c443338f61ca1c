import * as fs from 'node:fs'
import * as path from 'node:path'
import { ActionError } from '../../system/errors'
import { sha256File } from '../../system/hash'
import { quoteForGoFlags } from '../../system/shell-words'
import { sharedActionDir } from '../../system/workdir'

/**
 * Where the optimized build reads the profile: a file named by the
 * profile's hash in the action's directory, the same for every step of the
 * runner. Go records the -pgo path in the program (only the file name with
 * -trimpath), so a profile read from where it happened to be (this step's
 * merge, the cache, default.pgo) would build other bytes each time.
 */
export async function stableProfilePath(profile: string): Promise<string> {
  return path.join(sharedActionDir('go-profiles'), `pgo-${(await sha256File(profile)).slice(0, 16)}.pprof`)
}

export async function placeStableProfile(profile: string): Promise<string> {
  const stable = await stableProfilePath(profile)
  if (path.resolve(profile) !== stable) {
    fs.mkdirSync(path.dirname(stable), { recursive: true })
    fs.copyFileSync(profile, stable)
  }
  return stable
}

/** -pgo=<profile> for GOFLAGS, quoted the way Go unquotes it there. */
export function pgoFlag(profile: string): string {
  const flag = quoteForGoFlags(`-pgo=${profile}`)
  if (!flag) throw new ActionError(`The profile's path holds both kinds of quote, which GOFLAGS cannot carry: ${profile}`)
  return flag
}
