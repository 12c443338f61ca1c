import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Builder } from './builder'
import { ActionError } from '../system/errors'
import { fileContains } from '../system/hash'
import type { Config } from '../config'
import { displayPath } from '../system/paths'
import type { StageOutcome } from '../report/stage'
import { readElfComment } from '../elf/files'
import type { Toolchain } from '../toolchains/toolchain'
import { runnerPrograms } from './platform-builds'
import { countOutputs, wheelsText } from '../libraries/kinds'

export interface ProfilingPrograms {
  programs: string[]
  /** The wheels the build made, which the workloads install ($PGO_WHEELS). */
  wheels: string[]
}

/**
 * Builds the programs the workloads will profile: instrumented with
 * counters for LLVM, as they are for a sampling profiler (Go). An
 * instrumented program carries the profile directory it was built with,
 * which proves the build really used the action's flags.
 */
export async function profilingBuild(config: Config, builder: Builder, profileDir: string): Promise<StageOutcome<ProfilingPrograms>> {
  const { toolchain } = builder
  const what = `The ${toolchain.profilingBuildName.toLowerCase()}`
  const built = await builder.build({ kind: 'instrumented', profileDir }, what)
  const programs = await runnerPrograms(toolchain, built.programs, what, config.workingDirectory)
  const { wheels } = built
  discardBuildTimeProfiles(profileDir)
  const names = (files: string[]) => files.map(file => displayPath(file, config.workingDirectory)).join(', ')
  if (toolchain.profileFormat !== 'llvm') {
    return { value: { programs, wheels }, result: `${countOutputs(programs)}: ${names(programs)}${wheelsText(wheels, config.workingDirectory)}` }
  }

  const { carrying: instrumented, without: plain } = await byMarker(programs, profileDir)
  const compiledBy = otherCompilers(toolchain, plain, config.workingDirectory)
  if (instrumented.length === 0) {
    throw new ActionError(`The build ignored the profiling flags: none of ${names(plain)} is instrumented.${compiledBy} ${toolchain.flagsAdvice}`)
  }
  if (plain.length > 0) {
    core.warning(`Not instrumented, so the workloads will not profile them: ${names(plain)}.${compiledBy} ${toolchain.flagsAdvice}`)
  }
  instrumented.forEach(program => core.info(`Instrumented: ${program}`))
  return { value: { programs: instrumented, wheels }, result: `${countOutputs(instrumented)}: ${names(instrumented)}${wheelsText(wheels, config.workingDirectory)}` }
}

/**
 * " src/lua was compiled by GCC: (Debian 12.2.0-14) 12.2.0, not by clang
 * (its .comment section)." for each program whose compiler signatures lack
 * the toolchain's: the surest sign that the build called another compiler.
 */
function otherCompilers(toolchain: Toolchain, programs: string[], cwd: string): string {
  const signature = toolchain.compilerSignature
  if (!signature) return ''
  const sentences = programs.flatMap(program => {
    const lines = readElfComment(program)
    if (!lines?.length || lines.some(line => signature.test(line))) return []
    return [` ${displayPath(program, cwd)} was compiled by ${lines.join('; ')}, not by ${toolchain.name} (its .comment section).`]
  })
  return sentences.join('')
}

/**
 * Instrumented programs that run during the build (configure checks,
 * generators) write raw profiles too: they are not the workload's, so they go.
 */
function discardBuildTimeProfiles(profileDir: string): void {
  const written = fs.readdirSync(profileDir)
  if (written.length === 0) return
  written.forEach(name => fs.rmSync(path.join(profileDir, name), { recursive: true, force: true }))
  core.info(`Discarded ${written.length} raw profiles written while building (programs run by the build itself, not by the workloads).`)
}

/** Splits programs into those that hold the profile directory (built with profiling counters) and the rest. */
export async function byMarker(programs: string[], profileDir: string): Promise<{ carrying: string[]; without: string[] }> {
  const marker = profileDir + path.sep
  const carrying: string[] = []
  const without: string[] = []
  for (const program of programs) (await fileContains(program, marker) ? carrying : without).push(program)
  return { carrying, without }
}
