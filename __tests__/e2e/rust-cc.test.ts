// A Rust program with a C half compiled by the cc crate (a release that
// passes rustc's profile flags on to clang). With a clang of rustc's LLVM the
// C code is profiled too; with GCC it is built without profile data. (A clang
// of another LLVM is refused before building: that case is in the unit tests,
// since this machine has one clang.) The first build fetches cc from crates.io.
import { createJob, runStep } from '../support/runner'
import { countOf, profileFunctions, rustLlvmProfdata } from '../support/tools'
import { checkout, expectSuccess } from '../support/workspace'

describe('C code compiled through the cc crate', () => {
  test("clang-22, rustc's LLVM major: the C function is in the profile", async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-cc')
    const result = await runStep({ job, workspace, inputs: { workload: 'ccmix 200000', cache: 'false' }, env: { CC: 'clang-22' } })
    expectSuccess(result)
    expect(result.log).toMatch(
      /cc 1\.2\.30 \(Cargo\.lock\) passes rustc's profile flags to clang-22 \(CC\), clang 22\.\d+\.\d+: its LLVM 22 is rustc's, so the C code is profiled and optimized too\./
    )
    const functions = profileFunctions(rustLlvmProfdata(), result.outputs['profile-path'])
    expect(countOf(functions, 'c_checksum')).toBeGreaterThanOrEqual(200000)
    expect(countOf(functions, 'rust_mix')).toBeGreaterThan(0)
  })

  test('GCC: the action says the C code is not profiled, and only Rust functions are in the profile', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-cc')
    const result = await runStep({ job, workspace, inputs: { workload: 'ccmix 200000', cache: 'false' }, env: { CC: 'gcc' } })
    expectSuccess(result)
    expect(result.log).toContain(
      "cc 1.2.30 (Cargo.lock) passes rustc's profile flags only to clang, and the C compiler is gcc (CC): C code the cc crate compiles is built without profile data"
    )
    const functions = profileFunctions(rustLlvmProfdata(), result.outputs['profile-path'])
    expect(countOf(functions, 'c_checksum')).toBeUndefined()
    expect(countOf(functions, 'rust_mix')).toBeGreaterThan(0)
  })
})
