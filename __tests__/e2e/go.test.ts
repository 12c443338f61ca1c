// toolchain go, end to end through dist/: CPU profiles from a benchmark and
// from the program's own flag, merged with pprof, used through -pgo.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep, type StepResult } from '../support/runner'
import { capture, sha256 } from '../support/tools'
import { checkout, expectSuccess, failureMessage, goProfilePath } from '../support/workspace'

const WORKLOAD = [
  "go test -run='^$' -bench=. -benchtime=3000x -cpuprofile=$PGO_PROFILE_DIR/bench.pprof ./geometry",
  'shapes -rounds 3000 -cpuprofile $PGO_PROFILE_DIR/run.pprof'
].join('\n')

describe('a Go program whose hot path calls through an interface', () => {
  const job = createJob()
  const workspace = checkout(job, 'go-shapes')
  let result: StepResult

  beforeAll(async () => {
    result = await runStep({ job, workspace, inputs: { workload: WORKLOAD, 'default-pgo': 'true' } })
    expectSuccess(result)
  })

  test('go.mod makes it toolchain go; the default build puts the program in bin/', () => {
    expect(result.summary).toMatch(/\| ✅ \| Toolchain \| go1\.\d+/)
    expect(result.summary).toMatch(/\| ✅ \| Profile tools \| go tool pprof \(go1\.\d+/)
    expect(result.outputs.binaries).toBe(path.join(workspace, 'bin', 'shapes'))
    expect(result.summary).toMatch(/\| ✅ \| Build for profiling \| 1 program: bin\/shapes \|/)
  })

  test('both workloads profiles were merged, and the hot functions are in the profile', () => {
    expect(result.summary).toMatch(/\| ✅ \| Workloads \| 2 commands, 2 raw profiles/)
    const top = capture('go', ['tool', 'pprof', '-top', '-nodecount=20', result.outputs['profile-path']], workspace)
    expect(top).toMatch(/example\.com\/shapes\/geometry\.TotalArea/)
    expect(result.summary).toMatch(/\| `example\.com\/shapes\/geometry\.TotalArea` \| \d+ \| [\d.]+% \|/)
    expect(result.summary).toMatch(/\| Functions \| \d+ on sampled stacks, \d+ sampled themselves \|/)
  })

  test('the optimized program was built with the profile, as go version -m records', () => {
    const info = capture('go', ['version', '-m', result.outputs.binaries])
    // The profile under a name of its hash, so that where it came from does not change the program's bytes.
    expect(info).toContain(`build\t-pgo=${goProfilePath(job, result.outputs['profile-hash'])}`)
    expect(result.summary).toMatch(
      /\| ✅ \| Optimized build \| 1 program, built with the profile \(checked\); the profile's samples in its functions: 100\.0%; settings: -gcflags none \(default\), GOAMD64 v1 \(default\) \|/
    )
    expect(capture(result.outputs.binaries, ['-rounds', '3'])).toBe('total 1471935.8\n')
  })

  test('default-pgo wrote the profile beside the main package', () => {
    const written = path.join(workspace, 'default.pgo')
    expect(sha256(written)).toBe(result.outputs['profile-hash'])
    expect(result.summary).toMatch(/\| ✅ \| default\.pgo \| wrote default\.pgo \|/)
  })
})

describe('Go errors', () => {
  test('workloads that write no CPU profile fail, saying where profiles go', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-shapes')
    const result = await runStep({ job, workspace, inputs: { workload: 'shapes -rounds 10' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain('The workloads wrote no profiles into')
  })

  test('a Go older than 1.21 is refused, naming its version', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-shapes')
    // A stand-in `go` first on PATH that reports an old release; no older Go is installed here.
    const fakeBin = path.join(job.root, 'old-go')
    fs.mkdirSync(fakeBin)
    fs.writeFileSync(path.join(fakeBin, 'go'), '#!/bin/sh\necho go1.20.14\n', { mode: 0o755 })
    const result = await runStep({ job, workspace, env: { PATH: `${fakeBin}:${process.env.PATH}` }, inputs: { workload: 'shapes' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain(
      'toolchain go needs Go 1.21 or newer, the first release with profile-guided optimization; this is go1.20.14'
    )
  })

  test('default-pgo with another toolchain is refused before any work', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({ job, workspace, inputs: { workload: 'hotloop', 'default-pgo': 'true' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain(
      "default-pgo is Go's way of keeping a profile in the repository; it works with toolchain go, not rust"
    )
  })
})
