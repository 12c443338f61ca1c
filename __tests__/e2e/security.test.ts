// What the action owes a release pipeline it runs in, through dist/: user
// code never sees the runner's service credentials, paths never reach a
// shell unquoted, only the action's own files are deleted, and output or
// processes a command leaves behind never hold the step.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { LocalActionsServices } from '../support/actions-services'
import { createJob, runStep, type Job, type StepResult } from '../support/runner'
import { capture } from '../support/tools'
import { checkout, expectSuccess, failureMessage, goProfilePath, stageRow, stepWorkDir, warnings } from '../support/workspace'

const SERVICE_VARIABLES = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL'
]

/** The variable names in a file `env` wrote. */
function variableNames(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map(line => line.split('=')[0])
}

describe("user code never sees the runner's service credentials", () => {
  let services: LocalActionsServices
  let job: Job
  let result: StepResult
  const envFile = (what: string) => path.join(job.root, `${what}-env.txt`)

  beforeAll(async () => {
    services = await LocalActionsServices.start()
    job = createJob()
    const workspace = checkout(job, 'rust-hot')
    result = await runStep({
      job,
      workspace,
      env: {
        ...services.env(),
        ACTIONS_RUNTIME_URL: 'https://pipelines.example/runtime/',
        ACTIONS_CACHE_URL: 'https://artifactcache.example/',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/oidc'
      },
      inputs: {
        build: `env > '${envFile('build')}' && cargo build --release`,
        workload: `hotloop 5 && env > '${envFile('workload')}'`,
        benchmark: `hotloop 5 > /dev/null && env > '${envFile('benchmark')}'`,
        'benchmark-runs': '1'
      }
    })
    expectSuccess(result)
  })
  afterAll(() => services.stop())

  test.each(['build', 'workload', 'benchmark'])('the %s command has none of them', what => {
    const names = variableNames(envFile(what))
    expect(names).toContain('PATH')
    for (const name of SERVICE_VARIABLES) expect(names).not.toContain(name)
  })

  test('the action itself still reached the cache with them', () => {
    expect(stageRow(result, 'Save profile')).toContain('saved as pgo-v2-')
    expect(services.cacheEntries().length).toBeGreaterThan(0)
  })
})

describe('paths reach the build quoted', () => {
  test("a clang profile path with shell syntax in it is one word to make's shell, and runs nothing", async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    const made = await runStep({ job, workspace, inputs: { build: 'make', binaries: 'textstat', workload: 'textstat 20', cache: 'false' } })
    expectSuccess(made)
    const reused = checkout(job, 'c-make', 'again')
    const hostile = 'p;`touch pwned` \'and\' "quotes".profdata'
    fs.copyFileSync(made.outputs['profile-path'], path.join(reused, hostile))
    const result = await runStep({
      job,
      workspace: reused,
      inputs: { build: 'make', binaries: 'textstat', profile: hostile, cache: 'false' }
    })
    expectSuccess(result)
    expect(fs.existsSync(path.join(reused, 'pwned'))).toBe(false)
    expect(stageRow(result, 'Optimized build')).toContain('0 functions without profile data')

    // make expands a $ inside CC before any quoting applies: such a path is refused before any work.
    const dollar = 'p$(touch pwned).profdata'
    fs.copyFileSync(path.join(reused, hostile), path.join(reused, dollar))
    const refused = await runStep({
      job,
      workspace: reused,
      inputs: { build: 'make', binaries: 'textstat', profile: dollar, cache: 'false' }
    })
    expect(refused.exitCode).toBe(1)
    expect(failureMessage(refused)).toContain(`profile '${dollar}' holds a $ in its path`)
    expect(fs.existsSync(path.join(reused, 'pwned'))).toBe(false)
  })

  describe('a runner directory and a working directory with spaces in their paths', () => {
    // A job directory with a space: RUNNER_TEMP, the profiles and the workspace all have one.
    const job = createJob('pgo job with spaces ')

    test('clang with make', async () => {
      const workspace = checkout(job, 'c-make', 'my c project')
      const result = await runStep({
        job,
        workspace,
        inputs: { build: 'make', binaries: 'textstat', workload: 'textstat 50', cache: 'false' }
      })
      expectSuccess(result)
      expect(result.outputs['profile-path']).toContain(' ')
      expect(stageRow(result, 'Optimized build')).toContain('0 functions without profile data')
    })

    test('rust with cargo', async () => {
      const workspace = checkout(job, 'rust-hot', 'my rust project')
      const result = await runStep({ job, workspace, inputs: { workload: 'hotloop 5', cache: 'false' } })
      expectSuccess(result)
      expect(stageRow(result, 'Optimized build')).toContain('0 functions without profile data')
    })

    test('go, whose GOFLAGS carries the quoted profile path', async () => {
      const workspace = checkout(job, 'go-shapes', 'my go project')
      const result = await runStep({
        job,
        workspace,
        inputs: { workload: 'shapes -rounds 300 -cpuprofile "$PGO_PROFILE_DIR/run.pprof"', cache: 'false' }
      })
      expectSuccess(result)
      // The profile under a name of its hash, in a directory whose path has the runner's spaces.
      const stable = goProfilePath(job, result.outputs['profile-hash'])
      expect(capture('go', ['version', '-m', result.outputs.binaries])).toContain(`-pgo="${stable}"`)
      expect(stageRow(result, 'Optimized build')).toContain('built with the profile (checked)')
    })
  })
})

describe('nothing is deleted that the action did not make', () => {
  test('a working-directory outside the workspace is refused before any work, naming where it leads', async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    const outside = checkout(job, 'c-make', 'outside')
    const result = await runStep({
      job,
      workspace,
      inputs: { 'working-directory': '../outside', build: 'make', binaries: 'textstat', workload: 'textstat' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain(`working-directory '../outside' is outside the workspace: it resolves to ${outside}`)
    expect(fs.existsSync(path.join(outside, 'textstat'))).toBe(false)
  })

  test('so is a link inside the workspace that leads out of it', async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    const outside = checkout(job, 'c-make', 'outside')
    fs.symlinkSync(outside, path.join(workspace, 'linked'))
    const result = await runStep({
      job,
      workspace,
      inputs: { 'working-directory': 'linked', build: 'make', binaries: 'textstat', workload: 'textstat' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain(`working-directory 'linked' is outside the workspace: it resolves to ${outside}`)
  })

  test('a binaries pattern that reaches out of the workspace to a file the build did not write is refused, not BOLTed in place', async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    const outside = path.join(job.root, 'tools', 'helper')
    fs.mkdirSync(path.dirname(outside))
    fs.copyFileSync('/bin/true', outside)
    const before = fs.readFileSync(outside)
    const result = await runStep({
      job,
      workspace,
      inputs: { build: 'make', binaries: `textstat\n${outside}`, workload: 'textstat 20', bolt: 'if-supported', cache: 'false' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain(`binaries matches ${outside}, outside the workspace, and the build did not write it`)
    expect(fs.readFileSync(outside).equals(before)).toBe(true)
  })

  test("RUNNER_TEMP inside the working directory: the clean-up between builds leaves the action's files alone", async () => {
    const base = createJob()
    const workspace = checkout(base, 'c-make')
    const job: Job = { ...base, runnerTemp: path.join(workspace, '_temp') }
    fs.mkdirSync(job.runnerTemp)
    const runnerFile = path.join(job.runnerTemp, 'another-step.txt')
    const result = await runStep({
      job,
      workspace,
      inputs: { build: 'make', binaries: 'textstat', workload: `textstat 20\necho kept > '${runnerFile}'`, cache: 'false' }
    })
    expectSuccess(result)
    expect(fs.existsSync(result.outputs['profile-path'])).toBe(true)
    expect(fs.readFileSync(runnerFile, 'utf8')).toBe('kept\n')
    expect(fs.existsSync(stepWorkDir(job))).toBe(true)
  })
})

describe("clang's profile runtime is checked before any build", () => {
  test('a clang that cannot find it fails at once, naming the file and the package that has it', async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    // A clang whose resource directory is empty: it has no libclang_rt.profile, as clang-22 without libclang-rt-22-dev.
    const cc = path.join(job.root, 'clang-without-runtime')
    fs.writeFileSync(cc, `#!/bin/sh\nexec clang-22 -resource-dir='${path.join(job.root, 'no-resources')}' "$@"\n`, { mode: 0o755 })
    const result = await runStep({
      job,
      workspace,
      env: { CC: cc, CXX: 'clang++-22' },
      inputs: { build: 'make', binaries: 'textstat', workload: 'textstat' }
    })
    expect(result.exitCode).toBe(1)
    const message = failureMessage(result)
    expect(message).toMatch(
      /cannot link a program built with -fprofile-generate: its profile runtime is missing \(the linker looked for \S*no-resources\S*libclang_rt\.profile\S*\)/
    )
    expect(message).toContain('On Debian and Ubuntu it is in the package libclang-rt-22-dev')
    expect(result.log).not.toContain('::group::Instrumented build')
    expect(fs.existsSync(path.join(workspace, 'main.o'))).toBe(false)
  })

  test("Debian's clang-22 without libclang-rt-22-dev: the action installs the package, as it would llvm-22", async () => {
    if (process.getuid?.() !== 0)
      throw new Error('This test removes and reinstalls libclang-rt-22-dev with apt-get: run it as root (CI does).')
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    capture('apt-get', ['remove', '-y', '-q', 'libclang-rt-22-dev'])
    try {
      const result = await runStep({
        job,
        workspace,
        inputs: { build: 'make', binaries: 'textstat', workload: 'textstat 20', cache: 'false' }
      })
      expectSuccess(result)
      expect(result.log).toContain("clang's profile runtime is missing")
      expect(result.log).toContain('Installed libclang-rt-22-dev: clang links programs with profiling counters now.')
    } finally {
      capture('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'libclang-rt-22-dev'], undefined, {
        ...process.env,
        DEBIAN_FRONTEND: 'noninteractive'
      })
    }
  })
})

describe('commands end when their shell does', () => {
  test('a workload that leaves a background process holding its output does not hold the step', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({ job, workspace, inputs: { workload: 'hotloop 5; sleep 45 &', cache: 'false' } })
    expectSuccess(result)
    expect(warnings(result)).toContain('Workload 1 of 1 (`hotloop 5; sleep 45 &`) left processes running that still hold its output')
    expect(result.seconds).toBeLessThan(40)
  })

  test('a line of 30 MB: read in time, and cut short in the error', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({
      job,
      workspace,
      inputs: { workload: "hotloop 5\nhead -c 30000000 /dev/zero | tr '\\0' x; echo; echo done >&2; exit 4", cache: 'false' }
    })
    expect(result.exitCode).toBe(1)
    const message = failureMessage(result)
    expect(message).toContain('Workload 2 of 2 failed')
    expect(message).toContain(`${'x'.repeat(100)} … [29996000 more characters]`)
    expect(message).toContain('done')
    expect(message.length).toBeLessThan(20_000)
  })
})

describe('rustflags a build command sets for itself', () => {
  test('RUSTFLAGS=… cargo build is refused before any work, saying where the flags belong', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({
      job,
      workspace,
      inputs: { build: 'RUSTFLAGS="-Ctarget-cpu=native" cargo build --release', workload: 'hotloop' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain('build sets RUSTFLAGS itself (RUSTFLAGS="-Ctarget-cpu=native" cargo build --release)')
    expect(failureMessage(result)).toContain("Set RUSTFLAGS in the step's env: or the flags in .cargo/config.toml instead")
    expect(fs.existsSync(path.join(workspace, 'target'))).toBe(false)
  })
})

describe('what the action reports is what happened', () => {
  test('a file binaries matches that the build did not write is not reported as optimized', async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    fs.writeFileSync(path.join(workspace, 'textstat-wrapper'), '#!/bin/sh\nexec textstat "$@"\n', { mode: 0o755 })
    const result = await runStep({
      job,
      workspace,
      inputs: { build: 'make', binaries: 'textstat*', workload: 'textstat 20', cache: 'false' }
    })
    expectSuccess(result)
    expect(warnings(result)).toContain('binaries matches textstat-wrapper, which the build did not write')
    expect(result.outputs.binaries).toBe(path.join(workspace, 'textstat'))
    expect(result.summary).not.toContain('`textstat-wrapper`')
  })

  test('a directory named like a raw profile is named in a warning, not an EISDIR', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({
      job,
      workspace,
      inputs: { workload: 'hotloop 5\nmkdir "$PGO_PROFILE_DIR/extra.profraw"', cache: 'false' }
    })
    expectSuccess(result)
    expect(warnings(result)).toContain('PGO_PROFILE_DIR holds extra.profraw, which is not a file: not profiles, so not merged.')
  })

  test('a profile file that is not a profile is refused, naming it', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    fs.writeFileSync(path.join(workspace, 'notes.profdata'), 'these are notes, not counts\n'.repeat(4))
    const result = await runStep({ job, workspace, inputs: { profile: 'notes.profdata' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain(
      `The profile ${path.join(workspace, 'notes.profdata')} (the file ${path.join(workspace, 'notes.profdata')}) is not an LLVM indexed profile`
    )
  })

  test('a file in PGO_PROFILE_DIR that is not a profile is named and left out, before pprof sees it', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-shapes')
    const result = await runStep({
      job,
      workspace,
      inputs: {
        workload: 'shapes -rounds 300 -cpuprofile "$PGO_PROFILE_DIR/run.pprof"\necho "not a profile" > "$PGO_PROFILE_DIR/notes.txt"',
        cache: 'false'
      }
    })
    expectSuccess(result)
    expect(warnings(result)).toContain(
      "Left out of the profile 1 of the workloads' 2 files in $PGO_PROFILE_DIR: notes.txt: not a pprof profile"
    )
  })
})
