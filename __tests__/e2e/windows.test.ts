// The bundled action on win32: Node for Windows under Wine (support/wine.ts).
// No Windows compiler runs here, so these runs end before any build; what
// they show is the Windows side of the platform room working in the real
// bundle: the shell's search and its refusal, a program found as name.exe
// on PATH, and the refusal of a target without a profiler runtime.
// docs/platforms.md says which parts ran here and with what stand-ins.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep, type StepResult } from '../support/runner'
import { buildWindowsProgram, wineLauncher } from '../support/wine'
import { checkout, failureMessage } from '../support/workspace'

jest.setTimeout(300_000)

const job = createJob()
const launcher = wineLauncher()
const inputs = { build: 'cargo build --release', workload: 'hotloop 100', cache: 'false' }

/** A folder of this machine as Windows names it under Wine (Z: is /). */
function windowsFolder(dir: string): string {
  return `Z:${dir.replace(/\//g, '\\')}`
}

function beforeAnyWork(result: StepResult): void {
  expect(result.exitCode).toBe(1)
  expect(result.summary).not.toContain('| Instrumented build |')
}

test('no bash for Windows: refused before any work, naming Git for Windows and why not System32\'s', async () => {
  const result = await runStep({ job, workspace: checkout(job, 'rust-hot', 'no-shell'), inputs, launcher })
  beforeAnyWork(result)
  expect(failureMessage(result)).toContain("On Windows the action runs build, workload and benchmark with Git for Windows' bash")
  expect(failureMessage(result)).toMatch(/not at C:\\Program Files\\Git\\bin\\bash\.exe.*no bash\.exe on PATH outside the Windows folder \(System32's bash\.exe starts WSL/)
  expect(result.summary).toContain('Git for Windows')
})

test('a bash.exe and a rustc.exe on PATH are found by their names; a Windows GNU host is refused before any build', async () => {
  const bin = path.join(job.root, 'windows-bin')
  // A stand-in for Git Bash, which this machine lacks: these runs end before any command is given to it.
  buildWindowsProgram(bin, 'bash', '#include <stdio.h>\nint main(void) { fputs("stand-in bash: not for running commands\\n", stderr); return 3; }\n')
  // rustc -vV as rustc 1.95.0 prints it, for the x86_64-pc-windows-gnu host.
  const rustcVersion = [
    'rustc 1.95.0 (59807616e 2026-04-14)', 'binary: rustc', 'commit-hash: 59807616e1fa2540724bfbac14d7976d7e4a3860',
    'commit-date: 2026-04-14', 'host: x86_64-pc-windows-gnu', 'release: 1.95.0', 'LLVM version: 22.1.2'
  ].join('\\n')
  buildWindowsProgram(bin, 'rustc', `#include <stdio.h>\n#include <string.h>\nint main(int argc, char **argv) {\n  if (argc == 2 && strcmp(argv[1], "-vV") == 0) { fputs("${rustcVersion}\\n", stdout); return 0; }\n  return 2;\n}\n`)
  const result = await runStep({ job, workspace: checkout(job, 'rust-hot', 'gnu-host'), inputs, launcher: { ...launcher, env: { ...launcher.env, WINEPATH: windowsFolder(bin) } } })
  beforeAnyWork(result)
  expect(result.log).toMatch(/Shell for build, workload and benchmark: bash on PATH \(Z:\\.*\\windows-bin\\bash\.exe\)/)
  expect(failureMessage(result)).toContain('The build targets x86_64-pc-windows-gnu, whose Rust standard library ships no profiler runtime')
  expect(result.summary).toMatch(/\| Toolchain \|/)
  expect(fs.existsSync(path.join(bin, 'rustc.exe'))).toBe(true)
})
