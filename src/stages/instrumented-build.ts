import * as core from '@actions/core'
import * as path from 'node:path'
import { runBuild } from '../build'
import { ActionError } from '../errors'
import { fileContains } from '../hash'
import type { Config } from '../inputs'
import { displayPath } from '../programs'
import type { StageOutcome } from '../stage'
import type { Toolchain } from '../toolchains/toolchain'

export interface InstrumentedPrograms {
  programs: string[]
}

/**
 * Builds the programs with profiling counters. An instrumented program
 * carries the profile directory it was built with, which proves the build
 * really used the action's flags rather than flags of its own.
 */
export async function instrumentedBuild(config: Config, toolchain: Toolchain, profileDir: string): Promise<StageOutcome<InstrumentedPrograms>> {
  const { programs } = await runBuild(config, toolchain, { kind: 'instrumented', profileDir }, 'The instrumented build')
  const marker = profileDir + path.sep
  const instrumented: string[] = []
  const plain: string[] = []
  for (const program of programs) (await fileContains(program, marker) ? instrumented : plain).push(program)
  const names = (files: string[]) => files.map(file => displayPath(file, config.workingDirectory)).join(', ')
  if (instrumented.length === 0) {
    throw new ActionError(`The build ignored the profiling flags: none of ${names(plain)} is instrumented. ${toolchain.flagsAdvice}`)
  }
  if (plain.length > 0) {
    core.warning(`Not instrumented, so the workloads will not profile them: ${names(plain)}. ${toolchain.flagsAdvice}`)
  }
  instrumented.forEach(program => core.info(`Instrumented: ${program}`))
  return {
    value: { programs: instrumented },
    result: `${instrumented.length === 1 ? '1 program' : `${instrumented.length} programs`}: ${names(instrumented)}`
  }
}
