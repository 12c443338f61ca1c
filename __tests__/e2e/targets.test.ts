// The target the build really uses: cargo's --target in build, where the
// programs land and what the summary says; a static musl program the
// runner executes natively, and an aarch64 program trained under QEMU.
import { execFileSync } from 'node:child_process'
import * as path from 'node:path'
import { createJob, runStep, type StepResult } from '../support/runner'
import { aarch64ResourceDir } from '../support/cross-runtime'
import { capture } from '../support/tools'
import { checkout, expectSuccess, failureMessage, readable, stageRow, warnings } from '../support/workspace'

const MUSL = 'x86_64-unknown-linux-musl'

describe('a musl build named by --target in build', () => {
  let result: StepResult

  beforeAll(async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    result = await runStep({
      job,
      workspace,
      inputs: { build: `cargo build --release --target ${MUSL}`, workload: 'hotloop 100', benchmark: 'hotloop 300', cache: 'false' }
    })
    expectSuccess(result)
  })

  test('the programs are found where that target writes them, and the log and the summary name the target', () => {
    expect(result.outputs.binaries).toMatch(new RegExp(`/target/${MUSL}/release/hotloop$`))
    expect(result.log).toContain(`Target: ${MUSL}, from --target in build`)
    expect(readable(result.summary)).toContain(`host x86_64-unknown-linux-gnu, target ${MUSL}`)
  })

  test('the optimized program is static, and the profile fits it', () => {
    const headers = execFileSync('readelf', ['--program-headers', '--wide', result.outputs.binaries], { encoding: 'utf8' })
    expect(headers).not.toContain('INTERP')
    expect(readable(result.summary)).toContain('| Fit to the code | 0 functions without profile data, 0 changed since profiling |')
  })

  test('the speedup is measured, and the PGO build is faster', () => {
    expect(result.outputs['speedup-verdict']).toBe('faster')
    expect(Number(result.outputs['speedup-low'])).toBeGreaterThan(1)
  })
})

const I686 = 'i686-unknown-linux-gnu'

describe('an i686 build on an x86-64 runner', () => {
  test('trains natively, linked by the i686 cross compiler on PATH, and is benchmarked here', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({
      job,
      workspace,
      inputs: {
        build: `cargo build --release --target ${I686}`,
        workload: 'hotloop 100',
        benchmark: 'hotloop 200',
        'benchmark-runs': '6',
        cache: 'false'
      }
    })
    expectSuccess(result)
    expect(result.outputs.binaries).toMatch(new RegExp(`/target/${I686}/release/hotloop$`))
    expect(execFileSync('readelf', ['--file-header', result.outputs.binaries], { encoding: 'utf8' })).toMatch(/Class:\s+ELF32/)
    expect(result.log).toContain(
      `Linker for ${I686}: i686-linux-gnu-gcc (CARGO_TARGET_I686_UNKNOWN_LINUX_GNU_LINKER), the cross compiler on PATH`
    )
    expect(result.summary).not.toContain('| Emulator |')
    expect(readable(result.summary)).toContain('| Fit to the code | 0 functions without profile data, 0 changed since profiling |')
    // Runs here, natively: a ratio with its interval. Its sign is not asserted:
    // six pairs of a 32-bit build on a shared runner can land either side of 1.
    expect(stageRow(result, 'Benchmark')).toMatch(
      /\| Benchmark \| [\d.]+× \(95% CI [\d.]+–[\d.]+\): (faster|slower|no significant difference); CPU time/
    )
    expect(result.outputs['speedup-verdict']).toMatch(/^(faster|slower|no significant difference)$/)
  })
})

test('a --target the action cannot read before the build fails before any build, naming it', async () => {
  const job = createJob()
  const result = await runStep({
    job,
    workspace: checkout(job, 'rust-hot'),
    inputs: { build: 'cargo build --release --target "$(cat target.txt)"', workload: 'hotloop 1' }
  })
  expect(result.exitCode).toBe(1)
  expect(failureMessage(result)).toContain('build passes --target $(cat target.txt), which the action cannot read before the build runs')
  expect(result.summary).not.toContain('| Instrumented build |')
})

const AARCH64 = 'aarch64-unknown-linux-gnu'
const SYSROOT = '/usr/aarch64-linux-gnu'

describe('an aarch64 cross build, trained under QEMU', () => {
  const job = createJob()
  const workspace = checkout(job, 'rust-hot')
  let result: StepResult

  beforeAll(async () => {
    result = await runStep({
      job,
      workspace,
      inputs: {
        build: `cargo build --release --target ${AARCH64}`,
        workload: 'hotloop 40',
        benchmark: 'hotloop 40',
        bolt: 'if-supported',
        cache: 'false'
      }
    })
    expectSuccess(result)
  })

  test('the workloads ran the instrumented program under qemu-aarch64, and the log and the summary say so', () => {
    expect(stageRow(result, 'Emulator')).toMatch(
      new RegExp(`${AARCH64}: the workloads run its programs under qemu-aarch64 \\(.+\\), sysroot ${SYSROOT}`)
    )
    expect(stageRow(result, 'Workloads')).toMatch(/1 raw profile .*; emulated: qemu-aarch64/)
    expect(readable(result.summary)).toMatch(new RegExp(`\\*\\*Target:\\*\\* \`${AARCH64}\`, trained under an emulator: qemu-aarch64`))
    expect(result.log).toMatch(/Linker for aarch64-unknown-linux-gnu: aarch64-linux-gnu-gcc/)
  })

  test('the profile fits the trained program: no function without profile data', () => {
    expect(readable(result.summary)).toContain('| Fit to the code | 0 functions without profile data, 0 changed since profiling |')
    expect(execFileSync('readelf', ['--file-header', result.outputs.binaries], { encoding: 'utf8' })).toMatch(/Machine:\s+AArch64/)
  })

  test('the optimized program runs under QEMU and prints what the plain build prints', () => {
    const plainDir = path.join(job.root, 'plain-target')
    capture('cargo', ['build', '--release', '--quiet', '--target', AARCH64, '--target-dir', plainDir], workspace, {
      ...process.env,
      CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER: 'aarch64-linux-gnu-gcc'
    })
    const run = (program: string) => capture('qemu-aarch64', ['-L', SYSROOT, program, '25'])
    expect(run(result.outputs.binaries)).toBe(run(path.join(plainDir, AARCH64, 'release', 'hotloop')))
  })

  test('the benchmark and BOLT are refused: they would time the emulator', () => {
    expect(stageRow(result, 'Benchmark')).toMatch(
      /\| ⏭️ \| Benchmark \| aarch64-unknown-linux-gnu programs run here only under an emulator/
    )
    expect(result.outputs.speedup).toBeUndefined()
    expect(warnings(result)).toMatch(
      /Benchmark is skipped: aarch64-unknown-linux-gnu programs run here only under an emulator, so a benchmark would time the emulator rather than aarch64 hardware: the speedup is measured on a runner of that architecture/
    )
    expect(warnings(result)).toMatch(/BOLT is skipped: /)
    expect(result.summary).not.toContain('| Plain build |')
  })
})

describe('C with clang --target for aarch64, trained under QEMU', () => {
  const job = createJob()
  const workspace = checkout(job, 'c-make')
  let result: StepResult
  let cc: string

  beforeAll(async () => {
    cc = `clang-22 --target=aarch64-linux-gnu -resource-dir ${aarch64ResourceDir('clang-22', job.root)}`
    const inputs = { toolchain: 'clang', build: 'make', binaries: 'textstat', workload: 'textstat 50', cache: 'false' }
    result = await runStep({ job, workspace, inputs, env: { CC: cc, CXX: cc.replace('clang-22', 'clang++-22') } })
    expectSuccess(result)
  })

  test('the workloads ran it under qemu-aarch64; the profile fits; it prints what a plain build prints', () => {
    expect(stageRow(result, 'Emulator')).toMatch(/aarch64-linux-gnu: the workloads run its programs under qemu-aarch64/)
    expect(readable(result.summary)).toContain('| Fit to the code | 0 functions without profile data, 0 changed since profiling |')
    expect(execFileSync('readelf', ['--file-header', result.outputs.binaries], { encoding: 'utf8' })).toMatch(/Machine:\s+AArch64/)
    const plain = path.join(job.root, 'textstat-plain')
    const sources = ['main.c', 'tokens.c'].map(file => path.join(workspace, file))
    execFileSync('sh', ['-c', `${cc} -O2 -o '${plain}' ${sources.map(file => `'${file}'`).join(' ')}`])
    const run = (program: string) => capture('qemu-aarch64', ['-L', SYSROOT, program, '20'])
    expect(run(result.outputs.binaries)).toBe(run(plain))
  })
})

describe('what a foreign target needs is checked before any build', () => {
  const job = createJob()
  const step = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    runStep({ job, workspace: checkout(job, 'rust-hot'), inputs: { workload: 'hotloop 1', cache: 'false', ...inputs }, env })
  const beforeAnyBuild = (result: StepResult) => {
    expect(result.exitCode).toBe(1)
    expect(result.summary).not.toContain('| Instrumented build |')
  }

  test('emulator none', async () => {
    const result = await step({ build: `cargo build --release --target ${AARCH64}`, emulator: 'none' })
    beforeAnyBuild(result)
    expect(failureMessage(result)).toContain(`${AARCH64} programs do not run on this x86-64 runner, and emulator is none`)
  })

  test('a linker that is not installed', async () => {
    const result = await step(
      { build: `cargo build --release --target ${AARCH64}` },
      { CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER: 'aarch64-nowhere-gcc' }
    )
    beforeAnyBuild(result)
    expect(failureMessage(result)).toContain(
      `CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER names the linker aarch64-nowhere-gcc for ${AARCH64}, and it is not installed`
    )
  })

  test('a target rustup has no standard library for', async () => {
    const result = await step({ build: 'cargo build --release --target aarch64-unknown-linux-musl' })
    beforeAnyBuild(result)
    expect(failureMessage(result)).toContain('run rustup target add aarch64-unknown-linux-musl before this step')
  })

  test('a Windows GNU target, whose standard library has no profiler runtime, named before the emulator and standard library checks', async () => {
    const result = await step({ build: 'cargo build --release --target x86_64-pc-windows-gnu' })
    beforeAnyBuild(result)
    expect(failureMessage(result)).toContain(
      'The build targets x86_64-pc-windows-gnu, whose Rust standard library ships no profiler runtime'
    )
    expect(failureMessage(result)).toContain('Build for x86_64-pc-windows-msvc (or x86_64-pc-windows-gnullvm)')
  })

  test("clang for another CPU, without that CPU's profile runtime", async () => {
    const env = { CC: 'clang-22 --target=aarch64-linux-gnu', CXX: 'clang++-22 --target=aarch64-linux-gnu' }
    const inputs = { toolchain: 'clang', build: 'make', binaries: 'textstat', workload: 'textstat 10', cache: 'false' }
    const result = await runStep({ job, workspace: checkout(job, 'c-make'), inputs, env })
    beforeAnyBuild(result)
    expect(stageRow(result, 'Emulator')).toMatch(/aarch64-linux-gnu: the workloads run its programs under qemu-aarch64/)
    expect(failureMessage(result)).toContain(
      'cannot link aarch64-linux-gnu programs built with -fprofile-generate: the profile runtime for that target is missing (the linker looked for /usr/lib/llvm-22/lib/clang/22/lib/aarch64-unknown-linux-gnu/libclang_rt.profile.a)'
    )
    expect(failureMessage(result)).toContain('libclang-rt-22-dev:arm64')
  })

  test('C code through the cc crate, and no C compiler for the target (CROSS_COMPILE names one that is not installed)', async () => {
    const result = await runStep({
      job,
      workspace: checkout(job, 'rust-cc'),
      inputs: { build: `cargo build --release --target ${MUSL}`, workload: 'ccmix 1', cache: 'false' },
      env: { CROSS_COMPILE: 'x86_64-nowhere-linux-musl-' }
    })
    beforeAnyBuild(result)
    expect(failureMessage(result)).toContain(
      `ccmix compiles C for ${MUSL} through the cc crate, which runs x86_64-nowhere-linux-musl-gcc (CROSS_COMPILE is x86_64-nowhere-linux-musl-), and it is not on PATH: set CC_x86_64_unknown_linux_musl to a C compiler for ${MUSL}.`
    )
  })

  test('min-speedup, which an emulated target cannot meet', async () => {
    const result = await step({ build: `cargo build --release --target ${AARCH64}`, benchmark: 'hotloop 1', 'min-speedup': '1.05' })
    beforeAnyBuild(result)
    expect(failureMessage(result)).toContain('min-speedup cannot be judged')
  })
})
