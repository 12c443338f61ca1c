// Where llvm-profdata comes from, and the refusal of one whose LLVM does not match the compiler's.
import { createJob, runStep } from '../support/runner'
import { checkout, expectSuccess, failureMessage } from '../support/workspace'
import { capture } from '../support/tools'

describe('llvm-tools', () => {
  test("system: the distribution's llvm-profdata-22, matching rustc's LLVM 22", async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({ job, workspace, inputs: { workload: 'hotloop 5', 'llvm-tools': 'system' } })
    expectSuccess(result)
    expect(result.summary).toMatch(/\| ✅ \| LLVM tools \| llvm-profdata 22\.\d+\.\d+ \(system\) \|/)
  })

  test('a directory holding an older llvm-profdata is refused before building, naming both versions', async () => {
    const old = capture('/usr/lib/llvm-14/bin/llvm-profdata', ['merge', '--version'])
    expect(old).toContain('LLVM version 14')
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({ job, workspace, inputs: { workload: 'hotloop 5', 'llvm-tools': '/usr/lib/llvm-14/bin' } })
    expect(result.exitCode).toBe(1)
    const message = failureMessage(result)
    expect(message).toContain('No llvm-profdata from LLVM 22 was found (llvm-tools: /usr/lib/llvm-14/bin)')
    expect(message).toMatch(/rustc 1\.\d+\.\d+ uses LLVM 22\.\d+\.\d+/)
    expect(message).toMatch(/\/usr\/lib\/llvm-14\/bin\/llvm-profdata \(LLVM 14\.\d+\.\d+\)/)
    expect(message).toContain('Fix: `rustup component add llvm-tools`')
    expect(result.log).not.toContain('::group::Instrumented build')
  })
})
