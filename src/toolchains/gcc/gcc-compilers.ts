import * as fs from 'node:fs'
import * as path from 'node:path'
import { ActionError } from '../../system/errors'
import { quoteForShell, splitShellWords } from '../../system/shell-words'
import { newestVersioned, which } from '../../platform/which'
import { checkedForMake, type CcCompilers } from '../cc-variables'

// Which gcc and g++ a GCC build uses, and GCC's own profile tools beside
// them: gcov-tool and gcov-dump of the same version and prefix.

/**
 * CC and CXX from the environment when set; otherwise gcc, else the newest
 * gcc-N on PATH, and g++ beside it.
 */
export function findGccCompilers(env: NodeJS.ProcessEnv, searchPath = env.PATH ?? ''): CcCompilers {
  const fromEnv = { cc: Boolean(env.CC), cxx: Boolean(env.CXX) }
  const found = env.CC ? undefined : (which('gcc', searchPath) ?? newestVersioned('gcc', searchPath))
  const cc = env.CC || (found && quoteForShell(checkedForMake(found, 'gcc')))
  if (!cc) {
    throw new ActionError(
      'toolchain gcc needs gcc, and there is none on PATH (looked for gcc and gcc-N). Install it (Debian and Ubuntu: apt-get install gcc g++), or set CC and CXX.'
    )
  }
  return { cc, cxx: env.CXX || siblingOf(cc, 'g++'), fromEnv }
}

/**
 * GCC's program `tool` named as CC names gcc: gcc-13 → g++-13,
 * /opt/gcc/bin/x86_64-linux-gnu-gcc-12 → /opt/gcc/bin/x86_64-linux-gnu-g++-12.
 * The last "gcc" of the name is replaced, which keeps a target prefix and a
 * version suffix.
 */
function siblingOf(cc: string, tool: string): string {
  const [program, ...rest] = splitShellWords(cc)
  return [siblingProgram(program, tool), ...rest].map(quoteForShell).join(' ')
}

function siblingProgram(program: string, tool: string): string {
  const base = path.basename(program)
  const at = base.lastIndexOf('gcc')
  const name = at < 0 ? tool : `${base.slice(0, at)}${tool}${base.slice(at + 3)}`
  return path.dirname(program) === '.' ? name : path.join(path.dirname(program), name)
}

/**
 * GCC's `tool` (gcov-tool, gcov-dump) for the gcc that CC runs: beside the
 * gcc program's real file first (Debian's /usr/bin/gcc is a link to
 * gcc-12, beside gcov-tool-12), then as named beside CC, then on PATH.
 */
export function findGccTool(ccProgram: string, tool: string, searchPath = process.env.PATH ?? ''): string | undefined {
  const located = path.isAbsolute(ccProgram) ? ccProgram : which(ccProgram, searchPath)
  const candidates: string[] = []
  if (located) {
    const real = fs.realpathSync(located)
    candidates.push(siblingProgram(real, tool), siblingProgram(located, tool))
  }
  for (const candidate of candidates) {
    const found = which(path.basename(candidate), path.dirname(candidate))
    if (found) return found
  }
  return which(path.basename(siblingProgram(ccProgram, tool)), searchPath)
}
