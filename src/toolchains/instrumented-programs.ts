// What the programs of an LLVM build show of its flags: an instrumented
// program carries the directory its raw profiles go to, which proves the
// build used the action's flags; a program compiled by another compiler
// lacks the toolchain's signature in its .comment section.
import * as core from '../system/log'
import * as path from 'node:path'
import { readElfComment } from '../executables/files'
import { ActionError } from '../system/errors'
import { fileContains } from '../system/hash'
import { displayPath } from '../system/paths'

/** Splits programs into those that hold the profile directory (built with profiling counters) and the rest. */
export async function byMarker(programs: string[], profileDir: string): Promise<{ carrying: string[]; without: string[] }> {
  const marker = profileDir + path.sep
  const carrying: string[] = []
  const without: string[] = []
  for (const program of programs) ((await fileContains(program, marker)) ? carrying : without).push(program)
  return { carrying, without }
}

export interface InstrumentationCheck {
  programs: string[]
  profileDir: string
  cwd: string
  /** The toolchain's name, and how its compiler signs what it builds, where every program does not carry that anyway. */
  toolchain: string
  signature?: RegExp
  /** How another compiler signs what it builds, where the toolchain's own signature is in every program anyway (GCC's start files). */
  foreignSignature?: RegExp
  flagsAdvice: string
}

/** The instrumented programs; a build that instrumented none fails, and the others are named in a warning. */
export async function instrumentedPrograms(check: InstrumentationCheck): Promise<string[]> {
  const { carrying: instrumented, without: plain } = await byMarker(check.programs, check.profileDir)
  const names = (files: string[]) => files.map(file => displayPath(file, check.cwd)).join(', ')
  const compiledBy = otherCompilers(check, plain)
  if (instrumented.length === 0) {
    throw new ActionError(
      `The build ignored the profiling flags: none of ${names(plain)} is instrumented.${compiledBy} ${check.flagsAdvice}`
    )
  }
  if (plain.length > 0)
    core.warning(`Not instrumented, so the workloads will not profile them: ${names(plain)}.${compiledBy} ${check.flagsAdvice}`)
  instrumented.forEach(program => core.info(`Instrumented: ${program}`))
  return instrumented
}

/**
 * " src/lua was compiled by GCC: (Debian 12.2.0-14) 12.2.0, not by clang
 * (its .comment section)." for each program whose compiler signatures lack
 * the toolchain's: the surest sign that the build called another compiler.
 */
function otherCompilers(check: InstrumentationCheck, programs: string[]): string {
  const { signature, foreignSignature } = check
  if (!signature && !foreignSignature) return ''
  const byAnother = (lines: string[]) =>
    foreignSignature ? lines.some(line => foreignSignature.test(line)) : !lines.some(line => signature?.test(line))
  const sentences = programs.flatMap(program => {
    const lines = readElfComment(program)
    if (!lines?.length || !byAnother(lines)) return []
    return [` ${displayPath(program, check.cwd)} was compiled by ${lines.join('; ')}, not by ${check.toolchain} (its .comment section).`]
  })
  return sentences.join('')
}

/** An optimized program that still carries profiling counters was linked from the instrumented build's objects. */
export async function refuseStillInstrumented(programs: string[], rawProfileDir: string, cwd: string, flagsAdvice: string): Promise<void> {
  const { carrying: stale } = await byMarker(programs, rawProfileDir)
  if (stale.length === 0) return
  throw new ActionError(
    `The optimized build left ${stale.map(program => displayPath(program, cwd)).join(', ')} instrumented: it reused objects from the instrumented build. ${flagsAdvice}`
  )
}
