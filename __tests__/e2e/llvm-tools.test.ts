// Where llvm-profdata comes from, and the refusal of one whose LLVM does not match the compiler's.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep } from '../support/runner'
import { checkout, expectSuccess, failureMessage } from '../support/workspace'
import { capture } from '../support/tools'

describe('llvm-tools', () => {
  test("system: the distribution's llvm-profdata-22, matching rustc's LLVM 22", async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({ job, workspace, inputs: { workload: 'hotloop 5', 'llvm-tools': 'system' } })
    expectSuccess(result)
    expect(result.summary).toMatch(/\| ✅ \| Profile tools \| llvm-profdata 22\.\d+\.\d+ \(system\) \|/)
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

describe('installing a matching llvm-profdata', () => {
  // The machine's nightly toolchain has no llvm-tools component; the project
  // pins nightly with rust-toolchain.toml, so the action must ask rustc in the
  // working directory and install the component for that toolchain.
  const removeNightlyTools = () => {
    try {
      capture('rustup', ['component', 'remove', '--toolchain', 'nightly', 'llvm-tools'])
    } catch {
      // Not installed: the state the test wants.
    }
  }

  beforeAll(() => {
    const toolchains = capture('rustup', ['toolchain', 'list'])
    if (!/^nightly-/m.test(toolchains)) {
      throw new Error(`This test needs rustup's nightly toolchain (rustup toolchain install nightly); rustup has:\n${toolchains}`)
    }
    removeNightlyTools()
  })
  afterAll(removeNightlyTools)

  test('rustup: the component is added to the toolchain rust-toolchain.toml selects', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    fs.writeFileSync(path.join(workspace, 'rust-toolchain.toml'), '[toolchain]\nchannel = "nightly"\n')
    const result = await runStep({ job, workspace, inputs: { workload: 'hotloop 5', 'llvm-tools': 'rustup' } })
    expectSuccess(result)
    expect(result.summary).toMatch(/\| ✅ \| Toolchain \| rustc 1\.\d+\.\d+-nightly \(LLVM 22\./)
    expect(result.summary).toMatch(/\| ✅ \| Profile tools \| llvm-profdata 22\.\d+\.\d+ \(rustup llvm-tools, installed now\) \|/)
    expect(result.log).toContain('component llvm-tools')
  })
})
