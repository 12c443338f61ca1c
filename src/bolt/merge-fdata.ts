import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { writeBoltProfileSet, type BoltProfileEntry, type BoltProfileSet } from './profile-set'
import type { BoltContext } from './bolt-targets'
import { sha256File } from '../system/hash'
import type { StageOutcome } from '../report/stage'
import { formatBytes } from '../report/format'
import { entryKept, type InstrumentedProgram } from './instrument'

/**
 * Merges each program's profiles into one (merge-fdata) in the directory
 * the cache saves, and records what they were made on. A program no
 * workload ran has no profile and stays the PGO build, with a warning
 * (as a program the first workloads did not run has no PGO data).
 */
export async function mergeBoltProfiles(
  context: BoltContext,
  instrumented: InstrumentedProgram[],
  profiles: Map<string, string[]>,
  kept: BoltProfileEntry[]
): Promise<StageOutcome<BoltProfileSet>> {
  const { tools, dirs } = context
  fs.rmSync(dirs.boltProfileDir, { recursive: true, force: true })
  fs.mkdirSync(dirs.boltProfileDir, { recursive: true })
  const entries: BoltProfileEntry[] = [...kept]
  const merged: string[] = []
  for (const { target } of instrumented) {
    const inputs = profiles.get(target.name) ?? []
    if (inputs.length === 0) {
      const reason = 'no workload ran it, so it has no BOLT profile'
      core.warning(`BOLT skips ${target.displayPath}: ${reason}. It stays the PGO build.`)
      entries.push(entryKept(target, reason))
      continue
    }
    const name = `${target.name}.fdata`
    const output = path.join(dirs.boltProfileDir, name)
    await tools.merge(inputs, output)
    const profileSha256 = await sha256File(output)
    entries.push({ displayPath: target.displayPath, sha256: target.sha256, profile: name, profileSha256 })
    merged.push(`${target.displayPath}: ${inputs.length} → ${formatBytes(fs.statSync(output).size)}`)
  }
  const set = { programs: entries }
  writeBoltProfileSet(dirs.boltProfileDir, set)
  return { value: set, result: merged.length ? merged.join('; ') : 'no profiles to merge', status: merged.length ? undefined : 'warning' }
}
