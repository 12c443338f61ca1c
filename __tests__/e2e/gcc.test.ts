// toolchain gcc, end to end through dist/: a C program built by make and a
// C++ program built by CMake, a profile reused in another checkout, a
// changed source with a cached profile, shards, a threaded workload, and
// the refusals.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { LocalActionsServices } from '../support/actions-services'
import { createJob, runStep, type Job, type StepResult } from '../support/runner'
import { capture, sha256 } from '../support/tools'
import { checkout, expectSuccess, failureMessage, groupLog, stageRow } from '../support/workspace'

const MAKE = { toolchain: 'gcc', build: 'make', binaries: 'textstat' }

/**
 * Each counts file's functions and arc counters as gcov-dump shows them:
 * what the workloads did. The header's time stamp and the value profiles
 * (which hold addresses, different in every process) are left out.
 */
function profileCounts(job: Job, profile: string): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(job.root, 'unpacked-'))
  capture('tar', ['-xf', profile, '-C', dir])
  const counts: Record<string, string> = {}
  for (const name of fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.gcda'))
    .sort()) {
    let inArcs = false
    const kept: string[] = []
    for (const line of capture('gcov-dump', ['-l', name], dir).split('\n')) {
      if (/:(FUNCTION|COUNTERS)/.test(line)) inArcs = /COUNTERS arcs/.test(line)
      if (/:FUNCTION/.test(line) || inArcs) kept.push(line)
    }
    counts[name] = kept.join('\n')
  }
  return counts
}

/** The largest counter the log's list of hottest functions gives `name`. */
function hottestCount(result: StepResult, name: string): number {
  const match = new RegExp(`^\\s+([\\d,]+)\\s+${name}(\\(|$)`, 'm').exec(groupLog(result, 'Merge'))
  return match ? Number(match[1].replace(/,/g, '')) : -1
}

describe('C with a Makefile, built by GCC', () => {
  const job = createJob()
  const workspace = checkout(job, 'c-make')
  let result: StepResult

  beforeAll(async () => {
    result = await runStep({ job, workspace, inputs: { ...MAKE, workload: 'textstat 200\ntextstat 50', benchmark: 'textstat 300' } })
    expectSuccess(result)
  })

  test('gcc and the gcov-tool of the same GCC are found', () => {
    expect(result.summary).toMatch(/\| ✅ \| Toolchain \| GCC \d+\.\d+\.\d+ \(CC=\S*gcc, CXX=\S*g\+\+\) \|/)
    expect(result.summary).toMatch(/\| ✅ \| Profile tools \| gcov-tool \d+\.\d+\.\d+ \(\S*gcov-tool\S*\) \|/)
  })

  test("the flags ride in CC, the Makefile's own CFLAGS (-O2) still apply, and each choice is said", () => {
    const instrumented = groupLog(result, 'Instrumented build')
    expect(instrumented).toMatch(
      /gcc -fprofile-generate=\S+ -fprofile-prefix-path=\S+ -fprofile-update=prefer-atomic -ftest-coverage -O2 -c -o tokens\.o tokens\.c/
    )
    expect(instrumented).toContain('-fprofile-update=prefer-atomic: threaded workloads count exactly')
    const optimized = groupLog(result, 'Optimized build')
    expect(optimized).toMatch(
      /gcc -fprofile-use=\S+ -fprofile-prefix-path=\S+ -fprofile-partial-training -Wno-error=coverage-mismatch \S+ -O2 -c -o tokens\.o tokens\.c/
    )
    expect(optimized).toContain('-fprofile-partial-training: code the workloads never ran is optimized as without a profile')
    expect(optimized).toContain('Removed 5 files the previous build and workloads created')
  })

  test("the profile is one archive of the objects' counts and notes, named relative to the checkout", () => {
    const profile = result.outputs['profile-path']
    expect(profile).toMatch(/\.gcda\.tar$/)
    expect(capture('tar', ['-tf', profile]).split('\n').filter(Boolean)).toEqual(['main.gcda', 'main.gcno', 'tokens.gcda', 'tokens.gcno'])
    expect(sha256(profile)).toBe(result.outputs['profile-hash'])
  })

  test('a later line adds its counts to the files an earlier one made, and counts as having written them', () => {
    expect(result.log).toMatch(/Workload 1 took [\d.]+ s and wrote 2 raw profiles\./)
    expect(result.log).toMatch(/Workload 2 took [\d.]+ s and wrote 2 raw profiles\./)
    expect(result.log).not.toContain('wrote no profile')
  })

  test('the hottest functions are named from the notes, with their counts', () => {
    expect(hottestCount(result, 'textstat_scan')).toBeGreaterThan(1000)
    expect(hottestCount(result, 'textstat_classify')).toBeGreaterThan(1000)
    expect(stageRow(result, 'Merge')).toMatch(/functions: 3 of 3 ran/)
  })

  test('the optimized build used the whole profile, and is timed against the plain build', () => {
    expect(stageRow(result, 'Optimized build')).toContain('1 program; 0 functions without profile data, 0 changed since profiling')
    expect(result.outputs.speedup).toMatch(/^\d+\.\d+$/)
    expect(capture(result.outputs.binaries, ['7'])).toMatch(/words/)
  })
})

describe('C++ with CMake, built by GCC', () => {
  const job = createJob()
  const workspace = checkout(job, 'cpp-cmake')
  let result: StepResult

  beforeAll(async () => {
    result = await runStep({
      job,
      workspace,
      inputs: {
        toolchain: 'gcc',
        build: 'cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build',
        binaries: 'build/shapes',
        workload: 'shapes 300'
      }
    })
    expectSuccess(result)
  })

  test("CMake's objects in the build directory give counts named by their path in the checkout", () => {
    const names = capture('tar', ['-tf', result.outputs['profile-path']]).split('\n').filter(Boolean)
    expect(names).toContain('build#CMakeFiles#shapes.dir#src#shapes.cpp.gcda')
    expect(names).toContain('build#CMakeFiles#shapes.dir#src#shapes.cpp.gcno')
  })

  test('the optimized build configured again, found every counts file, and works', () => {
    expect(groupLog(result, 'Optimized build')).toContain('-- Configuring done')
    expect(stageRow(result, 'Optimized build')).toContain('0 functions without profile data, 0 changed since profiling')
    expect(hottestCount(result, 'total_area')).toBeGreaterThan(1000)
    expect(capture(result.outputs.binaries, ['3'])).toBe('total 1471935.8\n')
  })
})

describe('two programs, one of them trained', () => {
  test('the fit is told per program: the notes name the functions of the program no workload ran', async () => {
    const job = createJob()
    const inputs = { toolchain: 'gcc', build: 'make', binaries: 'count\nidle', workload: 'count 2000', cache: 'false' }
    const result = await runStep({ job, workspace: checkout(job, 'c-two-programs'), inputs })
    expectSuccess(result)
    expect(stageRow(result, 'Merge')).toContain('functions: 3 of 6 ran (50.0%)')
    expect(stageRow(result, 'Optimized build')).toContain('no workload ran idle')
    expect(result.summary).toMatch(/\| `count` \| yes \| 3 \| 0 \| 0 \|/)
    expect(result.summary).toMatch(/\| `idle` \| no: not counted against the profile \| 4 \| 0 \| 0 \|/)
  })
})

describe('a GCC profile in another checkout directory', () => {
  let made: StepResult
  let reused: StepResult[]
  let job: Job

  beforeAll(async () => {
    const first = createJob()
    made = await runStep({ job: first, workspace: checkout(first, 'c-make'), inputs: { ...MAKE, workload: 'textstat 100' } })
    expectSuccess(made)
    job = createJob()
    const workspace = checkout(job, 'c-make', 'elsewhere')
    const inputs = { ...MAKE, profile: made.outputs['profile-path'], cache: 'false' }
    reused = [await runStep({ job, workspace, inputs })]
    capture('make', ['clean'], workspace)
    reused.push(await runStep({ job, workspace, inputs }))
    reused.forEach(expectSuccess)
  })

  test('serves the build there whole: every file found, no function stale', () => {
    expect(made.outputs['profile-path']).not.toContain(path.join(job.root, 'elsewhere'))
    expect(stageRow(reused[0], 'Optimized build')).toContain('0 functions without profile data, 0 changed since profiling')
    expect(reused[0].outputs['profile-hash']).toBe(made.outputs['profile-hash'])
  })

  test('the same profile and sources give the same program, byte for byte', () => {
    expect(reused[0].outputs.binaries).toBe(reused[1].outputs.binaries)
    expect(reused[0].log).toMatch(/Optimized: textstat sha256 ([0-9a-f]{64})/)
    const shaOf = (result: StepResult) => /Optimized: textstat sha256 ([0-9a-f]{64})/.exec(result.log)?.[1]
    expect(shaOf(reused[1])).toBe(shaOf(reused[0]))
  })
})

describe('a source changed since the cached profile was made', () => {
  let services: LocalActionsServices
  let second: StepResult

  beforeAll(async () => {
    services = await LocalActionsServices.start()
    const run = async () => {
      const job = createJob()
      const workspace = checkout(job, 'c-make', 'repo')
      return {
        workspace,
        run: () => runStep({ job, workspace, inputs: { ...MAKE, workload: 'textstat 100' }, env: services.env(), runId: '3' })
      }
    }
    const first = await run()
    expectSuccess(await first.run())
    const later = await run()
    const tokens = path.join(later.workspace, 'tokens.c')
    fs.writeFileSync(
      tokens,
      fs
        .readFileSync(tokens, 'utf8')
        .replace('    enum kind previous = SPACE;', '    if (length == 0) return;\n    enum kind previous = SPACE;')
    )
    second = await later.run()
    expectSuccess(second)
  })
  afterAll(() => services.stop())

  test('builds with the cached profile, names the function that changed, and makes a new profile as the staleness rule says', () => {
    expect(stageRow(second, 'Restore profile')).toMatch(/hit, [0-9a-f]{12}…, verified/)
    expect(stageRow(second, 'Optimized build')).toContain('0 functions without profile data, 1 changed since profiling')
    expect(second.log).toMatch(
      /The compiler warned of 1 function .*\(0 without profile data, 1 changed since profiling\).* The first: textstat_scan/
    )
    expect(second.log).not.toMatch(/warning: .*does not match its profile data/)
    expect(second.summary).toContain('The reused profile was stale: 1 function of the optimized build had no matching profile data')
    expect(stageRow(second, 'Optimized build (new profile)')).toContain('0 functions without profile data, 0 changed since profiling')
    expect(second.outputs['cache-hit']).toBe('false')
  })
})

describe('GCC shards', () => {
  test('two collect jobs in their own checkouts, merged by a fan-in, count what one job running both lines counts', async () => {
    const services = await LocalActionsServices.start()
    try {
      const lines = ['textstat 20', 'textstat 45']
      for (const [index, line] of lines.entries()) {
        const job = createJob()
        const collect = await runStep({
          job,
          workspace: checkout(job, 'c-make', 'repo'),
          inputs: { ...MAKE, mode: 'collect', workload: line, 'upload-artifact': `shard-${index}` },
          env: services.env(),
          runId: '5'
        })
        expectSuccess(collect)
      }
      const fanJob = createJob()
      const fanIn = await runStep({
        job: fanJob,
        workspace: checkout(fanJob, 'c-make', 'repo'),
        inputs: { ...MAKE, 'profile-artifacts': 'shard-*', 'profile-shards': '2', cache: 'false' },
        env: services.env(),
        runId: '5'
      })
      expectSuccess(fanIn)
      expect(stageRow(fanIn, 'Optimized build')).toContain('0 functions without profile data, 0 changed since profiling')
      const oneJob = createJob()
      const single = await runStep({
        job: oneJob,
        workspace: checkout(oneJob, 'c-make', 'repo'),
        inputs: { ...MAKE, workload: lines.join('\n'), cache: 'false' }
      })
      expectSuccess(single)
      const merged = profileCounts(fanJob, fanIn.outputs['profile-path'])
      expect(Object.keys(merged)).toEqual(['main.gcda', 'tokens.gcda'])
      expect(merged).toEqual(profileCounts(oneJob, single.outputs['profile-path']))
    } finally {
      await services.stop()
    }
  })
})

/** Each function's arc counters, by counts file and GCC's ident for it. */
function arcCounts(job: Job, profile: string): Map<string, number[]> {
  const arcs = new Map<string, number[]>()
  for (const [file, dump] of Object.entries(profileCounts(job, profile))) {
    let current = ''
    for (const line of dump.split('\n')) {
      const ident = /FUNCTION ident=(\d+)/.exec(line)?.[1]
      if (ident) current = `${file}:${ident}`
      const values = /:\s+\d+:((?: \d+)+)\s*$/.exec(line)?.[1]
      if (values) arcs.set(current, [...(arcs.get(current) ?? []), ...values.trim().split(' ').map(Number)])
    }
  }
  return arcs
}

describe('GCC profiles from several places', () => {
  let job: Job
  let light: StepResult
  let heavy: StepResult

  beforeAll(async () => {
    job = createJob()
    const made = (name: string, workload: string) =>
      runStep({ job, workspace: checkout(job, 'c-make', name), inputs: { ...MAKE, workload, cache: 'false' }, stepId: name })
    light = await made('light', 'textstat 20')
    heavy = await made('heavy', 'textstat 45')
    expectSuccess(light)
    expectSuccess(heavy)
  })

  test('profile files with weights are merged by gcov-tool: each counter is the weighted sum', async () => {
    const workspace = checkout(job, 'c-make', 'weighted')
    fs.mkdirSync(path.join(workspace, 'profiles'))
    fs.copyFileSync(light.outputs['profile-path'], path.join(workspace, 'profiles', 'light.gcda.tar'))
    fs.copyFileSync(heavy.outputs['profile-path'], path.join(workspace, 'profiles', 'heavy.gcda.tar'))
    const inputs = { ...MAKE, profile: 'profiles/light.gcda.tar 3\nprofiles/heavy.gcda.tar', cache: 'false' }
    const result = await runStep({ job, workspace, inputs, stepId: 'weighted' })
    expectSuccess(result)
    expect(stageRow(result, 'Restore profile')).toContain('2 profile files, merged')
    expect(stageRow(result, 'Optimized build')).toContain('0 functions without profile data, 0 changed since profiling')
    const merged = arcCounts(job, result.outputs['profile-path'])
    const lightArcs = arcCounts(job, light.outputs['profile-path'])
    const heavyArcs = arcCounts(job, heavy.outputs['profile-path'])
    expect([...merged.keys()].sort()).toEqual([...heavyArcs.keys()].sort())
    for (const [name, counts] of heavyArcs) expect(merged.get(name)).toEqual(counts.map((count, i) => count + 3 * lightArcs.get(name)![i]))
  })

  test("workload lines run at a time add their counts into the same files, under GCC's lock", async () => {
    const inputs = { ...MAKE, workload: 'textstat 20\ntextstat 45', 'workload-jobs': '2', cache: 'false' }
    const result = await runStep({ job, workspace: checkout(job, 'c-make', 'together'), inputs, stepId: 'together' })
    expectSuccess(result)
    const together = arcCounts(job, result.outputs['profile-path'])
    const lightArcs = arcCounts(job, light.outputs['profile-path'])
    for (const [name, counts] of arcCounts(job, heavy.outputs['profile-path']))
      expect(together.get(name)).toEqual(counts.map((count, i) => count + lightArcs.get(name)![i]))
  })
})

describe('a threaded workload', () => {
  test('four threads running one function at once: every call is counted', async () => {
    const job = createJob()
    const result = await runStep({
      job,
      workspace: checkout(job, 'c-threads'),
      inputs: { toolchain: 'gcc', build: 'make', binaries: 'spin', workload: 'spin 4 1000000' }
    })
    expectSuccess(result)
    // 4 × 1,000,000 calls, of which 4 × 142,858 take the value % 7 == 0 branch: the other edge ran 3,428,568 times.
    expect(hottestCount(result, 'spin_step')).toBe(3428568)
  })
})

describe("BOLT on GCC's program", () => {
  test('gcc links with the relocations kept, and llvm-bolt rewrites the PGO program, which prints what it printed', async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    const result = await runStep({ job, workspace, inputs: { ...MAKE, workload: 'textstat 200', bolt: 'true', cache: 'false' } })
    expectSuccess(result)
    expect(result.log).toContain("llvm-version: auto (22) (BOLT's tools only: the compiler has no LLVM)")
    expect(groupLog(result, 'Optimized build')).toMatch(/gcc -fprofile-use=\S+ .*-Wl,--emit-relocs .*-o textstat main\.o tokens\.o/)
    expect(stageRow(result, 'BOLT tools')).toMatch(/llvm-bolt 22\.\d+\.\d+/)
    expect(stageRow(result, 'BOLT optimize')).toMatch(/\| textstat: taken branches −[\d.]+%/)
    expect(capture('readelf', ['-S', result.outputs.binaries])).toContain('.note.bolt_info')
    expect(capture(result.outputs.binaries, ['7'])).toMatch(/words/)
  })
})

describe('cross GCC builds', () => {
  test('aarch64-linux-gnu-gcc: the workloads run under qemu-aarch64, the profile fits, and the program is for AArch64', async () => {
    const job = createJob()
    const inputs = { ...MAKE, workload: 'textstat 50', cache: 'false' }
    const result = await runStep({
      job,
      workspace: checkout(job, 'c-make'),
      inputs,
      env: { CC: 'aarch64-linux-gnu-gcc', CXX: 'aarch64-linux-gnu-g++' }
    })
    expectSuccess(result)
    expect(stageRow(result, 'Toolchain')).toMatch(
      /GCC \d+\.\d+\.\d+ \(CC=aarch64-linux-gnu-gcc, CXX=aarch64-linux-gnu-g\+\+\), target aarch64-linux-gnu/
    )
    expect(stageRow(result, 'Profile tools')).toContain('aarch64-linux-gnu-gcov-tool')
    expect(stageRow(result, 'Emulator')).toMatch(/aarch64-linux-gnu: the workloads run its programs under qemu-aarch64/)
    expect(stageRow(result, 'Optimized build')).toContain('0 functions without profile data, 0 changed since profiling')
    expect(capture('readelf', ['--file-header', result.outputs.binaries])).toMatch(/Machine:\s+AArch64/)
    expect(capture('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', result.outputs.binaries, '7'])).toMatch(/words/)
  })

  test('i686-linux-gnu-gcc: a 32-bit CPU gets plain counter updates, and the log says why', async () => {
    const job = createJob()
    const inputs = { ...MAKE, workload: 'textstat 50', cache: 'false' }
    const result = await runStep({
      job,
      workspace: checkout(job, 'c-make'),
      inputs,
      env: { CC: 'i686-linux-gnu-gcc', CXX: 'i686-linux-gnu-g++' }
    })
    expectSuccess(result)
    const instrumented = groupLog(result, 'Instrumented build')
    expect(instrumented).toContain(
      '-fprofile-update=single: on i686-linux-gnu, a 32-bit CPU, atomic 64-bit counters slow the workloads many times over'
    )
    expect(stageRow(result, 'Optimized build')).toContain('0 functions without profile data, 0 changed since profiling')
    expect(capture('readelf', ['--file-header', result.outputs.binaries])).toMatch(/Class:\s+ELF32/)
  })
})

describe("a counts file's name, which the workloads choose", () => {
  test('never makes the action read notes outside the build tree', async () => {
    const job = createJob()
    const outside = path.join(job.root, 'outside')
    fs.mkdirSync(outside)
    fs.writeFileSync(path.join(outside, 'secret.gcno'), 'not for the profile')
    // ^ is GCC's name for .., and # for /: this name points at ../outside/secret.gcno from the checkout, which is never read.
    const workload = `textstat 20 && cp "$PGO_PROFILE_DIR/main.gcda" "$PGO_PROFILE_DIR/^#outside#secret.gcda"`
    const result = await runStep({ job, workspace: checkout(job, 'c-make'), inputs: { ...MAKE, workload, cache: 'false' } })
    expectSuccess(result)
    const names = capture('tar', ['-tf', result.outputs['profile-path']]).split('\n').filter(Boolean)
    expect(names).toContain('^#outside#secret.gcda')
    expect(names).not.toContain('^#outside#secret.gcno')
    expect(names).toContain('main.gcno')
  })
})

describe('GCC refusals', () => {
  test('a gcc that is really clang is refused before any build, with the fix', async () => {
    const job = createJob()
    const bin = path.join(job.root, 'bin')
    fs.mkdirSync(bin)
    fs.symlinkSync('/usr/bin/clang-22', path.join(bin, 'gcc'))
    const workspace = checkout(job, 'c-make')
    const result = await runStep({ job, workspace, env: { CC: path.join(bin, 'gcc') }, inputs: { ...MAKE, workload: 'textstat' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(/toolchain gcc needs GCC, but CC is \S+\/bin\/gcc, which is clang: it says ".*clang version 22/)
    expect(failureMessage(result)).toContain('Use toolchain: clang for it, or install GCC')
    expect(fs.existsSync(path.join(workspace, 'textstat'))).toBe(false)
  })

  test('a GCC without its gcov-tool names the package that has it', async () => {
    const job = createJob()
    const bin = path.join(job.root, 'bin')
    fs.mkdirSync(bin)
    const cc = path.join(bin, 'mygcc-7')
    fs.writeFileSync(cc, '#!/bin/sh\nexec gcc "$@"\n', { mode: 0o755 })
    const workspace = checkout(job, 'c-make')
    const result = await runStep({ job, workspace, env: { CC: cc, CXX: 'g++' }, inputs: { ...MAKE, workload: 'textstat' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(
      /GCC \d+\.\d+\.\d+ has no gcov-tool or gcov-dump beside it .*in the package gcc-\d+ \(apt-get install gcc-\d+\)/
    )
    expect(fs.existsSync(path.join(workspace, 'textstat'))).toBe(false)
  })

  test('a Makefile that calls clang: the error says clang compiled the program', async () => {
    const job = createJob()
    const result = await runStep({
      job,
      workspace: checkout(job, 'c-make'),
      inputs: { ...MAKE, build: 'make CC=clang-22', workload: 'textstat' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(
      /The build ignored the profiling flags: none of textstat is instrumented\. textstat was compiled by .*clang version 22.*, not by gcc/
    )
    expect(failureMessage(result)).toContain('make CC="$CC" CXX="$CXX"')
  })

  test('a profile another GCC made is refused before the build, naming both versions', async () => {
    const job = createJob()
    const stamp = Buffer.from('*13B')
    const counts = Buffer.concat([Buffer.from('adcg'), stamp, Buffer.alloc(16)])
    const dir = path.join(job.root, 'foreign')
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, 'main.gcda'), counts)
    const profile = path.join(job.root, 'foreign.gcda.tar')
    capture('tar', ['-cf', profile, '-C', dir, 'main.gcda'])
    const workspace = checkout(job, 'c-make')
    const result = await runStep({ job, workspace, inputs: { ...MAKE, profile, cache: 'false' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(
      /was made by GCC 13\.1 \(main\.gcda\), and GCC \d+\.\d+\.\d+ reads only its own version's counts/
    )
    expect(fs.existsSync(path.join(workspace, 'textstat'))).toBe(false)
  })
})
