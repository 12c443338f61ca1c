import * as fs from 'node:fs'
import * as path from 'node:path'
import { ActionError } from '../../system/errors'
import { quoteForShell, splitShellWords } from '../../system/shell-words'
import { printable } from '../../system/untrusted-text'
import { isExecutableFile, which } from '../../platform/which'
import { hostSystem } from '../../platform/host'
import { systemToolLocations } from '../../llvm/tool-paths'

// Which clang and clang++ a clang build uses, as shell words for CC and CXX.

export interface Compilers {
  /** Shell words, as a build system's shell reads CC: the user's CC as given, or a found clang quoted. */
  cc: string
  cxx: string
  /** Whether CC and CXX came from the step's environment (then the action adds its flags to them). */
  fromEnv: { cc: boolean; cxx: boolean }
}

/**
 * CC and CXX from the environment when set; otherwise clang for the asked
 * LLVM major (clang-N), else plain clang, else the newest clang-N on PATH.
 */
export function findCompilers(env: NodeJS.ProcessEnv, major: number | undefined, searchPath = env.PATH ?? ''): Compilers {
  const fromEnv = { cc: Boolean(env.CC), cxx: Boolean(env.CXX) }
  const found = env.CC ? undefined : findClang(major, searchPath)
  const cc = env.CC || (found && quoteForShell(checkedForMake(found)))
  if (!cc) {
    throw new ActionError(
      `toolchain clang needs clang, and there is none on PATH (looked for ${major ? `clang-${major}, ` : ''}clang and clang-N). ` +
        `Install it (Debian and Ubuntu: apt-get install clang${major ? `-${major}` : ''}), or set CC and CXX.`
    )
  }
  return { cc, cxx: env.CXX || siblingCxx(cc), fromEnv }
}

/**
 * make expands $ in CC before its shell sees the quotes (a $(shell …) in a
 * directory name would run), and a line break ends the variable: a path
 * the action puts into CC and CXX may hold neither. Refused before any
 * build, naming the path and the character.
 */
function checkedForMake(found: string): string {
  const bad = /[$\r\n]/.exec(found)?.[0]
  if (!bad) return found
  throw new ActionError(
    `The clang found on PATH, ${printable(found)}, has ${bad === '$' ? 'a $' : 'a line break'} in its path, which make would ${bad === '$' ? 'expand' : 'cut CC at'} before any shell reads the quotes. ` +
      'Set CC and CXX to a clang whose path has none, or put its directory on PATH under a name without one.'
  )
}

function findClang(major: number | undefined, searchPath: string): string | undefined {
  if (major !== undefined) {
    const versioned = which(`clang-${major}`, searchPath) ?? installedClang(major)
    if (versioned) return versioned
  }
  const plain = which('clang', searchPath)
  if (plain && major === undefined) return plain
  return newestVersionedClang(searchPath) ?? plain ?? (major === undefined ? installedClang(undefined) : undefined)
}

/** clang where LLVM installs it off PATH: Debian's /usr/lib/llvm-N, Homebrew's llvm@N, the Windows installer's Program Files\LLVM. */
function installedClang(major: number | undefined): string | undefined {
  const locations = systemToolLocations('clang', major ?? 0, hostSystem(), { programFiles: process.env.ProgramFiles })
  return locations.flatMap(location => ('file' in location ? [location.file] : [])).find(file => isExecutableFile(file))
}

function newestVersionedClang(searchPath: string): string | undefined {
  let best: { file: string; major: number } | undefined
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    let names: string[]
    try {
      names = fs.readdirSync(dir)
    } catch {
      continue
    }
    for (const name of names) {
      const match = /^clang-(\d+)$/.exec(name)
      const file = path.join(dir, name)
      if (match && Number(match[1]) > (best?.major ?? -1) && isExecutableFile(file)) best = { file, major: Number(match[1]) }
    }
  }
  return best?.file
}

/**
 * clang++ beside the chosen clang: clang-22 → clang++-22, /opt/llvm/bin/clang
 * → /opt/llvm/bin/clang++, clang.exe → clang++.exe. clang-cl, the MSVC-style
 * driver on Windows, compiles C++ itself.
 */
function siblingCxx(cc: string): string {
  const [program, ...rest] = splitShellWords(cc)
  if (/^clang-cl(\.exe)?$/i.test(path.win32.basename(program))) return cc
  const cxx = path.join(path.dirname(program), path.basename(program).replace(/^clang/, 'clang++'))
  const resolved = path.dirname(program) === '.' ? (which(path.basename(cxx)) ?? path.basename(cxx)) : cxx
  return [resolved, ...rest].map(quoteForShell).join(' ')
}
