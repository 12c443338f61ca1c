// The target the build really uses: cargo's --target in build, where the
// programs land and what the summary says, for a static musl program the
// runner executes natively.
import { execFileSync } from 'node:child_process'
import { createJob, runStep, type StepResult } from '../support/runner'
import { checkout, expectSuccess, failureMessage, readable } from '../support/workspace'

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

test('a --target the action cannot read before the build fails before any build, naming it', async () => {
  const job = createJob()
  const result = await runStep({ job, workspace: checkout(job, 'rust-hot'), inputs: { build: 'cargo build --release --target "$(cat target.txt)"', workload: 'hotloop 1' } })
  expect(result.exitCode).toBe(1)
  expect(failureMessage(result)).toContain('build passes --target $(cat target.txt), which the action cannot read before the build runs')
  expect(result.summary).not.toContain('| Instrumented build |')
})
