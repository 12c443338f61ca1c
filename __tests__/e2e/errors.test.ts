// Bad input fails at once, before any build, naming the value and the fix;
// a failed build or workload fails the step with the command and its output.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep, type StepResult } from '../support/runner'
import { checkout, failureMessage } from '../support/workspace'

describe('bad inputs fail before any work starts', () => {
  const job = createJob()
  const workspace = checkout(job, 'rust-hot')

  async function attempt(inputs: Record<string, string>): Promise<{ result: StepResult; message: string }> {
    const result = await runStep({ job, workspace, inputs })
    expect(result.exitCode).toBe(1)
    expect(fs.existsSync(path.join(workspace, 'target'))).toBe(false)
    expect(result.summary).toContain('## PGO build failed')
    return { result, message: failureMessage(result) }
  }

  test("maturin's own PGO, asked for by --pgo in build or by MATURIN_PGO, is refused before any build, saying why", async () => {
    const { message } = await attempt({ build: 'maturin build --release --pgo', workload: 'hotloop' })
    expect(message).toContain(
      'build runs maturin with --pgo: maturin would then build an instrumented wheel, run its pgo-command and build again'
    )
    expect(message).toContain('Remove --pgo from build, and give the training as workload: your [tool.maturin] pgo-command')
    const fromEnv = await runStep({
      job,
      workspace,
      inputs: { build: 'maturin build --release', workload: 'hotloop' },
      env: { MATURIN_PGO: 'true' }
    })
    expect(fromEnv.exitCode).toBe(1)
    expect(failureMessage(fromEnv)).toContain('MATURIN_PGO is set ("true") in the step\'s environment')
    expect(fs.existsSync(path.join(workspace, 'target'))).toBe(false)
  })

  test('an unknown toolchain names the value and the choices', async () => {
    const { message } = await attempt({ toolchain: 'rsut', workload: 'hotloop' })
    expect(message).toContain("toolchain 'rsut' is not one of: rust, clang, gcc, go, auto")
  })

  test('an unknown mode names the value and the choices', async () => {
    const { message } = await attempt({ mode: 'always', workload: 'hotloop' })
    expect(message).toContain("mode 'always' is not one of: auto, generate, use")
  })

  test('a missing workload says what to give', async () => {
    const { message } = await attempt({})
    expect(message).toMatch(/workload is required/)
  })

  test('a working-directory that does not exist names it', async () => {
    const { message } = await attempt({ 'working-directory': 'no/such/dir', workload: 'hotloop' })
    expect(message).toContain("working-directory 'no/such/dir' does not exist")
  })

  test('every problem is reported at once', async () => {
    const { message } = await attempt({ mode: 'sometimes', cache: 'yes', 'benchmark-runs': 'many', workload: 'hotloop' })
    expect(message).toContain("mode 'sometimes'")
    expect(message).toContain("cache 'yes' is not a boolean")
    expect(message).toContain("benchmark-runs 'many' is neither auto nor a whole number of pairs")
  })

  test('an llvm-tools directory without llvm-profdata is refused before building, naming where it looked', async () => {
    const empty = fs.mkdtempSync(path.join(job.root, 'empty-tools-'))
    const { message } = await attempt({ 'llvm-tools': empty, workload: 'hotloop' })
    expect(message).toContain('No llvm-profdata from LLVM 22 was found')
    expect(message).toContain(path.join(empty, 'llvm-profdata'))
  })
})

describe('failures while working fail the step with the command and its output', () => {
  test('a workload that exits non-zero', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({ job, workspace, inputs: { workload: 'hotloop 1\necho "about to fail" >&2; exit 3' } })
    expect(result.exitCode).toBe(1)
    const message = failureMessage(result)
    expect(message).toContain('Workload 2 of 2 failed: `echo "about to fail" >&2; exit 3` exited with code 3')
    expect(message).toContain('about to fail')
    expect(result.summary).toMatch(/\| ❌ \| Workloads \|/)
    expect(result.outputs['profile-path']).toBeUndefined()
  })

  test('workloads that never run the instrumented program', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({ job, workspace, inputs: { workload: 'true' } })
    expect(result.exitCode).toBe(1)
    expect(result.log).toContain('::warning::Workload 1 (true) wrote no profile')
    expect(failureMessage(result)).toContain('The workloads wrote no profiles')
    expect(failureMessage(result)).toContain('(hotloop)')
  })

  test('a build that fails', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    fs.appendFileSync(path.join(workspace, 'src', 'main.rs'), '\nfn broken() -> u32 { "not a number" }\n')
    const result = await runStep({ job, workspace, inputs: { workload: 'hotloop' } })
    expect(result.exitCode).toBe(1)
    const message = failureMessage(result)
    expect(message).toContain('The instrumented build failed: `cargo build --release` exited with code 101')
    expect(message).toContain('mismatched types')
    expect(result.summary).toMatch(/\| ❌ \| Instrumented build \|/)
  })

  test('a build command that overrides the profiling flags', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    // A script of the project's that sets the flags itself: the action cannot see it in the build command.
    fs.writeFileSync(path.join(workspace, 'release.sh'), '#!/bin/sh\nexport CARGO_ENCODED_RUSTFLAGS=\nexec cargo build --release\n', {
      mode: 0o755
    })
    const result = await runStep({ job, workspace, inputs: { build: './release.sh', workload: 'hotloop' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain('The build ignored the profiling flags')
  })
})
