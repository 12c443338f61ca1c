// toolchain clang, end to end through dist/: a C program built by make and a
// C++ program built by CMake, both of which keep objects between builds.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep, type StepResult } from '../support/runner'
import { capture, countOf, profileFunctions, sha256 } from '../support/tools'
import { checkout, expectSuccess, failureMessage, groupLog } from '../support/workspace'

const CLANG_PROFDATA = '/usr/lib/llvm-22/bin/llvm-profdata'

describe('C with a Makefile', () => {
  const job = createJob()
  const workspace = checkout(job, 'c-make')
  let result: StepResult

  beforeAll(async () => {
    result = await runStep({
      job,
      workspace,
      inputs: { build: 'make', binaries: 'textstat', workload: 'textstat 200\ntextstat 50' }
    })
    expectSuccess(result)
  })

  test('clang for LLVM 22 is found, and llvm-profdata beside it', () => {
    expect(result.summary).toMatch(/\| ✅ \| Toolchain \| clang 22\.\d+\.\d+ \(CC=\S*clang-22, CXX=\S*clang\+\+-22\) \|/)
    expect(result.summary).toMatch(/\| ✅ \| Profile tools \| llvm-profdata 22\.\d+\.\d+ \(beside clang\) \|/)
  })

  test("the Makefile's own CFLAGS default (-O2) still applies to both builds", () => {
    expect(groupLog(result, 'Instrumented build')).toMatch(/clang-22 -fprofile-generate=\S+ -O2 -c -o tokens\.o tokens\.c/)
    expect(groupLog(result, 'Optimized build')).toMatch(/clang-22 -fprofile-use=\S+ .*-O2 -c -o tokens\.o tokens\.c/)
  })

  test('the profile holds the hot functions, the local one under its file name', () => {
    const functions = profileFunctions(CLANG_PROFDATA, result.outputs['profile-path'])
    expect(countOf(functions, 'textstat_scan')).toBeGreaterThan(1000)
    expect([...functions.keys()]).toContain('tokens.c;textstat_classify')
  })

  test('make compiled everything again for the optimized build, and the program is not the plain build', () => {
    expect(groupLog(result, 'Optimized build')).toContain('Removed 3 files the previous build and workloads created')
    const optimized = result.outputs.binaries
    expect(optimized).toBe(path.join(workspace, 'textstat'))
    const plainDir = path.join(job.root, 'plain')
    fs.cpSync(path.join(__dirname, '..', 'fixtures', 'c-make'), plainDir, { recursive: true })
    capture('make', ['-s', 'CC=clang-22'], plainDir)
    const plain = path.join(plainDir, 'textstat')
    expect(capture(optimized, ['7'])).toBe(capture(plain, ['7']))
    expect(sha256(optimized)).not.toBe(sha256(plain))
  })
})

describe('C++ with CMake', () => {
  const job = createJob()
  const workspace = checkout(job, 'cpp-cmake')
  let result: StepResult

  beforeAll(async () => {
    result = await runStep({
      job,
      workspace,
      inputs: {
        build: 'cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build',
        binaries: 'build/shapes',
        workload: 'shapes 300'
      }
    })
    expectSuccess(result)
  })

  test('the profile holds the hot functions, with readable C++ names in the summary', () => {
    const functions = profileFunctions(CLANG_PROFDATA, result.outputs['profile-path'])
    expect(countOf(functions, 'total_area')).toBeGreaterThan(1000)
    expect(countOf(functions, '6Square4area')).toBeGreaterThan(1000)
    expect(result.summary).toContain('`total_area(')
  })

  test('the build directory was configured and compiled again for the optimized build', () => {
    const optimizedLog = groupLog(result, 'Optimized build')
    expect(optimizedLog).toContain('-- Configuring done')
    expect(optimizedLog).toMatch(/Building CXX object CMakeFiles\/shapes\.dir\/src\/shapes\.cpp\.o/)
    expect(capture(result.outputs.binaries, ['3'])).toBe('total 1471935.8\n')
  })
})

describe('clang errors', () => {
  test('CC that is not clang is refused before building, saying what it is', async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    const result = await runStep({
      job,
      workspace,
      env: { CC: 'gcc' },
      inputs: { build: 'make', binaries: 'textstat', workload: 'textstat' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(/toolchain clang needs clang, but CC is gcc, which says:\ngcc/)
    expect(fs.existsSync(path.join(workspace, 'textstat'))).toBe(false)
  })

  test('a build command that names its own compiler: the error says which compiler built the program, and how to pass CC to make', async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    const result = await runStep({ job, workspace, inputs: { build: 'make CC=gcc', binaries: 'textstat', workload: 'textstat' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(
      /The build ignored the profiling flags: none of textstat is instrumented\. textstat was compiled by GCC: \([^)]*\) \d+\.\d+\.\d+, not by clang \(its \.comment section\)\. /
    )
    expect(failureMessage(result)).toContain(`make CC="$CC" CXX="$CXX"`)
  })

  describe('outputs of a build before the step, which make finds up to date', () => {
    // An earlier step of the job built the program (or a self-hosted runner kept the checkout).
    const builtBefore = (job: ReturnType<typeof createJob>) => {
      const workspace = checkout(job, 'c-make')
      capture('make', ['CC=clang-22'], workspace)
      return { workspace, files: ['textstat', 'main.o', 'tokens.o'].map(name => [name, sha256(path.join(workspace, name))]) }
    }

    test('the instrumented build that compiled nothing is named as such, and nothing of the earlier build is deleted', async () => {
      const job = createJob()
      const { workspace, files } = builtBefore(job)
      const result = await runStep({
        job,
        workspace,
        inputs: { build: 'make', binaries: 'textstat', workload: 'textstat', cache: 'false' }
      })
      expect(result.exitCode).toBe(1)
      expect(failureMessage(result)).toMatch(
        /^The instrumented build wrote none of textstat: it was there before this step, and the build found it up to date, so nothing was compiled with the action's flags\. .*run the step on a clean checkout, or clean in the build command \(make clean && make …/
      )
      expect(result.summary).toMatch(/\| ❌ \| Instrumented build \| The instrumented build wrote none of textstat/)
      expect(files.map(([name]) => [name, sha256(path.join(workspace, name))])).toEqual(files)
    })

    test('so is the optimized build with a given profile, which has no instrumented build before it', async () => {
      const job = createJob()
      const fresh = await runStep({
        job,
        workspace: checkout(job, 'c-make', 'fresh'),
        inputs: { build: 'make', binaries: 'textstat', workload: 'textstat', cache: 'false' }
      })
      expectSuccess(fresh)
      const { workspace } = builtBefore(job)
      fs.copyFileSync(fresh.outputs['profile-path'], path.join(workspace, 'textstat.profdata'))
      const result = await runStep({
        job,
        workspace,
        inputs: { build: 'make', binaries: 'textstat', profile: 'textstat.profdata', cache: 'false' }
      })
      expect(result.exitCode).toBe(1)
      expect(failureMessage(result)).toMatch(
        /^The optimized build wrote none of textstat: it was there before this step, and the build found it up to date/
      )
    })
  })

  test.each([
    ['a $', 'odd$(touch pwned)dir', 'a $'],
    ['a line break', 'odd\ndir', 'a line break']
  ])(
    'clang found on PATH in a directory whose name has %s: refused before any build, naming the path and the character',
    async (_, dirName, said) => {
      const job = createJob()
      const workspace = checkout(job, 'c-make')
      const dir = path.join(job.root, dirName)
      fs.mkdirSync(dir)
      fs.symlinkSync('/usr/lib/llvm-22/bin/clang', path.join(dir, 'clang-22'))
      const result = await runStep({
        job,
        workspace,
        env: { PATH: `${dir}:${process.env.PATH}` },
        inputs: { build: 'make', binaries: 'textstat', workload: 'textstat' }
      })
      expect(result.exitCode).toBe(1)
      const shown = path.join(dir, 'clang-22').replace(/\n/g, '\\n')
      expect(failureMessage(result).startsWith(`The clang found on PATH, ${shown}, has ${said} in its path`)).toBe(true)
      expect(result.log).not.toContain('::group::Instrumented build')
      expect(fs.existsSync(path.join(workspace, 'pwned'))).toBe(false)
    }
  )

  test('binaries that match nothing after the build name the pattern', async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    const result = await runStep({ job, workspace, inputs: { build: 'make', binaries: 'bin/textstat', workload: 'textstat' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain("binaries: 'bin/textstat' matched no file")
  })
})
