// Where an LLVM tool of a given major lives on each OS, as plain data so the
// search order can be tested for every platform on any machine.
import * as path from 'node:path'
import { executableName, hostSystem } from '../platform/host'

export type { System as Platform } from '../platform/host'

/** One place to look: a file, a name to find on PATH, or a command that prints the path. */
export type ToolLocation = { file: string; origin: string } | { onPath: string; origin: string } | { command: string[]; origin: string }

/** The tool's file name: Windows programs end in .exe. */
export function toolFileName(tool: string, platform: string): string {
  return executableName(tool, hostSystem(platform as NodeJS.Platform))
}

/** Path joining in the platform's own style, so Windows paths come out with backslashes here too. */
function join(platform: string, ...parts: string[]): string {
  return (platform === 'win32' ? path.win32 : path.posix).join(...parts)
}

/**
 * The places a system-wide LLVM `major` is found, most specific first:
 * the versioned name on PATH (Debian's and Ubuntu's llvm-N packages link
 * llvm-profdata-N into /usr/bin), the distribution's and Homebrew's
 * per-version directories, the official Windows installer's directory, then
 * the plain name on PATH. For Apple's clang the only match is Xcode's own
 * llvm-profdata, which `xcrun` finds; Apple's LLVM numbers its formats its own way.
 */
export function systemToolLocations(
  tool: string,
  major: number,
  platform: string,
  options: { apple?: boolean; programFiles?: string } = {}
): ToolLocation[] {
  const name = toolFileName(tool, platform)
  if (platform === 'darwin' && options.apple) return [{ command: ['xcrun', '--find', tool], origin: 'Xcode (xcrun)' }]
  const directories: string[] = []
  if (platform === 'linux') {
    directories.push(`/usr/lib/llvm-${major}/bin`, `/usr/lib64/llvm${major}/bin`, `/home/linuxbrew/.linuxbrew/opt/llvm@${major}/bin`)
  } else if (platform === 'darwin') {
    directories.push(`/opt/homebrew/opt/llvm@${major}/bin`, `/usr/local/opt/llvm@${major}/bin`)
  } else if (platform === 'win32') {
    directories.push(join(platform, options.programFiles ?? 'C:\\Program Files', 'LLVM', 'bin'))
  }
  return [
    { onPath: toolFileName(`${tool}-${major}`, platform), origin: 'system' },
    ...directories.map(directory => ({ file: join(platform, directory, name), origin: 'system' })),
    { onPath: name, origin: 'system' }
  ]
}

/**
 * rustup's llvm-tools component, made for the host: the bin folder beside
 * `rustc --print target-libdir` (<sysroot>/lib/rustlib/<host>/lib), with
 * llvm-profdata.exe in it on Windows. The same on all three systems.
 */
export function rustupToolsDirectory(sysroot: string, host: string, platform: string): string {
  return join(platform, sysroot, 'lib', 'rustlib', host, 'bin')
}

/** The tool in a directory the user named, or in its bin/ (the root of an LLVM installation). */
export function directoryToolFiles(directory: string, tool: string, platform: string): string[] {
  const name = toolFileName(tool, platform)
  return [join(platform, directory, name), join(platform, directory, 'bin', name)]
}
