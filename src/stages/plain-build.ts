import * as core from '../system/log'
import type { Builder } from './builder'
import type { Config } from '../config'
import { displayPath } from '../system/paths'
import type { StageOutcome } from '../report/stage'
import { copyProgramsInto } from '../benchmark/runner'
import { runnerPrograms } from './platform-builds'

/**
 * The same build without any profile, for the benchmark's baseline. It runs
 * first, so the later builds cannot have overwritten its programs; they are
 * copied aside at once.
 */
export async function plainBuild(config: Config, builder: Builder, baselineDir: string): Promise<StageOutcome<string>> {
  const what = 'The plain build'
  const programs = await runnerPrograms(builder.toolchain, (await builder.build({ kind: 'plain' }, what)).programs, what, config.workingDirectory)
  copyProgramsInto(programs, baselineDir)
  programs.forEach(program => core.info(`Plain: ${program}, kept in ${baselineDir}`))
  const names = programs.map(program => displayPath(program, config.workingDirectory)).join(', ')
  return { value: baselineDir, result: `${programs.length === 1 ? '1 program' : `${programs.length} programs`} for the baseline: ${names}` }
}
