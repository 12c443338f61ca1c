import { hostSystem, listWithFirst, pathListDelimiter, type System } from './host'

/**
 * The variable a system's loader reads for more places to find shared
 * libraries: LD_LIBRARY_PATH on Linux, DYLD_LIBRARY_PATH on macOS, PATH on
 * Windows (which looks for a DLL beside the program, then on PATH).
 */
export function libraryPathVariable(system: System = hostSystem()): 'LD_LIBRARY_PATH' | 'DYLD_LIBRARY_PATH' | 'PATH' {
  return system === 'win32' ? 'PATH' : system === 'darwin' ? 'DYLD_LIBRARY_PATH' : 'LD_LIBRARY_PATH'
}

/**
 * macOS's System Integrity Protection removes every DYLD_ variable when a
 * protected program starts, and /bin/bash is one: a DYLD_LIBRARY_PATH given
 * to the shell never reaches the commands it runs. So it travels under this
 * name, which SIP leaves alone, and the script sets it again first thing.
 */
export const CARRIED_LIBRARY_PATH = 'PGO_DYLD_LIBRARY_PATH'

/** What a script says first so the library directories reach its commands (macOS); nothing elsewhere. */
export function libraryRouteScript(system: System = hostSystem()): string {
  if (system !== 'darwin') return ''
  return `if [ -n "\${${CARRIED_LIBRARY_PATH}-}" ]; then export DYLD_LIBRARY_PATH="$${CARRIED_LIBRARY_PATH}"; fi\n`
}

/**
 * The variables that put `directories` first where the loader looks for
 * libraries, in front of `current` (the variable's value so far, on Windows
 * PATH as the command will have it).
 */
export function libraryPathVariables(
  directories: string[],
  current: string | undefined,
  system: System = hostSystem()
): Record<string, string> {
  if (directories.length === 0) return {}
  const value = listWithFirst(directories, current ?? '', pathListDelimiter(system))
  const variable = libraryPathVariable(system)
  return system === 'darwin' ? { [variable]: value, [CARRIED_LIBRARY_PATH]: value } : { [variable]: value }
}
