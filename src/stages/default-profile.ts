import * as core from '../system/log'
import * as fs from 'node:fs'
import type { Config } from '../config'
import { checkWritable, occupant, replaceFile } from '../system/checkout-files'
import { sha256File } from '../system/hash'
import { displayPath } from '../system/paths'
import type { StageOutcome } from '../report/stage'
import type { ProgramProfile, Toolchain } from '../toolchains/toolchain'

/**
 * Copies the profile to where the toolchain's own build looks for one kept
 * in the repository (each program's own profile, when it has one), and says
 * for each file whether it was new, replaced (with both hashes, so a
 * workflow that commits it sees what changed) or already this profile.
 */
export async function writeDefaultProfile(
  config: Config,
  toolchain: Toolchain,
  programs: string[],
  profile: string,
  programProfiles: ProgramProfile[] = []
): Promise<StageOutcome<string[]>> {
  // The programs that trained their own profiles first: a program of another platform from the same main package then takes that one.
  const targets =
    (await toolchain.defaultProfile?.paths([
      ...programProfiles.map(entry => entry.program).filter(program => fs.existsSync(program)),
      ...programs
    ])) ?? []
  const said: string[] = []
  for (const target of targets) {
    const source = programProfiles.find(entry => entry.program === target.program)?.profile ?? profile
    said.push(await writeOne(source, target.path, displayPath(target.path, config.workingDirectory), config.workingDirectory))
  }
  return {
    value: targets.map(target => target.path),
    result: said.length ? said.join(', ') : 'no main package found for the programs',
    status: targets.length ? undefined : 'warning'
  }
}

async function writeOne(source: string, target: string, name: string, checkout: string): Promise<string> {
  checkWritable(target, checkout, name)
  const sha256 = await sha256File(source)
  const before = occupant(target) === 'file' ? await sha256File(target) : undefined
  if (before === sha256) {
    core.info(`${target} already holds this profile (sha256 ${sha256}): left as it was.`)
    return `${name} unchanged`
  }
  replaceFile(target, fs.readFileSync(source), checkout, name)
  if (before) {
    core.notice(`Replaced ${name}: it held the profile sha256 ${before}, and now holds sha256 ${sha256}.`)
    return `replaced ${name} (was ${before.slice(0, 12)}…)`
  }
  core.info(`Wrote ${target} (sha256 ${sha256})`)
  return `wrote ${name}`
}
