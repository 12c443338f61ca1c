import * as core from '../system/log'
import type { Builder } from './builder'
import type { Config } from '../config'
import { displayPath } from '../system/paths'
import type { StageOutcome } from '../report/stage'
import { copyProgramsInto } from '../benchmark/copies'
import { runnerPrograms } from './platform-builds'
import { countOutputs, wheelsText } from '../libraries/kinds'
import * as fs from 'node:fs'
import * as path from 'node:path'

/** The plain build's copies, by the path each program was built at, and its wheels, kept aside. */
export interface PlainBuild {
  copies: Map<string, string>
  wheels: string[]
}

/**
 * The same build without any profile, for the benchmark's baseline. It runs
 * first, so the later builds cannot have overwritten its programs; they are
 * copied aside at once, and the copies are named by the path each program
 * was built at.
 */
export async function plainBuild(config: Config, builder: Builder, baselineDir: string): Promise<StageOutcome<PlainBuild>> {
  const what = 'The plain build'
  const built = await builder.build({ kind: 'plain' }, what)
  const programs = await runnerPrograms(builder.toolchain, built.programs, what, config.workingDirectory)
  const copies = copyProgramsInto(programs, baselineDir)
  programs.forEach(program => core.info(`Plain: ${program}, kept in ${baselineDir}`))
  const names = programs.map(program => displayPath(program, config.workingDirectory)).join(', ')
  // The later builds write their wheels under the same names: the plain ones are kept aside with the programs.
  const wheels = built.wheels.map(wheel => keepAside(wheel, path.join(baselineDir, 'wheels')))
  return {
    value: { copies, wheels },
    result: `${countOutputs(programs)} for the baseline: ${names}${wheelsText(built.wheels, config.workingDirectory)}`
  }
}

function keepAside(file: string, dir: string): string {
  fs.mkdirSync(dir, { recursive: true })
  const copy = path.join(dir, path.basename(file))
  fs.copyFileSync(file, copy)
  return copy
}
