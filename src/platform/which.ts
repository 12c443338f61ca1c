import * as fs from 'node:fs'
import * as path from 'node:path'
import { hostSystem, pathListDelimiter, type System } from './host'

/** The extensions Windows tries for a bare command name, when PATHEXT is not set. */
const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD'

/**
 * The file names a command name may have on `system`: itself elsewhere; on
 * Windows each PATHEXT extension added, unless the name has one of them
 * already (then it is tried as it is first).
 */
export function executableNames(name: string, system: System = hostSystem(), env: NodeJS.ProcessEnv = process.env): string[] {
  if (system !== 'win32') return [name]
  const extensions = (env.PATHEXT || DEFAULT_PATHEXT).split(';').filter(Boolean)
  const hasOne = extensions.some(extension => name.toLowerCase().endsWith(extension.toLowerCase()))
  return [...(hasOne ? [name] : []), ...extensions.map(extension => `${name}${extension.toLowerCase()}`)]
}

/** The first program called `name` on PATH, like the shell's `command -v`; on Windows with PATHEXT's extensions. */
export function which(
  name: string,
  searchPath = process.env.PATH ?? '',
  system: System = hostSystem(),
  env: NodeJS.ProcessEnv = process.env
): string | undefined {
  // The first one ends the search: the rest of PATH is not looked at.
  return programsOnPath(name, searchPath, system, env).next().value ?? undefined
}

/** Every program called `name` on PATH, in PATH's order. */
export function whichAll(
  name: string,
  searchPath = process.env.PATH ?? '',
  system: System = hostSystem(),
  env: NodeJS.ProcessEnv = process.env
): string[] {
  return [...programsOnPath(name, searchPath, system, env)]
}

/** The programs called `name` in PATH's directories, one a directory, each looked for only when asked. */
function* programsOnPath(name: string, searchPath: string, system: System, env: NodeJS.ProcessEnv): Generator<string> {
  for (const directory of searchPath.split(pathListDelimiter(system))) {
    const file = directory ? programIn(directory, name, system, env) : undefined
    if (file) yield file
  }
}

/** The program `name` in `directory`, with the system's suffix where it has one. */
export function programIn(
  directory: string,
  name: string,
  system: System = hostSystem(),
  env: NodeJS.ProcessEnv = process.env
): string | undefined {
  return executableNames(name, system, env)
    .map(candidate => path.join(directory, candidate))
    .find(candidate => isExecutableFile(candidate, system))
}

/** The program `<name>-N` on PATH with the highest N (clang-22, gcc-14): for a tool installed only under versioned names. */
export function newestVersioned(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  let best: { file: string; version: number } | undefined
  const pattern = new RegExp(`^${name.replace(/[.+]/g, '\\$&')}-(\\d+)$`)
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    let names: string[]
    try {
      names = fs.readdirSync(dir)
    } catch {
      continue
    }
    for (const entry of names) {
      const version = Number(pattern.exec(entry)?.[1] ?? -1)
      const file = path.join(dir, entry)
      if (version > (best?.version ?? -1) && isExecutableFile(file)) best = { file, version }
    }
  }
  return best?.file
}

/** A regular file this user may run; Windows has no execute bit, so there any file will do. */
export function isExecutableFile(file: string, system: System = hostSystem()): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false
    if (system !== 'win32') fs.accessSync(file, fs.constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Whether a file a build wrote is a program: on Windows by its name's .exe, elsewhere by its execute bits. */
export function isProgramFile(file: string, system: System = hostSystem()): boolean {
  if (system === 'win32') return file.toLowerCase().endsWith('.exe')
  const stat = fs.statSync(file, { throwIfNoEntry: false })
  return Boolean(stat?.isFile() && stat.mode & 0o111)
}
