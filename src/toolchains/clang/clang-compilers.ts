import * as path from 'node:path'
import { ActionError } from '../../system/errors'
import { quoteForShell, splitShellWords } from '../../system/shell-words'
import { checkedForMake, type CcCompilers } from '../cc-variables'
import { isExecutableFile, newestVersioned, which } from '../../platform/which'
import { hostSystem } from '../../platform/host'
import { systemToolLocations } from '../../llvm/tool-paths'

// Which clang and clang++ a clang build uses, as shell words for CC and CXX.

/** Shell words, as a build system's shell reads CC: the user's CC as given, or a found clang quoted. */
export type Compilers = CcCompilers

/**
 * CC and CXX from the environment when set; otherwise clang for the asked
 * LLVM major (clang-N), else plain clang, else the newest clang-N on PATH.
 */
export function findCompilers(env: NodeJS.ProcessEnv, major: number | undefined, searchPath = env.PATH ?? ''): Compilers {
  const fromEnv = { cc: Boolean(env.CC), cxx: Boolean(env.CXX) }
  const found = env.CC ? undefined : findClang(major, searchPath)
  const cc = env.CC || (found && quoteForShell(checkedForMake(found, 'clang')))
  if (!cc) {
    throw new ActionError(
      `toolchain clang needs clang, and there is none on PATH (looked for ${major ? `clang-${major}, ` : ''}clang and clang-N). ` +
        `Install it (Debian and Ubuntu: apt-get install clang${major ? `-${major}` : ''}), or set CC and CXX.`
    )
  }
  return { cc, cxx: env.CXX || siblingCxx(cc), fromEnv }
}

function findClang(major: number | undefined, searchPath: string): string | undefined {
  if (major !== undefined) {
    const versioned = which(`clang-${major}`, searchPath) ?? installedClang(major)
    if (versioned) return versioned
  }
  const plain = which('clang', searchPath)
  if (plain && major === undefined) return plain
  return newestVersioned('clang', searchPath) ?? plain ?? (major === undefined ? installedClang(undefined) : undefined)
}

/** clang where LLVM installs it off PATH: Debian's /usr/lib/llvm-N, Homebrew's llvm@N, the Windows installer's Program Files\LLVM. */
function installedClang(major: number | undefined): string | undefined {
  const locations = systemToolLocations('clang', major ?? 0, hostSystem(), { programFiles: process.env.ProgramFiles })
  return locations.flatMap(location => ('file' in location ? [location.file] : [])).find(file => isExecutableFile(file))
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
