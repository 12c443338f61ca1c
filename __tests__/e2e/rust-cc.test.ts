// A Rust program with a C half compiled by the cc crate (a release that
// passes rustc's profile flags on to clang). With a clang of rustc's LLVM the
// C code is profiled too; with GCC it is built without profile data; with a
// clang of another LLVM (here a stand-in that says it is Apple's) the action
// keeps the flags from it. The first build fetches cc from crates.io.
import * as fs from 'node:fs'
import * as path from 'node:path'
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

  test("Apple's clang (a stand-in that says so and compiles with clang-22): the flags cc passes on are kept from it, and only Rust is profiled", async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-cc')
    const bin = path.join(job.root, 'apple-cc')
    fs.mkdirSync(bin)
    const compiler = path.join(bin, 'cc-apple')
    fs.writeFileSync(
      compiler,
      [
        '#!/bin/sh',
        'if [ "$1" = --version ]; then printf "Apple clang version 16.0.0 (clang-1600.0.26.6)\\nTarget: x86_64-apple-darwin24.3.0\\n"; exit 0; fi',
        'printf "%s\\n" "$*" >> "$(dirname "$0")/args.log"',
        'exec clang-22 "$@"',
        ''
      ].join('\n'),
      { mode: 0o755 }
    )
    const result = await runStep({ job, workspace, inputs: { workload: 'ccmix 200000', cache: 'false' }, env: { CC: compiler } })
    expectSuccess(result)
    expect(result.log).toContain("is Apple's clang, whose LLVM and profile formats are Apple's own, while rustc")
    expect(result.log).toMatch(/For the cc crate's C compiler: CFLAGS_x86_64-unknown-linux-gnu=-fno-profile-generate -fno-profile-use/)
    // cc passed the flags on, and the keeping ones came after them, in the profiling build and the optimized one.
    const calls = fs
      .readFileSync(path.join(bin, 'args.log'), 'utf8')
      .split('\n')
      .filter(line => line.includes('mix.c'))
    expect(calls.some(line => /-fprofile-generate=\S+ .*-fno-profile-generate -fno-profile-use/.test(line))).toBe(true)
    expect(calls.some(line => /-fprofile-use=\S+ .*-fno-profile-generate -fno-profile-use/.test(line))).toBe(true)
    const functions = profileFunctions(rustLlvmProfdata(), result.outputs['profile-path'])
    expect(countOf(functions, 'c_checksum')).toBeUndefined()
    expect(countOf(functions, 'rust_mix')).toBeGreaterThan(0)
  })
})
