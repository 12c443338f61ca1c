import * as core from '../system/log'
import type { Builder } from './builder'
import type { Config } from '../config'
import { displayPath } from '../system/paths'
import type { StageOutcome } from '../report/stage'
import { copyProgramsInto } from '../benchmark/runner'
import { runnerPrograms } from './platform-builds'
import { countOutputs } from '../libraries/kinds'

/**
 * The same build without any profile, for the benchmark's baseline. It runs
 * first, so the later builds cannot have overwritten its programs; they are
 * copied aside at once, and the copies are named by the path each program
 * was built at.
 */
export async function plainBuild(config: Config, builder: Builder, baselineDir: string): Promise<StageOutcome<Map<string, string>>> {
  const what = 'The plain build'
  const programs = await runnerPrograms(builder.toolchain, (await builder.build({ kind: 'plain' }, what)).programs, what, config.workingDirectory)
  const copies = copyProgramsInto(programs, baselineDir)
  programs.forEach(program => core.info(`Plain: ${program}, kept in ${baselineDir}`))
  const names = programs.map(program => displayPath(program, config.workingDirectory)).join(', ')
  return { value: copies, result: `${countOutputs(programs)} for the baseline: ${names}` }
}
