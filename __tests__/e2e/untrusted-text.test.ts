// The code a pull request builds chooses its output, its function names, its
// file names and its profiles' names. Fed through every place the action
// prints or summarizes, none of it may become a workflow command, an element
// or link in the summary, or a line of an output (docs/security.md).
import * as fs from 'node:fs'
import * as path from 'node:path'
import { LocalActionsServices } from '../support/actions-services'
import { createJob, runStep, type Job, type StepResult } from '../support/runner'
import { failureMessage, warningList } from '../support/workspace'
import { foreignCommands, foreignElements, renderMarkdown, runnerCommands } from '../support/workflow-commands'

/** Text that would be obeyed or rendered if it reached the log or the summary as it is. */
const HOSTILE_LINES = [
  '::warning title=Injected::INJECTED-plain',
  '   ::stop-commands::zzz',
  '::set-output name=binaries::INJECTED-output',
  'before ##[warning]INJECTED-old-form',
  '\u200b::warning title=Injected::INJECTED-zero-width',
  '\u00ad:\u200b:error title=Injected::INJECTED-soft-hyphen',
  'progress\r::warning title=Injected::INJECTED-carriage-return',
  '%0A::warning title=Injected::INJECTED-percent $u0a$ `x` <img src=x onerror=alert(1)> | [click](https://evil.example) www.evil.example a@evil.example',
  '```',
  '<img src="https://evil.example/fence.png">'
]

/** A program name with what a file name may hold: backticks, markup, pipes, %, and ::. */
const PROGRAM_NAME =
  'x`<img src=x onerror=alert(1)>`y|z%0A::warning title=Injected::INJECTED-file ##[warning]INJECTED [c](https:evil.example)'

/**
 * Function names, as an assembler label may spell them: a Rust legacy symbol
 * whose $u0a$ escapes demangle into line breaks, and a name with backticks,
 * markup and the older command form.
 */
const HOT_SOURCE = `#include <stdio.h>
#include <stdlib.h>
__attribute__((noinline)) long hot(long n) __asm__("_ZN3hot73$u0a$$u3a$$u3a$warning$u20$title$u3d$Injected$u3a$$u3a$INJECTED_demangled17h0123456789abcdefE");
__attribute__((noinline)) long hot(long n) { long s = 0; for (long i = 0; i < n; i++) s += i * i % 7; return s; }
__attribute__((noinline)) long tick(long n) __asm__("x\`<img src=//evil.example/t.png>\`y|z%0A##[warning]INJECTED_tick [c](//evil.example) www.evil.example a@evil.example");
__attribute__((noinline)) long tick(long n) { long s = 0; for (long i = 0; i < n; i++) s ^= i << 1; return s; }
int main(int argc, char **argv) { long n = argc > 1 ? atol(argv[1]) : 1000; printf("%ld %ld\\n", hot(n), tick(n)); return 0; }
`

// The build prints the hostile lines, and copies the program to a hostile name in bin/, which is empty before the step.
const MAKEFILE = `CC ?= cc
all: hot
\t@cat noise.txt
\tcp hot "bin/$$(cat name.txt)"
hot: hot.c
\t$(CC) -O2 -o hot hot.c
`

/** A project whose every name and line of output is hostile, with empty directories that must survive the step. */
function hostileProject(job: Job, name = 'hostile'): string {
  const workspace = path.join(job.root, name)
  fs.mkdirSync(workspace, { recursive: true })
  fs.writeFileSync(path.join(workspace, 'hot.c'), HOT_SOURCE)
  fs.writeFileSync(path.join(workspace, 'Makefile'), MAKEFILE)
  fs.writeFileSync(path.join(workspace, 'noise.txt'), HOSTILE_LINES.join('\n') + '\n')
  fs.writeFileSync(path.join(workspace, 'name.txt'), PROGRAM_NAME)
  for (const dir of ['bin', 'logs/keep', 'empty-untouched']) fs.mkdirSync(path.join(workspace, dir), { recursive: true })
  fs.mkdirSync(path.join(workspace, 'notes'))
  fs.writeFileSync(path.join(workspace, 'notes', 'readme.txt'), 'not a program\n')
  return workspace
}

function expectNoForeignCommands(result: StepResult): void {
  expect(foreignCommands(result.log)).toEqual([])
}

function expectNoForeignElements(result: StepResult): void {
  const html = renderMarkdown(result.summary)
  expect(foreignElements(html)).toEqual([])
  expect(html).not.toMatch(/<[^>]*\s(href|src)=/)
}

describe('hostile names and output, through every place the action prints or summarizes', () => {
  let services: LocalActionsServices
  let job: Job
  let workspace: string
  let result: StepResult

  beforeAll(async () => {
    services = await LocalActionsServices.start()
    job = createJob()
    workspace = hostileProject(job)
    const rawWithBrokenName = `for f in "$PGO_PROFILE_DIR"/*.profraw; do cp "$f" "$PGO_PROFILE_DIR/$(printf 'r\\n::warning title=Injected::INJECTED-raw\\n')$(basename "$f")"; done`
    result = await runStep({
      job,
      workspace,
      env: services.env(),
      inputs: {
        toolchain: 'clang',
        build: 'make',
        binaries: 'bin/*\nnotes/*',
        workload: `"$(cat name.txt)" 200000 && cat noise.txt && ${rawWithBrokenName}\ncat noise.txt >&2`,
        'workload-jobs': '2',
        'cache-key': 'v1 ::warning title=Injected::INJECTED-key',
        // The benchmark fails on its first run, printing the hostile lines: its output lands in the summary's error.
        // Its last line, a command the runner would obey if the Configuration group echoed the script as it is, fails it.
        benchmark: '"$(cat name.txt)" 10 > /dev/null\ncat noise.txt\n::warning title=Injected::INJECTED-benchmark-input',
        'upload-artifact': 'hostile'
      }
    })
  })
  afterAll(() => services.stop())

  test('the run got as far as the benchmark, so every stage printed and summarized its names', () => {
    expect(failureMessage(result)).toContain('The benchmark (plain programs, warm-up) failed')
    expect(result.summary).toContain('Hottest functions')
    expect(result.log).toContain('INJECTED-plain')
    expect(result.log).toContain('INJECTED_demangled')
    expect(result.log).toContain('INJECTED_tick')
    expect(result.log).toContain('INJECTED-benchmark-input')
  })

  test('no line of the log is a workflow command the action did not write', () => {
    expectNoForeignCommands(result)
    // The action's own commands still work: its groups and its error.
    const names = runnerCommands(result.log).map(command => command.name)
    expect(names).toContain('group')
    expect(names).toContain('error')
  })

  test('the summary renders no element or link the action did not write', () => {
    expect(result.summary).toContain('onerror')
    expect(result.summary).toContain('INJECTED_demangled')
    expect(result.summary).toContain('INJECTED_tick')
    expectNoForeignElements(result)
  })

  test('a raw profile whose name holds a line break is left out with a warning, and the merge goes on', () => {
    expect(warningList(result).join('\n')).toMatch(
      /Left out of the profile 1 of the workloads' \d+ files .*r\\n::warning title=Injected::INJECTED-raw.*its name holds a line break/
    )
    expect(result.summary).toMatch(/\| ✅ \| Merge \|/)
  })

  test('a file the build did not write is warned about once, not once a build', () => {
    expect(warningList(result).filter(warning => warning.includes('notes/readme.txt, which the build did not write'))).toHaveLength(1)
  })

  test('directories that were there before the step are still there, empty ones included', () => {
    for (const dir of ['bin', 'logs/keep', 'empty-untouched']) expect(fs.statSync(path.join(workspace, dir)).isDirectory()).toBe(true)
  })
})

describe('names and values that would break a line', () => {
  const job = createJob()

  test('a program whose path holds a line break is refused, naming it, and no output carries it', async () => {
    const workspace = hostileProject(job)
    fs.writeFileSync(path.join(workspace, 'name.txt'), 'p\n::warning title=Injected::INJECTED-newline\nq')
    const result = await runStep({
      job,
      workspace,
      inputs: { toolchain: 'clang', build: 'make', binaries: 'bin/*', workload: 'true', cache: 'false' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain(
      "The build wrote 'bin/p\\n::warning title=Injected::INJECTED-newline\\nq', whose path holds a line break"
    )
    expect(result.outputs.binaries).toBeUndefined()
    expectNoForeignCommands(result)
    expectNoForeignElements(result)
  })

  test('a cache-key with a line break is refused before any work', async () => {
    const workspace = hostileProject(job, 'cache-key')
    const result = await runStep({
      job,
      workspace,
      inputs: {
        toolchain: 'clang',
        build: 'make',
        binaries: 'bin/*',
        workload: 'true',
        'cache-key': 'v1\n::warning title=Injected::INJECTED-ck'
      }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain('cache-key holds a line break')
    expect(fs.existsSync(path.join(workspace, 'hot'))).toBe(false)
    expectNoForeignCommands(result)
  })

  test('an invalid working-directory holding markup is shown as text in the summary', async () => {
    const workspace = hostileProject(job, 'working-directory')
    const result = await runStep({
      job,
      workspace,
      inputs: { 'working-directory': 'x<img src=//evil.example/w.png>[click](https://evil.example)`y`', workload: 'true' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.summary).toContain('Invalid input')
    expect(result.summary).toContain('&lt;img')
    expectNoForeignElements(result)
  })
})
