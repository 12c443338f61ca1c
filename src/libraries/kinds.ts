// The libraries room: what the action knows of shared libraries as build
// outputs (this file: which files are libraries, and where a program looks
// for them), Python wheels (wheels.ts), and maturin's own PGO, which the
// action's builds must not nest (maturin-pgo.ts).
// May import: platform, system.
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Env } from '../system/environment'
import { libraryPathVariable, libraryPathVariables } from '../platform/library-path'
import { hostSystem, type System } from '../platform/host'
import { variable } from '../platform/variables'
import { displayPath } from '../system/paths'

/** Shared libraries by name, as their users know them: libx.so, libx.so.1.2, libx.dylib, x.dll. */
export function isSharedLibrary(file: string): boolean {
  return /\.so(\.\d+)*$|\.dylib$|\.dll$/.test(path.basename(file))
}

/**
 * `variables` (a run's PATH among them) with the directories of the given
 * libraries first where the loader looks (LD_LIBRARY_PATH, macOS's
 * DYLD_LIBRARY_PATH, Windows' PATH: platform/library-path.ts), so a program
 * that loads one by name (ctypes.CDLL('libx.so'), dlopen, a program linked
 * against it) finds these. Unchanged when there are none.
 */
export function withLibrariesFirst(
  variables: Env,
  files: string[],
  system: System = hostSystem(),
  env: NodeJS.ProcessEnv = process.env
): Env {
  const dirs = files.filter(isSharedLibrary).map(file => path.dirname(file))
  const name = libraryPathVariable(system)
  return { ...variables, ...libraryPathVariables(dirs, variables[name] ?? variable(env, name, system), system) }
}

/** "1 program", "3 programs", "1 library", "2 programs and 1 library": what a build wrote, as its rows say it. */
export function countOutputs(files: string[]): string {
  const libraries = files.filter(isSharedLibrary).length
  const programs = files.length - libraries
  const parts = [
    programs > 0 || libraries === 0 ? `${programs} program${programs === 1 ? '' : 's'}` : '',
    libraries > 0 ? `${libraries} librar${libraries === 1 ? 'y' : 'ies'}` : ''
  ]
  return parts.filter(Boolean).join(' and ')
}

/** "; wheel dist/x.whl" for a stage row, where the build made wheels. */
export function wheelsText(wheels: string[], cwd: string): string {
  if (wheels.length === 0) return ''
  return `; ${wheels.length === 1 ? 'wheel' : 'wheels'} ${wheels.map(wheel => displayPath(wheel, cwd)).join(', ')}`
}

/**
 * The other names a library goes by in its directory: the links a build
 * makes to it (libz.so.1 and libz.so for libz.so.1.2.13), which is the name
 * a program linked against it asks the loader for.
 */
export function libraryAliases(library: string): string[] {
  if (!isSharedLibrary(library)) return []
  const dir = path.dirname(library)
  const target = fs.realpathSync(library)
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter(entry => entry.isSymbolicLink() && resolvesTo(path.join(dir, entry.name), target))
    .map(entry => entry.name)
    .sort()
}

function resolvesTo(link: string, target: string): boolean {
  try {
    return fs.realpathSync(link) === target
  } catch {
    return false
  }
}
