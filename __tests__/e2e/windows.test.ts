// The bundled action on win32: Node for Windows under Wine (support/wine.ts).
// They show the Windows side of the platform room working in the real
// bundle: the shell's search and its refusal, programs found as name.exe on
// PATH, the refusal of a target without a profiler runtime, and a Go
// program built with PGO end to end by Go for Windows (built here from this
// machine's Go sources), its commands run by a stand-in for Git Bash.
// docs/platforms.md says which parts ran here and with what stand-ins.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep, type StepResult } from '../support/runner'
import { buildWindowsProgram, prepareWineForGo, windowsFolder, windowsGo, windowsShell, wineLauncher } from '../support/wine'
import { capture, sha256 } from '../support/tools'
import { checkout, expectSuccess, failureMessage } from '../support/workspace'

jest.setTimeout(300_000)

const job = createJob()
const launcher = wineLauncher()
const inputs = { build: 'cargo build --release', workload: 'hotloop 100', cache: 'false' }

function beforeAnyWork(result: StepResult): void {
  expect(result.exitCode).toBe(1)
  expect(result.summary).not.toContain('| Instrumented build |')
}

test("no bash for Windows: refused before any work, naming Git for Windows and why not System32's", async () => {
  const result = await runStep({ job, workspace: checkout(job, 'rust-hot', 'no-shell'), inputs, launcher })
  beforeAnyWork(result)
  expect(failureMessage(result)).toContain("On Windows the action runs build, workload and benchmark with Git for Windows' bash")
  expect(failureMessage(result)).toMatch(
    /not at C:\\Program Files\\Git\\bin\\bash\.exe.*no bash\.exe on PATH outside the Windows folder \(System32's bash\.exe starts WSL/
  )
  expect(result.summary).toContain('Git for Windows')
})

test('a bash.exe and a rustc.exe on PATH are found by their names; a Windows GNU host is refused before any build', async () => {
  const bin = path.join(job.root, 'windows-bin')
  // A stand-in for Git Bash, which this machine lacks: these runs end before any command is given to it.
  buildWindowsProgram(
    bin,
    'bash',
    '#include <stdio.h>\nint main(void) { fputs("stand-in bash: not for running commands\\n", stderr); return 3; }\n'
  )
  // rustc -vV as rustc 1.95.0 prints it, for the x86_64-pc-windows-gnu host.
  const rustcVersion = [
    'rustc 1.95.0 (59807616e 2026-04-14)',
    'binary: rustc',
    'commit-hash: 59807616e1fa2540724bfbac14d7976d7e4a3860',
    'commit-date: 2026-04-14',
    'host: x86_64-pc-windows-gnu',
    'release: 1.95.0',
    'LLVM version: 22.1.2'
  ].join('\\n')
  buildWindowsProgram(
    bin,
    'rustc',
    `#include <stdio.h>\n#include <string.h>\nint main(int argc, char **argv) {\n  if (argc == 2 && strcmp(argv[1], "-vV") == 0) { fputs("${rustcVersion}\\n", stdout); return 0; }\n  return 2;\n}\n`
  )
  const result = await runStep({
    job,
    workspace: checkout(job, 'rust-hot', 'gnu-host'),
    inputs,
    launcher: { ...launcher, env: { ...launcher.env, WINEPATH: windowsFolder(bin) } }
  })
  beforeAnyWork(result)
  expect(result.log).toMatch(/Shell for build, workload and benchmark: bash on PATH \(Z:\\.*\\windows-bin\\bash\.exe\)/)
  expect(failureMessage(result)).toContain('The build targets x86_64-pc-windows-gnu, whose Rust standard library ships no profiler runtime')
  expect(result.summary).toMatch(/\| Toolchain \|/)
  expect(fs.existsSync(path.join(bin, 'rustc.exe'))).toBe(true)
})

describe('a Go program built with PGO on Windows, end to end', () => {
  let result: StepResult
  let workspace: string

  beforeAll(async () => {
    prepareWineForGo()
    const shell = windowsShell(path.join(job.root, 'windows-shell'))
    const windowsPath = [path.dirname(shell), windowsGo()].map(windowsFolder).join(';')
    workspace = checkout(job, 'go-shapes', 'windows')
    result = await runStep({
      job,
      workspace,
      inputs: {
        // Wine 8's quirk: go.exe cannot remove its work folder (unlinkat: Invalid function) and exits 1 after a good build; -work keeps the folder.
        build: 'go build -work -o bin/ ./...',
        workload: 'shapes -rounds 3000 -cpuprofile "$PGO_PROFILE_DIR/run.pprof"',
        benchmark: 'shapes -rounds 3000',
        'benchmark-runs': '6',
        cache: 'false'
      },
      launcher: { ...launcher, env: { ...launcher.env, WINEPATH: windowsPath } }
    })
    expectSuccess(result)
  })

  test('the commands run in the shell found on PATH, and go.exe is found as go', () => {
    expect(result.log).toMatch(/Shell for build, workload and benchmark: bash on PATH \(Z:\\.*\\windows-shell\\bash\.exe\)/)
    expect(result.summary).toMatch(/\| ✅ \| Toolchain \| go1\.\d+/)
    // The summary's cell escapes the backslash for Markdown, which shows it as one.
    expect(result.summary).toMatch(/\| ✅ \| Build for profiling \| 1 program: bin\\\\shapes\.exe \|/)
  })

  test('the workload wrote a CPU profile at a Windows path, and the optimized build used it', () => {
    expect(result.log).toContain('Workload 1 took')
    expect(result.log).toMatch(/Added to GOFLAGS: -pgo=Z:\\.*\\go-profiles\\pgo-[0-9a-f]{16}\.pprof/)
    expect(result.log).toMatch(/bin\\shapes\.exe: go version -m shows -pgo=Z:\\/)
    expect(result.summary).toMatch(/\| ✅ \| Optimized build \| 1 program, built with the profile \(checked\)/)
  })

  test('the released program is the optimized Windows program, back in place after the benchmark', () => {
    const program = path.join(workspace, 'bin', 'shapes.exe')
    expect(result.outputs.binaries).toMatch(/bin\\shapes\.exe$/)
    const info = capture('go', ['version', '-m', program])
    expect(info).toMatch(/build\s+GOOS=windows/)
    expect(info).toMatch(/build\s+-pgo=Z:\\/)
    expect(result.log).toContain(`Optimized: bin\\shapes.exe sha256 ${sha256(program)}`)
  })

  test('the benchmark ran both sides and says the loader check did not run on Windows', () => {
    expect(result.log).toContain('which files each side loaded is not checked on Windows, whose loader keeps no record of it')
    // Six pairs of a quarter-second program under Wine cannot settle the verdict, so any verdict passes; that each pair timed both sides is what counts.
    expect(result.summary).toMatch(/\| Benchmark \| [\d.]+× \(95% CI [\d.]+–[\d.]+\): (faster|slower|no significant difference);/)
    expect(result.summary).toMatch(/\| 6 \| [\d.]+ ms \| [\d.]+ ms \| [\d.]+ ms \| [\d.]+ ms \| [\d.]+ \|/)
  })
})
