import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { spawnSync } from 'node:child_process'
import { CARRIED_LIBRARY_PATH, libraryPathVariable, libraryPathVariables } from '../../../src/platform/library-path'
import { findShell, shellArguments } from '../../../src/platform/shell'
import { canPinToCpu, executableName, hasLoaderRecords, hasProcessGroups, hostSystem, programBaseName } from '../../../src/platform/host'
import { variable, withVariables } from '../../../src/platform/variables'
import { executableNames, isProgramFile, which, whichAll } from '../../../src/platform/which'

function tree(files: string[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-platform-'))
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    fs.writeFileSync(path.join(root, file), '')
  }
  return root
}

describe('the system', () => {
  test("Linux, macOS and Windows; other Unix systems share Linux's tools", () => {
    expect(['linux', 'darwin', 'win32', 'freebsd'].map(platform => hostSystem(platform as NodeJS.Platform))).toEqual([
      'linux',
      'darwin',
      'win32',
      'linux'
    ])
  })

  test('program names end in .exe on Windows only; a workload names a program without it', () => {
    expect(['linux', 'darwin', 'win32'].map(system => executableName('clang', system as 'linux'))).toEqual(['clang', 'clang', 'clang.exe'])
    expect(['tool.exe', 'tool.EXE', 'tool'].map(programBaseName)).toEqual(['tool', 'tool', 'tool'])
  })

  test('the loader record, process groups and CPU pinning each where the system has them', () => {
    expect(['linux', 'darwin', 'win32'].map(system => hasLoaderRecords(system as 'linux'))).toEqual([true, false, false])
    expect(['linux', 'darwin', 'win32'].map(system => hasProcessGroups(system as 'linux'))).toEqual([true, true, false])
    expect(['linux', 'darwin', 'win32'].map(system => canPinToCpu(system as 'linux'))).toEqual([true, false, false])
  })
})

describe('finding programs on PATH', () => {
  test("Windows tries PATHEXT's extensions, and a name that has one as it is", () => {
    expect(executableNames('go', 'win32', {})).toEqual(['go.com', 'go.exe', 'go.bat', 'go.cmd'])
    expect(executableNames('go.exe', 'win32', { PATHEXT: '.EXE;.CMD' })).toEqual(['go.exe', 'go.exe.exe', 'go.exe.cmd'])
    expect(executableNames('go', 'linux', {})).toEqual(['go'])
  })

  test("go.exe is found as go on Windows, in PATH's order and with its delimiter, and not elsewhere", () => {
    const root = tree(['a/go.exe', 'b/go.cmd', 'c/clang'])
    const [a, b, c] = ['a', 'b', 'c'].map(dir => path.join(root, dir))
    expect(which('go', `${c};${a};${b}`, 'win32', { PATHEXT: '.COM;.EXE;.BAT;.CMD' })).toBe(path.join(a, 'go.exe'))
    expect(whichAll('go', `${b};${a}`, 'win32', {})).toEqual([path.join(b, 'go.cmd'), path.join(a, 'go.exe')])
    expect(which('go', `${a}:${b}`, 'linux')).toBeUndefined()
  })

  test('outside Windows a program needs its execute bit; on Windows its .exe makes a built file a program', () => {
    const root = tree(['tool', 'tool.exe', 'notes.txt'])
    fs.chmodSync(path.join(root, 'tool'), 0o755)
    expect(which('tool', root, 'linux')).toBe(path.join(root, 'tool'))
    expect(which('notes.txt', root, 'linux')).toBeUndefined()
    expect(['tool', 'tool.exe', 'notes.txt'].map(name => isProgramFile(path.join(root, name), 'linux'))).toEqual([true, false, false])
    expect(['tool', 'tool.exe', 'notes.txt'].map(name => isProgramFile(path.join(root, name), 'win32'))).toEqual([false, true, false])
  })
})

describe('the shell for build, workload and benchmark', () => {
  test('the first bash program on PATH on Linux and macOS, past a link that loops, as command -v finds it', () => {
    const root = tree(['usr/bin/bash'])
    fs.chmodSync(path.join(root, 'usr/bin/bash'), 0o755)
    fs.mkdirSync(path.join(root, 'loop'))
    fs.symlinkSync('bash', path.join(root, 'loop', 'bash'))
    const PATH = [path.join(root, 'loop'), path.join(root, 'usr/bin')].join(':')
    for (const system of ['linux', 'darwin'] as const) {
      expect(findShell(system, { PATH })).toEqual({
        program: path.join(root, 'usr/bin/bash'),
        origin: `bash on PATH (${path.join(root, 'usr/bin/bash')})`
      })
    }
    const none = findShell('linux', { PATH: path.join(root, 'loop') })
    expect('problem' in none && none.problem).toMatch(
      /found no bash program on PATH \(.*\/loop\): each bash there is missing, not a program this user may run, or a link that leads nowhere or in a loop/
    )
  })

  test("on Windows, Git for Windows' bash where Git installs it, first", () => {
    const env = { ProgramFiles: 'C:\\Program Files', PATH: '' }
    const shell = findShell('win32', env, file => file === 'C:\\Program Files\\Git\\bin\\bash.exe')
    expect(shell).toEqual({
      program: 'C:\\Program Files\\Git\\bin\\bash.exe',
      origin: 'Git for Windows (C:\\Program Files\\Git\\bin\\bash.exe)'
    })
  })

  test("never System32's bash.exe, which starts WSL; a bash.exe elsewhere on PATH will do", () => {
    const root = tree(['Windows/System32/bash.exe', 'Users/me/AppData/Local/Microsoft/WindowsApps/bash.exe', 'tools/bash.exe'])
    const windowsOwn = [path.join(root, 'Windows', 'System32'), path.join(root, 'Users/me/AppData/Local/Microsoft/WindowsApps')]
    const env = { SystemRoot: path.join(root, 'Windows'), ProgramFiles: path.join(root, 'Program Files') }
    const none = findShell('win32', { ...env, PATH: windowsOwn.join(';') })
    expect('problem' in none && none.problem).toMatch(
      /found none: not at .*Git\\bin\\bash\.exe, and no bash\.exe on PATH outside the Windows folder \(System32's bash\.exe starts WSL/
    )
    const standIn = findShell('win32', { ...env, PATH: [...windowsOwn, path.join(root, 'tools')].join(';') })
    expect(standIn).toEqual({
      program: path.join(root, 'tools', 'bash.exe'),
      origin: `bash on PATH (${path.join(root, 'tools', 'bash.exe')})`
    })
  })

  test("runs the command as a workflow's bash step; on macOS the library route is said first", () => {
    expect(shellArguments('make', 'linux')).toEqual(['--noprofile', '--norc', '-eo', 'pipefail', '-c', 'make'])
    expect(shellArguments('make', 'win32')).toEqual(['--noprofile', '--norc', '-eo', 'pipefail', '-c', 'make'])
    const darwin = shellArguments('make', 'darwin')
    expect(darwin.at(-1)).toBe(
      `if [ -n "\${${CARRIED_LIBRARY_PATH}-}" ]; then export DYLD_LIBRARY_PATH="$${CARRIED_LIBRARY_PATH}"; fi\nmake`
    )
  })

  test('bash sets DYLD_LIBRARY_PATH again from the carried copy, and leaves it unset without one', () => {
    const run = (env: NodeJS.ProcessEnv) =>
      spawnSync('bash', shellArguments('echo "[${DYLD_LIBRARY_PATH-unset}]"', 'darwin'), {
        env: { PATH: process.env.PATH, ...env },
        encoding: 'utf8'
      }).stdout
    expect(run({ [CARRIED_LIBRARY_PATH]: '/opt/x lib' })).toBe('[/opt/x lib]\n')
    expect(run({})).toBe('[unset]\n')
  })
})

describe('where the loader looks for libraries', () => {
  test('LD_LIBRARY_PATH, DYLD_LIBRARY_PATH (carried past SIP), and PATH on Windows, with the directories first once', () => {
    expect(['linux', 'darwin', 'win32'].map(system => libraryPathVariable(system as 'linux'))).toEqual([
      'LD_LIBRARY_PATH',
      'DYLD_LIBRARY_PATH',
      'PATH'
    ])
    expect(libraryPathVariables(['/b', '/b'], '/usr/lib:/b', 'linux')).toEqual({ LD_LIBRARY_PATH: '/b:/usr/lib' })
    expect(libraryPathVariables(['/b'], undefined, 'darwin')).toEqual({ DYLD_LIBRARY_PATH: '/b', [CARRIED_LIBRARY_PATH]: '/b' })
    expect(libraryPathVariables(['C:\\lib'], 'C:\\progs;C:\\Windows', 'win32')).toEqual({ PATH: 'C:\\lib;C:\\progs;C:\\Windows' })
    expect(libraryPathVariables([], '/usr/lib', 'linux')).toEqual({})
  })
})

describe('environment names', () => {
  test('on Windows a variable set as PATH replaces Path; elsewhere case matters', () => {
    expect(withVariables({ Path: 'C:\\a', HOME: 'h' }, { PATH: 'C:\\b' }, 'win32')).toEqual({ PATH: 'C:\\b', HOME: 'h' })
    expect(withVariables({ Path: '/a' }, { PATH: '/b' }, 'linux')).toEqual({ Path: '/a', PATH: '/b' })
    expect(variable({ Path: 'C:\\a' }, 'PATH', 'win32')).toBe('C:\\a')
    expect(variable({ Path: '/a' }, 'PATH', 'linux')).toBeUndefined()
  })
})
