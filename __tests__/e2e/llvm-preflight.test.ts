// Profiles an LLVM cannot read are refused before the tool or the compiler is
// handed them, naming both format versions, both LLVMs and the fix. The real
// tools here also pin down the format versions the action's table records.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep } from '../support/runner'
import { capture, rustLlvmProfdata } from '../support/tools'
import { checkout, failureMessage } from '../support/workspace'

/** Magic and format version (lower 32 bits) of a profile file. */
function profileHeader(file: string): { magic: string; version: number } {
  const head = fs.readFileSync(file).subarray(0, 16)
  return { magic: head.subarray(0, 8).toString('hex'), version: head.readUInt32LE(8) }
}

const RAW_MAGIC = '8172666f72706cff'
const INDEXED_MAGIC = 'ff6c70726f666981'

/** A one-function text profile, turned into an indexed profile by `profdata`. */
function indexedProfile(profdata: string, dir: string): string {
  const text = path.join(dir, 'one.proftext')
  fs.writeFileSync(text, '# IR level Instrumentation Flag\n:ir\nmain\n# Func Hash:\n1\n# Num Counters:\n1\n# Counter Values:\n5\n\n')
  const out = path.join(dir, `${path.basename(path.dirname(path.dirname(profdata)))}.profdata`)
  capture(profdata, ['merge', '-o', out, text])
  return out
}

describe('the format versions the installed LLVMs write', () => {
  const dir = createJob('pgo-formats-').root

  test("rustc's LLVM 22 programs write raw version 10; LLVM 22 tools write indexed 13, LLVM 14's indexed 7", () => {
    const program = path.join(dir, 'hello')
    fs.writeFileSync(`${program}.rs`, 'fn main() { println!("hi"); }\n')
    capture('rustc', ['-O', `-Cprofile-generate=${dir}/raw`, `${program}.rs`, '-o', program])
    capture(program, [], dir, { ...process.env, LLVM_PROFILE_FILE: `${dir}/raw/hello.profraw` })
    expect(profileHeader(`${dir}/raw/hello.profraw`)).toEqual({ magic: RAW_MAGIC, version: 10 })
    expect(profileHeader(indexedProfile(rustLlvmProfdata(), dir))).toEqual({ magic: INDEXED_MAGIC, version: 13 })
    expect(profileHeader(indexedProfile('/usr/lib/llvm-22/bin/llvm-profdata', dir))).toEqual({ magic: INDEXED_MAGIC, version: 13 })
    expect(profileHeader(indexedProfile('/usr/lib/llvm-14/bin/llvm-profdata', dir))).toEqual({ magic: INDEXED_MAGIC, version: 7 })
  })
})

describe('preflight checks', () => {
  test("llvm-version 14 with LLVM 14's tools: the merge is refused before llvm-profdata runs, naming both versions", async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({
      job,
      workspace,
      inputs: { workload: 'hotloop 5', 'llvm-version': '14', 'llvm-tools': '/usr/lib/llvm-14/bin', cache: 'false' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/::warning::llvm-version 14 differs from the compiler's LLVM 22\.\d+\.\d+/)
    const message = failureMessage(result)
    expect(message).toMatch(
      /^llvm-profdata 14\.\d+\.\d+ \(LLVM 14\.\d+\.\d+\) cannot read the workloads' raw profiles: they are in raw profile format version 10 \(written by LLVM 19 to 22 or newer\), and LLVM 14's llvm-profdata reads raw profile format version 8 only\. The programs were built by rustc 1\.\d+\.\d+ \(LLVM 22\.\d+\.\d+\)\./
    )
    expect(message).toContain("Fix: use llvm-profdata from LLVM 22, the compiler's: leave llvm-version at auto (or set it to 22)")
    expect(result.summary).toMatch(/\| ❌ \| Merge \|/)
    // The check ran instead of llvm-profdata: its own terse complaint never appears.
    expect(result.log).not.toContain('unsupported instrumentation profile format version')
  })

  test('a profile file in a newer indexed format than rustc reads is refused before building', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    // A profile from a future LLVM: a real LLVM 22 profile whose header says version 14.
    const made = indexedProfile('/usr/lib/llvm-22/bin/llvm-profdata', job.root)
    const future = path.join(workspace, 'future.profdata')
    const bytes = fs.readFileSync(made)
    bytes.writeUInt32LE(14, 8)
    fs.writeFileSync(future, bytes)

    const result = await runStep({ job, workspace, inputs: { profile: 'future.profdata', mode: 'use' } })
    expect(result.exitCode).toBe(1)
    const message = failureMessage(result)
    expect(message).toContain(
      `The profile ${future} (the file ${future}) cannot be used: it is in indexed profile format version 14, written by an LLVM newer than 22`
    )
    expect(message).toMatch(
      /and rustc 1\.\d+\.\d+ uses LLVM 22\.\d+\.\d+, which reads indexed versions up to 13: the compiler would warn, drop the profile and build without it\./
    )
    expect(message).toContain('Fix: make a new profile with this toolchain (mode generate, without profile or profile-hash)')
    expect(result.summary).toMatch(/\| ❌ \| Restore profile \|/)
    expect(fs.existsSync(path.join(workspace, 'target'))).toBe(false)
  })

  test('the same file with the version rustc reads is used', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    fs.copyFileSync(indexedProfile('/usr/lib/llvm-22/bin/llvm-profdata', job.root), path.join(workspace, 'current.profdata'))
    const result = await runStep({ job, workspace, inputs: { profile: 'current.profdata', mode: 'use' } })
    expect(result.exitCode).toBe(0)
    expect(result.summary).toMatch(/\| ✅ \| Optimized build \|/)
  })
})
