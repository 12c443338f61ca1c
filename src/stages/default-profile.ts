import * as core from '@actions/core'
import * as fs from 'node:fs'
import type { Config } from '../config'
import { displayPath } from '../system/paths'
import type { StageOutcome } from '../report/stage'
import type { Toolchain } from '../toolchains/toolchain'

/** Copies the profile to where the toolchain's own build looks for one kept in the repository. */
export async function writeDefaultProfile(config: Config, toolchain: Toolchain, programs: string[], profile: string): Promise<StageOutcome<string[]>> {
  const targets = (await toolchain.defaultProfilePaths?.(programs)) ?? []
  for (const target of targets) {
    fs.copyFileSync(profile, target)
    core.info(`Wrote ${target}`)
  }
  const names = targets.map(target => displayPath(target, config.workingDirectory))
  return { value: targets, result: targets.length ? `wrote ${names.join(', ')}` : 'no main package found for the programs', status: targets.length ? undefined : 'warning' }
}
