import * as core from '../system/log'
import type { Builder } from './builder'
import type { Config } from '../config'
import { displayPath } from '../system/paths'
import type { StageOutcome } from '../report/stage'
import { copyProgramsInto } from '../benchmark/runner'

/**
 * The same build without any profile, for the benchmark's baseline. It runs
 * first, so the later builds cannot have overwritten its programs; they are
 * copied aside at once.
 */
export async function plainBuild(config: Config, builder: Builder, baselineDir: string): Promise<StageOutcome<string>> {
  const { programs } = await builder.build({ kind: 'plain' }, 'The plain build')
  copyProgramsInto(programs, baselineDir)
  programs.forEach(program => core.info(`Plain: ${program}, kept in ${baselineDir}`))
  const names = programs.map(program => displayPath(program, config.workingDirectory)).join(', ')
  return { value: baselineDir, result: `${programs.length === 1 ? '1 program' : `${programs.length} programs`} for the baseline: ${names}` }
}
