import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Builder } from './builder'
import type { Config } from '../config'
import { displayPath } from '../system/paths'
import type { StageOutcome } from '../report/stage'
import { runnerPrograms } from './platform-builds'
import { countOutputs, wheelsText } from '../libraries/kinds'

export interface ProfilingPrograms {
  programs: string[]
  /** The wheels the build made, which the workloads install ($PGO_WHEELS). */
  wheels: string[]
}

/**
 * Builds the programs the workloads will profile: instrumented with
 * counters for LLVM, as they are for a sampling profiler (Go). The
 * toolchain says which of them the workloads can profile (an instrumented
 * program carries the profile directory it was built with, which proves
 * the build really used the action's flags).
 */
export async function profilingBuild(config: Config, builder: Builder, profileDir: string): Promise<StageOutcome<ProfilingPrograms>> {
  const { toolchain } = builder
  const what = `The ${toolchain.traits.profilingBuildName.toLowerCase()}`
  const built = await builder.build({ kind: 'instrumented', profileDir }, what)
  const runnerOwn = await runnerPrograms(toolchain, built.programs, what, config.workingDirectory)
  const { wheels } = built
  discardBuildTimeProfiles(profileDir)
  const programs = await toolchain.checkProfilingBuild(runnerOwn, profileDir, config.workingDirectory)
  const names = programs.map(file => displayPath(file, config.workingDirectory)).join(', ')
  return { value: { programs, wheels }, result: `${countOutputs(programs)}: ${names}${wheelsText(wheels, config.workingDirectory)}` }
}

/**
 * Instrumented programs that run during the build (configure checks,
 * generators) write raw profiles too: they are not the workload's, so they go.
 */
export function discardBuildTimeProfiles(profileDir: string): void {
  const written = fs.readdirSync(profileDir)
  if (written.length === 0) return
  written.forEach(name => fs.rmSync(path.join(profileDir, name), { recursive: true, force: true }))
  core.info(`Discarded ${written.length} raw profiles written while building (programs run by the build itself, not by the workloads).`)
}
