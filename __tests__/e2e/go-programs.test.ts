// toolchain go as a Go user meets it, through dist/, on a module with two
// main packages (cmd/wordfreq and cmd/checksum): -trimpath, CPU-profile
// checks, Go's own words, byte-identical rebuilds from a pinned profile,
// default.pgo reports, files left in the checkout, and the profile's fit.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep, type Job, type StepResult } from '../support/runner'
import { capture, sha256 } from '../support/tools'
import { checkout, expectSuccess, failureMessage, stageRow, stepWorkDir, warnings } from '../support/workspace'

const PROGRAMS = ['bin/checksum', 'bin/wordfreq']
const RUN_BOTH = [
  'wordfreq -rounds 300 -cpuprofile $PGO_PROFILE_DIR/wordfreq.pprof',
  'checksum -rounds 300 -cpuprofile $PGO_PROFILE_DIR/checksum.pprof'
]

/** The sha256 of each program the default build wrote. */
function programHashes(workspace: string): string[] {
  return PROGRAMS.map(program => sha256(path.join(workspace, program)))
}

/** The files of the checkout, but for the programs the build writes into bin/. */
function checkoutFiles(workspace: string): string[] {
  return fs
    .readdirSync(workspace, { recursive: true, encoding: 'utf8' })
    .filter(file => !file.startsWith(`bin${path.sep}`) && file !== 'bin' && fs.statSync(path.join(workspace, file)).isFile())
    .sort()
}

describe('a module with two programs, a stale default.pgo, a heap profile and a go test workload', () => {
  let job: Job
  let workspace: string
  let result: StepResult
  let hashes: string[]
  const staleProfile = fs.readFileSync(path.join(__dirname, '../fixtures/pprof-kinds/cpu.pprof'))

  beforeAll(async () => {
    job = createJob()
    workspace = checkout(job, 'go-tools')
    fs.writeFileSync(path.join(workspace, 'cmd/wordfreq/default.pgo'), staleProfile)
    const workload = [
      `${RUN_BOTH[0]} -memprofile $PGO_PROFILE_DIR/wordfreq.heap`,
      RUN_BOTH[1],
      "go test -run='^$' -bench=. -benchtime=300x -cpuprofile=$PGO_PROFILE_DIR/text.pprof ./internal/text"
    ].join('\n')
    result = await runStep({ job, workspace, inputs: { workload, 'default-pgo': 'true', cache: 'false' } })
    expectSuccess(result)
    hashes = programHashes(workspace)
  })

  test('the profiling build leaves the existing default.pgo out, and says so', () => {
    expect(result.log).toContain('Left out of this build: cmd/wordfreq/default.pgo')
    expect(result.log).toMatch(/Build for profiling[\s\S]*Added to GOFLAGS: -pgo=off/)
  })

  test('the heap profile is named and left out; the CPU profiles are merged', () => {
    expect(warnings(result)).toMatch(
      /Left out of the profile 1 of the workloads' 4 files in \$PGO_PROFILE_DIR: wordfreq\.heap: a heap profile \(alloc_objects\/count, alloc_space\/bytes, inuse_objects\/count, inuse_space\/bytes\), not a CPU profile\./
    )
    expect(stageRow(result, 'Workloads')).toMatch(/3 commands, 3 raw profiles/)
  })

  test("go test's binary left in the checkout is named, with the fix", () => {
    expect(warnings(result)).toMatch(
      /The workloads left go test's binaries in the working directory: text\.test \([\d.]+ MiB\)\..*-o "\$RUNNER_TEMP\/<name>\.test"/
    )
  })

  test('default.pgo: the stale one replaced, naming both hashes; the other written', () => {
    const newHash = result.outputs['profile-hash']
    const oldHash = sha256(path.join(__dirname, '../fixtures/pprof-kinds/cpu.pprof'))
    expect(stageRow(result, 'default.pgo')).toContain(
      `wrote cmd/checksum/default.pgo, replaced cmd/wordfreq/default.pgo (was ${oldHash.slice(0, 12)}…)`
    )
    expect(result.log).toContain(
      `::notice::Replaced cmd/wordfreq/default.pgo: it held the profile sha256 ${oldHash}, and now holds sha256 ${newHash}.`
    )
    expect(sha256(path.join(workspace, 'cmd/checksum/default.pgo'))).toBe(newHash)
  })

  test("the summary gives each program's share of the profile's samples", () => {
    const row = stageRow(result, 'Optimized build')
    const shares = /the profile's samples in their functions: bin\/checksum ([\d.]+)%, bin\/wordfreq ([\d.]+)%/.exec(row)
    expect(shares).not.toBeNull()
    // Each program has the shared code and the runtime, but not the other's main package.
    expect(Number(shares?.[1])).toBeGreaterThan(50)
    expect(Number(shares?.[2])).toBeGreaterThan(50)
  })

  test('a later step pinned to the committed default.pgo builds the same bytes', async () => {
    const pinned = await runStep({ job, workspace, stepId: 'release', inputs: { profile: 'cmd/wordfreq/default.pgo', cache: 'false' } })
    expectSuccess(pinned)
    expect(pinned.outputs['profile-hash']).toBe(result.outputs['profile-hash'])
    expect(programHashes(workspace)).toEqual(hashes)
    expect(stageRow(pinned, 'Optimized build')).toMatch(
      /2 programs, built with the profile \(checked\); the profile's samples in their functions/
    )
  })
})

describe('-trimpath', () => {
  test('in GOFLAGS and in the build command: the profile is confirmed by its name, and a pinned profile rebuilds the same bytes in another checkout', async () => {
    const first = createJob()
    const firstWorkspace = checkout(first, 'go-tools')
    const made = await runStep({
      job: first,
      workspace: firstWorkspace,
      env: { GOFLAGS: '-trimpath' },
      inputs: { workload: RUN_BOTH.join('\n'), cache: 'false' }
    })
    expectSuccess(made)
    expect(made.log).toMatch(/go version -m shows -pgo=pgo-[0-9a-f]{16}\.pprof/)

    const second = createJob()
    const secondWorkspace = checkout(second, 'go-tools', 'elsewhere')
    fs.copyFileSync(made.outputs['profile-path'], path.join(secondWorkspace, 'pinned.pprof'))
    const rebuilt = await runStep({
      job: second,
      workspace: secondWorkspace,
      inputs: { build: 'go build -trimpath -o bin/ ./...', profile: 'pinned.pprof', cache: 'false' }
    })
    expectSuccess(rebuilt)
    expect(programHashes(secondWorkspace)).toEqual(programHashes(firstWorkspace))
  })

  test('a build that really ignores the profile is still caught', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-tools')
    const result = await runStep({
      job,
      workspace,
      inputs: { build: 'go build -pgo=off -o bin/ ./...', workload: RUN_BOTH.join('\n'), cache: 'false' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(
      /bin\/checksum was not built with the profile: go version -m shows no -pgo setting, where the action gave it -pgo=.*pgo-[0-9a-f]{16}\.pprof\./
    )
  })
})

describe("Go's words", () => {
  test('a workload that writes no CPU profile is told how Go writes one; the log lists no LLVM input', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-tools')
    const result = await runStep({ job, workspace, inputs: { workload: 'wordfreq -rounds 3' } })
    expect(result.exitCode).toBe(1)
    const message = failureMessage(result)
    for (const words of ['$PGO_PROFILE_DIR', '-cpuprofile', 'runtime/pprof', 'net/http/pprof']) expect(message).toContain(words)
    expect(message).not.toMatch(/instrumented programs|_exit/)
    expect(warnings(result)).toContain(
      'Workload 1 (wordfreq -rounds 3) wrote no profile: Go writes a CPU profile only where the workload asks for one'
    )
    expect(result.log).not.toMatch(/^llvm-(version|tools):/m)
  })

  test('only a heap profile: refused, naming it', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-tools')
    const result = await runStep({ job, workspace, inputs: { workload: 'wordfreq -rounds 3 -memprofile $PGO_PROFILE_DIR/only.heap' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain(
      "None of the workloads' files in $PGO_PROFILE_DIR can be merged: only.heap: a heap profile (alloc_objects/count"
    )
  })

  test('a heap profile given as profile: refused before any build, naming it', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-tools')
    fs.copyFileSync(path.join(__dirname, '../fixtures/pprof-kinds/heap.pprof'), path.join(workspace, 'prod.pprof'))
    const result = await runStep({ job, workspace, inputs: { profile: 'prod.pprof', cache: 'false' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(
      /the file .*prod\.pprof is not a CPU profile Go's PGO can use: it is a heap profile \(alloc_objects\/count/
    )
    expect(result.summary).not.toMatch(/\| ✅ \| (Plain|Optimized) build \|/)
  })

  test('a profile from a go test of package main is called out; go test -o keeps the checkout as it was', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-tools')
    const before = checkoutFiles(workspace)
    const workload =
      'go test -run=\'^$\' -bench=. -benchtime=3000x -cpuprofile=$PGO_PROFILE_DIR/main.pprof -o "$RUNNER_TEMP/wordfreq.test" ./cmd/wordfreq'
    const result = await runStep({ job, workspace, inputs: { workload, cache: 'false' } })
    expectSuccess(result)
    expect(warnings(result)).toMatch(
      /% of the profile's samples are in functions named example\.com\/tools\/cmd\/wordfreq\.…, which bin\/wordfreq calls main\.…: they come from a go test of package main/
    )
    expect(stageRow(result, 'Optimized build')).toMatch(/^\| ⚠️ \|/)
    expect(checkoutFiles(workspace)).toEqual(before)
  })
})

describe('one profile per program', () => {
  const OWN = [
    'wordfreq -rounds 300 -cpuprofile $PGO_PROFILE_DIR/wordfreq/run.pprof',
    'checksum -rounds 300 -cpuprofile $PGO_PROFILE_DIR/checksum/run.pprof'
  ]

  test("each program is built with its own profile, and the checkout's default.pgo is put back", async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-tools')
    const kept = path.join(workspace, 'cmd/checksum/default.pgo')
    fs.copyFileSync(path.join(__dirname, '../fixtures/pprof-kinds/cpu.pprof'), kept)
    const before = sha256(kept)
    const result = await runStep({ job, workspace, inputs: { workload: OWN.join('\n'), cache: 'false' } })
    expectSuccess(result)
    expect(stageRow(result, 'Workloads')).toMatch(/2 raw profiles \([^)]*\); per program: checksum 1, wordfreq 1/)
    expect(stageRow(result, 'Merge')).toContain('one per program: checksum, wordfreq')
    const shares =
      /2 programs, each built with its own profile \(checked\); the profile's samples in their functions: bin\/checksum ([\d.]+)%, bin\/wordfreq ([\d.]+)%/.exec(
        stageRow(result, 'Optimized build')
      )
    // Each program's own profile is about that program: its functions, inlined ones included, hold nearly all its samples.
    expect(Number(shares?.[1])).toBeGreaterThan(90)
    expect(Number(shares?.[2])).toBeGreaterThan(90)
    expect(warnings(result)).not.toContain('wrote no profile')
    // Go records where each main package's profile was: its own default.pgo, for this build only.
    for (const name of ['checksum', 'wordfreq']) {
      expect(capture('go', ['version', '-m', path.join(workspace, 'bin', name)])).toContain(
        `build\t-pgo=${path.join(workspace, 'cmd', name, 'default.pgo')}`
      )
    }
    const own = (name: string) => sha256(path.join(stepWorkDir(job), 'program-profiles', `${name}.pprof`))
    expect(own('checksum')).not.toBe(own('wordfreq'))
    expect(sha256(kept)).toBe(before)
    expect(fs.existsSync(path.join(workspace, 'cmd/wordfreq/default.pgo'))).toBe(false)
  })

  test('with default-pgo, each main package keeps its own profile', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-tools')
    const result = await runStep({ job, workspace, inputs: { workload: OWN.join('\n'), 'default-pgo': 'true', cache: 'false' } })
    expectSuccess(result)
    expect(stageRow(result, 'default.pgo')).toContain('wrote cmd/checksum/default.pgo, wrote cmd/wordfreq/default.pgo')
    for (const name of ['checksum', 'wordfreq']) {
      expect(sha256(path.join(workspace, 'cmd', name, 'default.pgo'))).toBe(
        sha256(path.join(stepWorkDir(job), 'program-profiles', `${name}.pprof`))
      )
    }
  })

  test('a directory that names no program is refused, naming it and the programs', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-tools')
    const workload = 'mkdir -p $PGO_PROFILE_DIR/wordcount && wordfreq -rounds 100 -cpuprofile $PGO_PROFILE_DIR/wordcount/run.pprof'
    const result = await runStep({ job, workspace, inputs: { workload, cache: 'false' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain('$PGO_PROFILE_DIR/wordcount names no program the build wrote (checksum, wordfreq).')
  })
})
