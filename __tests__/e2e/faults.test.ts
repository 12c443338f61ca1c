// What a pull request's code can do to the step, and what a failing service
// can: links planted in the checkout, directories removed or replaced, a
// benchmark that never ends, a parent killed, a service that never answers.
// Each ends in a sentence that says what happened, with nothing lost.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { LocalActionsServices } from '../support/actions-services'
import { createJob, runStep, type Job, type StepResult } from '../support/runner'
import { checkout, expectSuccess, failureMessage, stepWorkDir, warningList, warnings } from '../support/workspace'

const C_PROJECT = { toolchain: 'clang', build: 'make', binaries: 'textstat', cache: 'false' }

function expectFailure(result: StepResult, message: string): void {
  expect(result.exitCode).toBe(1)
  expect(failureMessage(result)).toContain(message)
  expect(result.summary).toContain('## PGO build failed')
  // Never a bare error from Node's file system.
  expect(failureMessage(result)).not.toMatch(/\b(ENOENT|ENOTDIR|EISDIR|EEXIST):/)
}

/** Whether a process still runs: a killed one whose parent died first may stay a zombie where nothing reaps it. */
function isRunning(pid: number): boolean {
  const file = `/proc/${pid}/stat`
  return fs.existsSync(file) && !/^\d+ \(.*\) Z/.test(fs.readFileSync(file, 'utf8'))
}

describe('links in the checkout are never written through', () => {
  const OWN = [
    'wordfreq -rounds 100 -cpuprofile $PGO_PROFILE_DIR/wordfreq/run.pprof',
    'checksum -rounds 100 -cpuprofile $PGO_PROFILE_DIR/checksum/run.pprof'
  ]

  test('default-pgo true with default.pgo linked to a file outside the checkout: refused, naming it, and the file is untouched', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-tools')
    const victim = path.join(job.root, 'victim.txt')
    fs.writeFileSync(victim, 'precious\n')
    fs.symlinkSync(victim, path.join(workspace, 'cmd/wordfreq/default.pgo'))
    const result = await runStep({
      job,
      workspace,
      inputs: { workload: 'wordfreq -rounds 100 -cpuprofile $PGO_PROFILE_DIR/run.pprof', 'default-pgo': 'true', cache: 'false' }
    })
    expectFailure(result, `cmd/wordfreq/default.pgo is a symbolic link (to ${victim})`)
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious\n')
    expect(fs.lstatSync(path.join(workspace, 'cmd/wordfreq/default.pgo')).isSymbolicLink()).toBe(true)
  })

  test('a dangling default.pgo link, with one profile per program: refused, the link kept, nothing written outside', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-tools')
    const outside = path.join(job.root, 'appears.pgo')
    const link = path.join(workspace, 'cmd/checksum/default.pgo')
    fs.symlinkSync(outside, link)
    const result = await runStep({ job, workspace, inputs: { workload: OWN.join('\n'), cache: 'false' } })
    expectFailure(result, 'cmd/checksum/default.pgo is a symbolic link')
    expect(fs.existsSync(outside)).toBe(false)
    expect(fs.readlinkSync(link)).toBe(outside)
  })

  test('a default.pgo that is a directory: a sentence, not EISDIR', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-tools')
    fs.mkdirSync(path.join(workspace, 'cmd/checksum/default.pgo'))
    const result = await runStep({ job, workspace, inputs: { workload: OWN.join('\n'), cache: 'false' } })
    expectFailure(result, 'cmd/checksum/default.pgo is a directory, where the action writes a file')
  })
})

describe('what workloads and builds do to the step', () => {
  const job = createJob()

  test('a workload that removes $PGO_PROFILE_DIR', async () => {
    const workspace = checkout(job, 'c-make', 'removes')
    const result = await runStep({ job, workspace, inputs: { ...C_PROJECT, workload: 'textstat 10 && rm -rf "$PGO_PROFILE_DIR"' } })
    expectFailure(result, 'A workload removed it: $PGO_PROFILE_DIR')
  })

  test('a workload that puts a file in the place of $PGO_PROFILE_DIR', async () => {
    const workspace = checkout(job, 'c-make', 'replaces')
    const result = await runStep({
      job,
      workspace,
      inputs: { ...C_PROJECT, workload: 'textstat 10 && rm -rf "$PGO_PROFILE_DIR" && touch "$PGO_PROFILE_DIR"' }
    })
    expectFailure(result, 'A workload put something other than a directory in its place')
  })

  test('a workload that kills its parent with SIGTERM: a clear error, and the summary is written', async () => {
    const workspace = checkout(job, 'c-make', 'sigterm')
    const result = await runStep({ job, workspace, inputs: { ...C_PROJECT, workload: 'textstat 10 && kill -TERM $PPID && sleep 5' } })
    expectFailure(result, 'The action was stopped by SIGTERM')
    expect(result.summary).toMatch(/\| ✅ \| Instrumented build \|/)
  })

  test('a benchmark side that never ends is stopped at benchmark-budget, with the processes it started', async () => {
    const workspace = checkout(job, 'c-make', 'hangs')
    const pidFile = path.join(job.root, 'sleeper.pid')
    const benchmark = `textstat 10 > /dev/null; if [ "$PGO_BENCHMARK_SIDE" = optimized ]; then sleep 1000 & echo $! > '${pidFile}'; wait; fi`
    const started = Date.now()
    const result = await runStep({ job, workspace, inputs: { ...C_PROJECT, workload: 'textstat 10', benchmark, 'benchmark-budget': '10' } })
    expect((Date.now() - started) / 1000).toBeLessThan(60)
    expectFailure(result, 'The benchmark (optimized programs, warm-up) failed')
    expect(failureMessage(result)).toContain('did not finish within 10 s, and was stopped with every process it started')
    expect(failureMessage(result)).toContain('textstat 10 > /dev/null')
    expect(isRunning(Number(fs.readFileSync(pidFile, 'utf8')))).toBe(false)
  })

  test('a file the build does not write is warned about once, not once a build', async () => {
    const workspace = checkout(job, 'c-make', 'untouched')
    const result = await runStep({ job, workspace, inputs: { ...C_PROJECT, binaries: 'textstat\nMakefile', workload: 'textstat 10' } })
    expectSuccess(result)
    expect(warningList(result).filter(warning => warning.includes('Makefile, which the build did not write'))).toHaveLength(1)
  })

  test('binaries matching many files it did not build names the first few', async () => {
    const workspace = checkout(job, 'c-make', path.join('nested', 'many'))
    for (let i = 0; i < 12; i++) fs.writeFileSync(path.join(job.root, 'nested', `file-${i}`), '')
    const result = await runStep({ job, workspace, inputs: { ...C_PROJECT, binaries: 'textstat\n../*', workload: 'textstat 10' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(/binaries matches (\S+, ){4}\S+ and \d+ more, outside the workspace/)
  })
})

describe('inputs and runner settings that name no work', () => {
  const job = createJob()

  test('binaries with only exclusions is refused before any work', async () => {
    const workspace = checkout(job, 'c-make', 'exclusions')
    const result = await runStep({ job, workspace, inputs: { ...C_PROJECT, binaries: '!textstat', workload: 'textstat 10' } })
    expectFailure(result, "binaries '!textstat' only leaves files out")
    expect(fs.existsSync(path.join(workspace, 'textstat'))).toBe(false)
  })

  test('a binaries pattern of 100,000 characters is refused before any build, naming binaries', async () => {
    const workspace = checkout(job, 'c-make', 'long-pattern')
    const result = await runStep({
      job,
      workspace,
      inputs: { ...C_PROJECT, binaries: `textstat${'*'.repeat(100_000)}`, workload: 'textstat 10' }
    })
    expectFailure(result, 'binaries has a pattern of 100008 characters (textstat*******')
    expect(failureMessage(result)).toContain('longer than any path (4096): give one path or glob a line.')
    expect(fs.existsSync(path.join(workspace, 'textstat'))).toBe(false)
  })

  test('llvm-tools rustup with clang is refused before any work, not replaced by the tools beside clang', async () => {
    const workspace = checkout(job, 'c-make', 'rustup')
    const result = await runStep({ job, workspace, inputs: { ...C_PROJECT, 'llvm-tools': 'rustup', workload: 'textstat 10' } })
    expectFailure(result, 'llvm-tools rustup')
    expect(failureMessage(result)).toContain('not clang')
  })

  test("a step id of '..' is a name: RUNNER_TEMP's other files are kept", async () => {
    const keep = path.join(job.runnerTemp, 'keep.txt')
    const neighbour = path.join(stepWorkDir(job, 'other-step'), 'keep.txt')
    fs.mkdirSync(path.dirname(neighbour), { recursive: true })
    fs.writeFileSync(keep, 'kept')
    fs.writeFileSync(neighbour, 'kept')
    for (const stepId of ['..', '.']) {
      const workspace = checkout(job, 'c-make', `step-${stepId.length}`)
      expectSuccess(await runStep({ job, workspace, stepId, inputs: { ...C_PROJECT, workload: 'textstat 10' } }))
    }
    expect(fs.readFileSync(keep, 'utf8')).toBe('kept')
    expect(fs.readFileSync(neighbour, 'utf8')).toBe('kept')
  })

  test('RUNNER_TEMP that is a file: a sentence naming it', async () => {
    const broken = createJob()
    fs.rmSync(broken.runnerTemp, { recursive: true })
    fs.writeFileSync(broken.runnerTemp, '')
    const workspace = checkout(broken, 'c-make')
    const result = await runStep({ job: broken, workspace, inputs: { ...C_PROJECT, workload: 'textstat 10' } })
    expectFailure(result, `The action cannot make its work directory`)
    expect(failureMessage(result)).toContain(`RUNNER_TEMP (${broken.runnerTemp})`)
  })

  test('a bash earlier on PATH that is a loop of links is passed over, as command -v passes it: the next bash runs the commands', async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    const loop = path.join(job.root, 'loop')
    fs.mkdirSync(loop)
    fs.symlinkSync('bash', path.join(loop, 'bash'))
    const result = await runStep({
      job,
      workspace,
      env: { PATH: `${loop}:${process.env.PATH}` },
      inputs: { ...C_PROJECT, workload: 'textstat 10' }
    })
    expectSuccess(result)
    expect(result.log).toMatch(/Shell for build, workload and benchmark: bash on PATH \((\/usr)?\/bin\/bash\)/)
    expect(result.log).not.toContain('ELOOP')
  })
})

describe('a results service that fails', () => {
  let services: LocalActionsServices
  let job: Job
  beforeEach(async () => {
    services = await LocalActionsServices.start()
    job = createJob()
  })
  afterEach(() => services.stop())

  test('one that accepts and never answers costs one timeout, not one per operation, and the upload is bounded', async () => {
    services.setFault({ kind: 'slow', ms: 600_000 })
    const workspace = checkout(job, 'c-make')
    const started = Date.now()
    const result = await runStep({
      job,
      workspace,
      env: { ...services.env(), PGO_CACHE_TIMEOUT_SECONDS: '3' },
      inputs: { ...C_PROJECT, cache: 'true', workload: 'textstat 10', 'upload-artifact': 'programs' }
    })
    expectSuccess(result)
    expect((Date.now() - started) / 1000).toBeLessThan(45)
    expect(warnings(result)).toContain('the cache did not answer within 3 s')
    expect(warnings(result)).toContain('not asked: the cache service did not answer within 3 s earlier in this step')
    expect(warnings(result)).toContain(
      'Could not upload the artifact programs: not tried: the cache service did not answer within 3 s earlier in this step'
    )
  }, 120_000)

  test('an HTTP 500 when saving is the service failing, not another job', async () => {
    services.setFault({ kind: 'method', method: 'CreateCacheEntry', status: 500 })
    const workspace = checkout(job, 'c-make')
    const result = await runStep({ job, workspace, env: services.env(), inputs: { ...C_PROJECT, cache: 'true', workload: 'textstat 10' } })
    expectSuccess(result)
    expect(warnings(result)).toContain('The profile was not saved to the cache: Failed to save: the cache service failed:')
    expect(warnings(result)).toContain('(500)')
    expect(warnings(result)).not.toContain('another job may be creating this cache')
  }, 120_000)
})
