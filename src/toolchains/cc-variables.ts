// CC and CXX with the action's flags, for C and C++ toolchains (clang, gcc).
// The flags ride in CC and CXX rather than CFLAGS: setting CFLAGS would
// hide a Makefile's `CFLAGS ?= -O2` and autoconf's default `-g -O2`, and
// the build would quietly run unoptimized; a compiler command with
// arguments is understood by make, CMake, Meson and autoconf alike, and
// links too.
import type { Env } from '../system/environment'
import { ActionError } from '../system/errors'
import { quoteForShell } from '../system/shell-words'
import { printable } from '../system/untrusted-text'

/** The compilers as shell words, and whether each came from the step's environment. */
export interface CcCompilers {
  cc: string
  cxx: string
  fromEnv: { cc: boolean; cxx: boolean }
}

/** CC and CXX with `flags` added, each quoted for the build system's shell, and the notes that say so. */
export function ccVariables(compilers: CcCompilers, flags: string[]): { env: Env; notes: string[] } {
  const { cc, cxx, fromEnv } = compilers
  const added = flags.map(flag => quoteForShell(withoutMakeExpansion(flag)))
  const env: Env = { CC: [cc, ...added].join(' '), CXX: [cxx, ...added].join(' ') }
  const notes = [
    `CC=${env.CC}${fromEnv.cc ? " (your CC, with the action's flags)" : ''}`,
    `CXX=${env.CXX}${fromEnv.cxx ? " (your CXX, with the action's flags)" : ''}`,
    'CFLAGS, CXXFLAGS and LDFLAGS are left as they are, so the build keeps its own optimization flags.'
  ]
  return { env, notes }
}

/**
 * make expands $ in CC before its shell sees the quotes, and no quoting
 * serves make and the other build systems alike: a path with a $ is refused.
 */
function withoutMakeExpansion(flag: string): string {
  if (flag.includes('$')) {
    throw new ActionError(
      `The path in ${flag} holds a $, which make would expand inside CC and CXX: rename it (or the directory it is in) without one.`
    )
  }
  return flag
}

/**
 * make expands $ in CC before any shell reads the quotes (a $(shell …) in a
 * directory name would run), and a line break ends the variable: a
 * compiler the action found and puts into CC may hold neither. Refused
 * before any build, naming the path and the character.
 */
export function checkedForMake(found: string, what: string): string {
  const bad = /[$\r\n]/.exec(found)?.[0]
  if (!bad) return found
  throw new ActionError(
    `The ${what} found on PATH, ${printable(found)}, has ${bad === '$' ? 'a $' : 'a line break'} in its path, which make would ${bad === '$' ? 'expand' : 'cut CC at'} before any shell reads the quotes. ` +
      `Set CC and CXX to a ${what} whose path has none, or put its directory on PATH under a name without one.`
  )
}

/** A profile given where it lies goes into CC, where make expands a $: the spec check both C toolchains make. */
export function checkProfileForMake(single: { given: string; pattern: string } | undefined, compiler: string, problems: string[]): void {
  if (!single?.pattern.includes('$')) return
  problems.push(
    `profile '${single.given}' holds a $ in its path (${single.pattern}). The action passes the profile to ${compiler} in CC, where make expands a $ before any shell quoting applies: rename the file without one.`
  )
}
