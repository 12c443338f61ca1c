// Shared libraries through dist/: a Rust cdylib found from cargo's metadata,
// trained by a Python workload through ctypes, and a benchmark that runs each
// side's own library even where the script loads it by its path.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep, type StepResult } from '../support/runner'
import { sha256 } from '../support/tools'
import { checkout, expectSuccess, failureMessage, readable, stageRow, warnings } from '../support/workspace'

/** The script loads the library by the path cargo wrote it to, not by name. */
const BY_PATH = "python3 score.py 3000000 'target/**/release/libhotlib.so'"

describe('a Rust cdylib called from Python through ctypes', () => {
  const job = createJob()
  const workspace = checkout(job, 'rust-cdylib')
  let result: StepResult

  beforeAll(async () => {
    result = await runStep({
      job,
      workspace,
      inputs: { workload: 'python3 score.py 1000000', benchmark: BY_PATH, 'benchmark-runs': '20', cache: 'false' }
    })
    expectSuccess(result)
  })

  test("the library is found from cargo's metadata and instrumented; the workload loads it by name, through LD_LIBRARY_PATH", () => {
    expect(result.outputs.binaries).toMatch(/\/target\/[^/]+\/release\/libhotlib\.so$/)
    expect(stageRow(result, 'Instrumented build')).toMatch(/1 library: target\/[^/]+\/release\/libhotlib\.so/)
    expect(stageRow(result, 'Workloads')).toContain('1 command, 1 raw profile')
    expect(readable(result.summary)).toContain('| Fit to the code | 0 functions without profile data, 0 changed since profiling |')
  })

  test('each side of the benchmark loaded its own library at the path the build wrote, and the optimized one is faster', () => {
    expect(result.log).toContain("The sides: each side loaded its own libhotlib.so (the dynamic loader's record of the warm-up runs).")
    expect(result.outputs['speedup-verdict']).toBe('faster')
    expect(Number(result.outputs['speedup-low'])).toBeGreaterThan(1)
  })

  test('after the benchmark the optimized library is back at its path', () => {
    expect(result.summary).toContain(`\`${sha256(result.outputs.binaries)}\``)
    const optimizedRow = /\| `target\/[^`]+libhotlib\.so` \| [^|]+ \| `([0-9a-f]{64})` \|/.exec(result.summary)
    expect(optimizedRow?.[1]).toBe(sha256(result.outputs.binaries))
    expect(fs.readdirSync(path.dirname(result.outputs.binaries)).filter(name => name.includes('.pgo-'))).toEqual([])
  })
})

describe('a benchmark that cannot tell its sides apart', () => {
  test('one that loads a copy it made once gives no speedup, and says why', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-cdylib')
    // The first run copies the library it finds; every later run, either side's, loads that one copy.
    const benchmark = 'test -f installed.so || cp target/*/release/libhotlib.so installed.so; python3 score.py 1000 ./installed.so'
    const result = await runStep({ job, workspace, inputs: { workload: 'python3 score.py 1000', benchmark, cache: 'false' } })
    expectSuccess(result)
    expect(result.outputs.speedup).toBeUndefined()
    expect(result.outputs['speedup-verdict']).toBeUndefined()
    expect(stageRow(result, 'Benchmark')).toMatch(
      /⚠️ \| Benchmark \| no verdict: the benchmark could not tell its sides apart: both sides loaded the same libhotlib\.so/
    )
    expect(readable(result.summary)).toContain('**No speedup:** the benchmark (`' + benchmark + '`) could not tell its sides apart')
    expect(warnings(result)).toContain('No speedup is given: the benchmark could not tell its sides apart')
  })

  test('one that never loads the library gives no speedup; with min-speedup the step fails', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-cdylib')
    const result = await runStep({
      job,
      workspace,
      inputs: { workload: 'python3 score.py 1000', benchmark: 'python3 -c pass', 'min-speedup': '1.05', cache: 'false' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.log).toContain(
      'min-speedup 1.05 cannot be judged: the benchmark could not tell its sides apart: neither side was seen to load libhotlib.so'
    )
  })
})

describe("a benchmark that forges the loader's record", () => {
  test('a record under a process ID the run was not given is set aside, named: no speedup', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-cdylib')
    // Never loads the library, but writes what the loader would have, under process ID 7.
    const benchmark = `python3 -c pass; if [ -n "\${LD_DEBUG_OUTPUT:-}" ]; then printf '         7:\\tcalling init: %s\\n' "$PWD"/target/*/release/libhotlib.so > "$LD_DEBUG_OUTPUT.7"; fi`
    const result = await runStep({ job, workspace, inputs: { workload: 'python3 score.py 1000', benchmark, cache: 'false' } })
    expectSuccess(result)
    expect(result.outputs.speedup).toBeUndefined()
    expect(warnings(result)).toContain(
      "Set aside 1 of the plain side's loader records, which its processes did not write as the loader does: loaded-plain.7: process 7 was not started by the run."
    )
    expect(stageRow(result, 'Benchmark')).toContain('neither side was seen to load libhotlib.so')
  })
})

describe('a C shared library, loaded by a program linked against it without an rpath', () => {
  test('the loader finds it by its soname on LD_LIBRARY_PATH for the workload and for each side of the benchmark, and the optimized one is faster', async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-shared-lib')
    const result = await runStep({
      job,
      workspace,
      inputs: {
        build: 'make',
        binaries: 'libscore.so.1.0\nrunscore',
        workload: 'runscore 3000000',
        benchmark: 'runscore 20000000',
        'benchmark-runs': '20',
        cache: 'false'
      }
    })
    expectSuccess(result)
    expect(stageRow(result, 'Instrumented build')).toContain('1 program and 1 library: libscore.so.1.0, runscore')
    expect(stageRow(result, 'Workloads')).toContain('1 command, 2 raw profiles')
    expect(result.log).toContain('The sides: each side loaded its own libscore.so.1.0')
    expect(result.outputs['speedup-verdict']).toBe('faster')
    expect(Number(result.outputs['speedup-low'])).toBeGreaterThan(1)
  })
})

describe('BOLT and libraries', () => {
  test('if-supported keeps the library a PGO build, with a warning; true fails the step before any build, naming it', async () => {
    const job = createJob()
    const kept = await runStep({
      job,
      workspace: checkout(job, 'rust-cdylib'),
      inputs: { workload: 'python3 score.py 1000', bolt: 'if-supported', cache: 'false' }
    })
    expectSuccess(kept)
    expect(warnings(kept)).toMatch(
      /BOLT leaves out target\/[^/]+\/release\/libhotlib\.so: it is a shared library, and the action runs BOLT's instrumentation on programs only; it stays a PGO build\./
    )
    const refused = await runStep({
      job,
      workspace: checkout(job, 'rust-cdylib', 'refused'),
      inputs: { workload: 'python3 score.py 1000', bolt: 'true', cache: 'false' }
    })
    expect(refused.exitCode).toBe(1)
    expect(failureMessage(refused)).toContain(
      "bolt true: the build's outputs are shared libraries (libhotlib.so: the workspace has no programs)"
    )
    expect(refused.summary).not.toContain('| Instrumented build |')
  })
})

describe('a program that links the library code statically, beside the shared library', () => {
  test("the benchmark gives the program's verdict, and says that neither side loaded the library", async () => {
    const job = createJob()
    const result = await runStep({
      job,
      workspace: checkout(job, 'c-shared-lib'),
      inputs: {
        build: 'make && $CC $CFLAGS -O2 -o runstatic main.c score.c $LDFLAGS',
        binaries: 'libscore.so.1.0\nrunstatic',
        workload: 'runstatic 1000000',
        benchmark: 'runstatic 5000000',
        'benchmark-runs': '6',
        cache: 'false'
      }
    })
    expectSuccess(result)
    expect(result.summary).toContain(
      '- Each side its own build: each side runs its own programs, first on PATH and at the paths the build wrote; neither side loaded libscore.so.1.0, so the speedup does not measure it.'
    )
    expect(result.outputs['speedup-verdict']).toMatch(/^(faster|slower|no significant difference)$/)
  })
})
