// The platform room: what differs between Linux, macOS and Windows, so that
// no other room asks process.platform. Which system this is and what it
// names its programs (this file), finding programs on PATH (which.ts), the
// shell the user's commands run in (shell.ts), the variables that name
// library directories (library-path.ts) and environment names
// (variables.ts). Each function takes the system as an argument where a
// test must try another one than the machine's.
// May import: nothing.

export type System = 'linux' | 'darwin' | 'win32'

/** The systems' names as users know them. */
export const SYSTEM_NAMES: Record<System, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' }

/** The system this step runs on; other Unix systems count as Linux, whose tools they share. */
export function hostSystem(platform: NodeJS.Platform = process.platform): System {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux'
}

/** What a program's file name ends in: ".exe" on Windows, nothing elsewhere. */
export function executableSuffix(system: System = hostSystem()): string {
  return system === 'win32' ? '.exe' : ''
}

/** A program's file name on `system`: clang → clang.exe on Windows. */
export function executableName(name: string, system: System = hostSystem()): string {
  return `${name}${executableSuffix(system)}`
}

/** A program's name without its ".exe", whatever the system, as a workload names it. */
export function programBaseName(fileName: string): string {
  return fileName.replace(/\.exe$/i, '')
}

/** What separates the directories of PATH. */
export function pathListDelimiter(system: System = hostSystem()): string {
  return system === 'win32' ? ';' : ':'
}

/** A search list (PATH, LD_LIBRARY_PATH) with `first` in front, in order, each once, and `current`'s other entries after them. */
export function listWithFirst(first: string[], current: string, delimiter: string): string {
  const front = [...new Set(first)]
  const rest = current.split(delimiter).filter(entry => entry !== '' && !front.includes(entry))
  return [...front, ...rest].join(delimiter)
}

/**
 * Whether the dynamic loader keeps a record of the files each process
 * loaded, which tells the benchmark's sides apart: glibc's LD_DEBUG=files.
 * macOS's dyld prints to the process's own stderr only, and Windows keeps
 * no such record.
 */
export function hasLoaderRecords(system: System = hostSystem()): boolean {
  return system === 'linux'
}

/** Whether a command and everything it started can be stopped together (a POSIX process group). */
export function hasProcessGroups(system: System = hostSystem()): boolean {
  return system !== 'win32'
}

/** Whether a process can be kept to one CPU with taskset (duet benchmarks). */
export function canPinToCpu(system: System = hostSystem()): boolean {
  return system === 'linux'
}
