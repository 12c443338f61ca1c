// benchmark and min-speedup through dist/: a plain build first, then the
// command against each side's programs in turns.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep, type StepResult } from '../support/runner'
import { capture, sha256 } from '../support/tools'
import { checkout, expectSuccess, failureMessage } from '../support/workspace'

/** A benchmark command that also notes which program each side ran, by its hash. */
function recordingBenchmark(program: string, args: string, record: string): string {
  return `${program} ${args} > /dev/null && echo "$PGO_BENCHMARK_SIDE $(sha256sum < "$(command -v ${program})" | cut -c1-64)" >> ${record}`
}

function recordedRuns(record: string): Array<[string, string]> {
  return fs.readFileSync(record, 'utf8').trim().split('\n').map(line => line.split(' ') as [string, string])
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
      inputs: { workload: 'hotloop 100', benchmark: recordingBenchmark('hotloop', '200', record), 'benchmark-runs': '3', cache: 'false' }
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
    expect(result.summary).toMatch(/\| ✅ \| Restore profile \|[^\n]*\n\| ✅ \| Plain build \| 1 program for the baseline: target\/[^|]+\/hotloop \|/)
  })

  test('the speedup output and the summary: medians, min, max, ratio and a chart', () => {
    const speedup = Number(result.outputs.speedup)
    expect(speedup).toBeGreaterThan(0)
    expect(result.outputs.speedup).toMatch(/^\d+\.\d{3}$/)
    expect(result.summary).toContain('### Benchmark')
    expect(result.summary).toMatch(/3 runs on each side in turns, after a warm-up run of each/)
    expect(result.summary).toMatch(/\| Plain build \| [\d.]+ m?s \| [\d.]+ m?s \| [\d.]+ m?s \|/)
    expect(result.summary).toMatch(/\| Optimized build \| [\d.]+ m?s \| [\d.]+ m?s \| [\d.]+ m?s \|/)
    expect(result.summary).toContain(`**Speedup: ${result.outputs.speedup}×**`)
    expect(result.summary).toMatch(/```text\nplain {6}█+[▏▎▍▌▋▊▉]? *[\d.]+ m?s\noptimized {2}█+[▏▎▍▌▋▊▉]? *[\d.]+ m?s\n```/)
  })
})

describe('benchmark failures', () => {
  test('a speedup below min-speedup fails the step, with the numbers in the summary and the output set', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({
      job,
      workspace,
      inputs: { workload: 'hotloop 20', benchmark: 'hotloop 20', 'benchmark-runs': '1', 'min-speedup': '50', cache: 'false' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(/The optimized programs ran [\d.]+× as fast as the plain build .*below min-speedup 50/)
    expect(result.outputs.speedup).toMatch(/^\d+\.\d{3}$/)
    expect(result.summary).toContain('(below min-speedup 50)')
    expect(result.summary).toMatch(/\| ❌ \| Benchmark \|/)
  })

  test('a benchmark command that fails stops the step with its output', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({ job, workspace, inputs: { workload: 'hotloop 20', benchmark: 'hotloop 20 && echo "no such input" >&2 && false', cache: 'false' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(/The benchmark \(plain programs, warm-up\) failed: `hotloop 20 && echo "no such input" >&2 && false` exited with code 1/)
    expect(failureMessage(result)).toContain('no such input')
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
        cache: 'false'
      }
    })
    expectSuccess(result)
    const settings = new Set(fs.readFileSync(record, 'utf8').trim().split('\n'))
    // go version -m records no -pgo setting for a build without a profile.
    expect([...settings].sort()).toEqual([`optimized -pgo=${result.outputs['profile-path']}`, 'plain '])
    expect(capture(result.outputs.binaries, ['-rounds', '1'])).toContain('total')
  })
})
