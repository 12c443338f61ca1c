import * as path from 'node:path'
import { SYSTEM_NAMES, hostSystem, type System } from './host'
import { isExecutableFile, which, whichAll } from './which'
import { libraryRouteScript } from './library-path'
import { variable } from './variables'

/** The shell that runs build, workload and benchmark, and how it was found. */
export interface Shell {
  program: string
  /** "bash on PATH", "Git for Windows (C:\Program Files\Git\bin\bash.exe)". */
  origin: string
}

/** Where Git for Windows installs its bash, by the variables that name those folders. */
const GIT_BASH_HOMES = ['ProgramFiles', 'ProgramW6432', 'ProgramFiles(x86)'] as const

/**
 * The shell the user's commands run in, as a workflow's `shell: bash` step
 * would: the first bash on PATH on Linux and macOS that is a program, as
 * `command -v bash` finds it (an entry that is a link to nowhere, or a loop
 * of links, is passed over). On Windows, Git for Windows'
 * bash, found where Git installs it, else a bash.exe on PATH outside the
 * Windows folder: System32's bash.exe (and WindowsApps') starts WSL, another
 * system, whose programs are not this build's.
 */
export function findShell(
  system: System = hostSystem(),
  env: NodeJS.ProcessEnv = process.env,
  exists = (file: string) => isExecutableFile(file, system)
): Shell | { problem: string } {
  if (system !== 'win32') {
    const searchPath = variable(env, 'PATH', system) ?? ''
    const bash = which('bash', searchPath, system, env)
    if (bash) return { program: bash, origin: `bash on PATH (${bash})` }
    return {
      problem:
        `The action runs build, workload and benchmark with bash, as a step with shell: bash does, and found no bash program on PATH (${searchPath || 'empty'}): ` +
        'each bash there is missing, not a program this user may run, or a link that leads nowhere or in a loop. Install bash, or mend PATH.'
    }
  }
  const installed = gitBashLocations(env).find(exists)
  if (installed) return { program: installed, origin: `Git for Windows (${installed})` }
  const onPath = whichAll('bash', variable(env, 'PATH', system) ?? '', system, env).find(file => !isWindowsOwn(file, env))
  if (onPath) return { program: onPath, origin: `bash on PATH (${onPath})` }
  return {
    problem:
      `On ${SYSTEM_NAMES[system]} the action runs build, workload and benchmark with Git for Windows' bash, as a step with shell: bash does, and found none: ` +
      `not at ${gitBashLocations(env).join(' or ') || 'C:\\Program Files\\Git\\bin\\bash.exe'}, and no bash.exe on PATH outside the Windows folder ` +
      "(System32's bash.exe starts WSL, another system). Install Git for Windows (GitHub's Windows runners have it), or put its bin folder on PATH."
  }
}

function gitBashLocations(env: NodeJS.ProcessEnv): string[] {
  const homes = GIT_BASH_HOMES.map(name => env[name]).filter((home): home is string => Boolean(home))
  const user = env.LOCALAPPDATA ? [path.win32.join(env.LOCALAPPDATA, 'Programs')] : []
  return [...new Set([...homes, ...user])].map(home => path.win32.join(home, 'Git', 'bin', 'bash.exe'))
}

/** A file in the Windows folder (System32, SysWOW64) or among the Store's app aliases (WindowsApps). */
function isWindowsOwn(file: string, env: NodeJS.ProcessEnv): boolean {
  const lower = file.toLowerCase().replace(/\//g, '\\')
  const windows = (env.SystemRoot ?? env.SYSTEMROOT ?? env.windir ?? 'C:\\Windows').toLowerCase().replace(/\//g, '\\')
  return lower.startsWith(`${windows}\\`) || lower.includes('\\windowsapps\\')
}

/** The script bash runs for `command`: what the system needs said first (macOS: the library route, see library-path.ts), then the command. */
export function shellScript(command: string, system: System = hostSystem()): string {
  return `${libraryRouteScript(system)}${command}`
}

/** The arguments that run `command` as a workflow's bash step would: no profile or rc files, errexit, pipefail. */
export function shellArguments(command: string, system: System = hostSystem()): string[] {
  return ['--noprofile', '--norc', '-eo', 'pipefail', '-c', shellScript(command, system)]
}
