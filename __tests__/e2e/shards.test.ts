// Profiles from many places, through dist/: workload lines run at a time,
// a matrix of collect steps merged by a fan-in step over the real
// @actions/artifact and the local artifact service, several profile files
// with weights, and a merge that survives an unreadable raw profile.
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { LocalActionsServices } from '../support/actions-services'
import { createJob, REPO_ROOT, runStep, type Job, type StepResult } from '../support/runner'
import { capture, profileFunctions, rustLlvmProfdata } from '../support/tools'
import { runToolkitScript } from '../support/toolkit-script'
import { actionSteps } from '../support/workflow'
import { checkout, expectSuccess, failureMessage, stageRow, warnings } from '../support/workspace'

const CLANG_PROFDATA = '/usr/lib/llvm-22/bin/llvm-profdata'

/** Each function's counts, the way llvm-profdata shows them: the fingerprint of what a profile says. */
function counts(profdata: string, profile: string): Record<string, string> {
  const functions: Record<string, string> = {}
  let current = ''
  for (const line of capture(profdata, ['show', '--all-functions', '--counts', profile]).split('\n')) {
    const header = /^ {2}(\S.*):$/.exec(line)
    if (header) current = header[1]
    const values = /^ {4}(?:Function count|Block counts): (.*)$/.exec(line)
    if (values && current) functions[current] = `${functions[current] ?? ''} ${values[1]}`.trim()
  }
  return functions
}

describe('workload lines run at a time', () => {
  test("each line's output comes out whole, in line order, with its time; every line's profiles count", async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    // The first line is the slowest: it finishes last, and its output still comes first. Each line prints
    // what its command does not spell out ($((…)) is worked out by bash), so only its output matches.
    const workload = [
      'sleep 1; echo "first-$((1+1))"; hotloop 30; echo "first-$((2+2))"',
      'echo "second-$((1+1))"; hotloop 5; echo "second-$((2+2))"',
      'echo "third-$((1+1))"; hotloop 5; echo "third-$((2+2))"'
    ].join('\n')
    const result = await runStep({ job, workspace, inputs: { workload, 'workload-jobs': '3', cache: 'false' } })
    expectSuccess(result)
    const log = result.log.slice(result.log.indexOf('Running the 3 workload lines 3 at a time'))
    const order = [
      '▶ Workload 1 of 3',
      'first-2',
      'first-4',
      'Workload 1 took',
      '▶ Workload 2 of 3',
      'second-2',
      'second-4',
      'Workload 2 took',
      '▶ Workload 3 of 3',
      'third-2',
      'third-4'
    ]
    const positions = order.map(text => log.indexOf(text))
    expect(positions.every(position => position >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(log).toMatch(/Workload 1 took [\d.]+ s and wrote 1 raw profile\./)
    expect(stageRow(result, 'Workloads')).toMatch(/3 commands \(3 at a time\), 3 raw profiles/)
  })

  test('a failing line fails the step, naming it; the lines already running finish, and no new line starts', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const marker = path.join(job.root, 'ran')
    const workload = [
      `sleep 1; hotloop 5; echo 1 >> '${marker}'`,
      'echo "broken input" >&2; exit 7',
      `echo 3 >> '${marker}'`,
      `echo 4 >> '${marker}'`
    ].join('\n')
    const result = await runStep({ job, workspace, inputs: { workload, 'workload-jobs': '2', cache: 'false' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain('Workload 2 of 4 failed: `echo "broken input" >&2; exit 7` exited with code 7')
    expect(failureMessage(result)).toContain('broken input')
    // Line 1 was running when line 2 failed: it finished. Line 3 may have started beside it; line 4 never did.
    const ran = fs.readFileSync(marker, 'utf8').trim().split('\n')
    expect(ran).toContain('1')
    expect(ran).not.toContain('4')
    expect(result.log).toMatch(/Workloads? [34](–4)? did not start: a workload failed\./)
  })
})

/** Runs a workflow's `uses: ./` steps in one run of the local services, each job on a runner of its own. */
async function runWorkflow(file: string, workspaceOf: (job: Job) => string, services: LocalActionsServices): Promise<StepResult[]> {
  const results: StepResult[] = []
  for (const step of actionSteps(file)) {
    const job = createJob()
    results.push(
      await runStep({ job, workspace: workspaceOf(job), inputs: step.inputs, env: services.env(), stepId: step.stepId, runId: '777' })
    )
  }
  return results
}

describe('a matrix collects, one job merges and builds (.github/workflows/shards.yml)', () => {
  let services: LocalActionsServices
  let results: StepResult[]

  beforeAll(async () => {
    services = await LocalActionsServices.start()
    // Every job checks the repository out at the same path, as hosted runners do.
    const workspaceOf = (job: Job) => {
      const workspace = path.join(job.root, 'repo')
      fs.mkdirSync(workspace)
      fs.cpSync(path.join(REPO_ROOT, 'example'), path.join(workspace, 'example'), {
        recursive: true,
        filter: source => !source.endsWith(`${path.sep}target`)
      })
      return workspace
    }
    results = await runWorkflow(path.join(REPO_ROOT, '.github', 'workflows', 'shards.yml'), workspaceOf, services)
  })
  afterAll(() => services.stop())

  test('three collect steps each upload their profile and its manifest, and build nothing else', () => {
    const collects = results.slice(0, 3)
    for (const [index, result] of collects.entries()) {
      expectSuccess(result)
      expect(stageRow(result, 'Upload shard')).toMatch(new RegExp(`\\| ✅ \\| Upload shard \\| pgo-shard-${index}: [0-9a-f]{12}…`))
      expect(result.summary).not.toContain('| Optimized build |')
      expect(result.outputs['profile-hash']).toMatch(/^[0-9a-f]{64}$/)
      expect(result.outputs['artifact-id']).toMatch(/^\d+$/)
    }
    expect(
      services
        .artifacts()
        .map(artifact => artifact.name)
        .sort()
    ).toEqual(['pgo-shard-0', 'pgo-shard-1', 'pgo-shard-2'])
  })

  test('the fan-in merges the three shards and builds the optimized program with them', () => {
    const fanIn = results[3]
    expectSuccess(fanIn)
    expect(stageRow(fanIn, 'Gather shards')).toContain('3 shards (pgo-shard-*), merged: pgo-shard-0, pgo-shard-1, pgo-shard-2')
    expect(fanIn.summary).toMatch(/\| `pgo-shard-0` \| [\d.]+ KiB \| 1 \| [\d.]+% \|/)
    expect(stageRow(fanIn, 'Optimized build')).toContain('0 functions without profile data')
    expect(stageRow(fanIn, 'Save profile')).toContain('saved as pgo-v2-')
    expect(capture(fanIn.outputs.binaries, ['--rows', '1000', 'price > 150'])).toMatch(/^\d+ rows, price sum /)
  })
})

/** The shards of a deterministic workload, merged, count what one job running every line counts. */
async function expectShardsToEqualOneJob(
  fixture: string,
  inputs: Record<string, string>,
  lines: string[],
  profdata: string
): Promise<void> {
  const services = await LocalActionsServices.start()
  try {
    const workspaceOf = (job: Job) => checkout(job, fixture, 'repo')
    for (const [index, line] of lines.entries()) {
      const job = createJob()
      expectSuccess(
        await runStep({
          job,
          workspace: workspaceOf(job),
          inputs: { ...inputs, mode: 'collect', workload: line, 'upload-artifact': `shard-${index}` },
          env: services.env(),
          runId: '5'
        })
      )
    }
    const fanJob = createJob()
    const fanIn = await runStep({
      job: fanJob,
      workspace: workspaceOf(fanJob),
      inputs: { ...inputs, 'profile-artifacts': 'shard-*', 'profile-shards': String(lines.length), cache: 'false' },
      env: services.env(),
      runId: '5'
    })
    expectSuccess(fanIn)
    const oneJob = createJob()
    const single = await runStep({
      job: oneJob,
      workspace: workspaceOf(oneJob),
      inputs: { ...inputs, workload: lines.join('\n'), cache: 'false' }
    })
    expectSuccess(single)
    const sharded = counts(profdata, fanIn.outputs['profile-path'])
    expect(Object.keys(sharded).length).toBeGreaterThan(2)
    expect(sharded).toEqual(counts(profdata, single.outputs['profile-path']))
  } finally {
    await services.stop()
  }
}

describe('merged shards count what one job counts', () => {
  test('Rust', async () => {
    await expectShardsToEqualOneJob('rust-hot', {}, ['hotloop 10', 'hotloop 25', 'hotloop 40'], rustLlvmProfdata())
  })

  test('C with make', async () => {
    await expectShardsToEqualOneJob(
      'c-make',
      { build: 'make', binaries: 'textstat' },
      ['textstat 20', 'textstat 35', 'textstat 50'],
      CLANG_PROFDATA
    )
  })
})

describe('shards that do not fit are refused', () => {
  let services: LocalActionsServices
  const collect = (job: Job, inputs: Record<string, string>) =>
    runStep({ job, workspace: checkout(job, 'rust-hot', 'repo'), inputs: { mode: 'collect', ...inputs }, env: services.env(), runId: '9' })
  const fanIn = (job: Job, inputs: Record<string, string>) =>
    runStep({ job, workspace: checkout(job, 'rust-hot', 'repo'), inputs: { cache: 'false', ...inputs }, env: services.env(), runId: '9' })

  beforeAll(async () => {
    services = await LocalActionsServices.start()
    expectSuccess(await collect(createJob(), { workload: 'hotloop 10', 'upload-artifact': 'shard-a' }))
    // Another build of the program: the same workload, other cargo flags.
    expectSuccess(await collect(createJob(), { workload: 'hotloop 10', build: 'cargo build --release -j 2', 'upload-artifact': 'odd-b' }))
  })
  afterAll(() => services.stop())

  test('a shard of another build, naming the shard, the field and both values', async () => {
    const result = await fanIn(createJob(), { 'profile-artifacts': '*' })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(
      /The shard odd-b was not made for this build: build \(working-directory, build, binaries\): the shard has [0-9a-f]{16}, this step [0-9a-f]{16}\./
    )
    expect(result.summary).not.toContain('| Optimized build |')
  })

  test('a missing shard, when the workflow says how many it expects', async () => {
    const result = await fanIn(createJob(), { 'profile-artifacts': 'shard-*', 'profile-shards': '3' })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain(
      "profile-artifacts 'shard-*' found 1 shard (shard-a), and profile-shards expects 3: a collect job failed or uploaded under another name."
    )
  })

  /** The manifest and profile shard-a's collect step uploaded, from its own directory. */
  function collectedShard(job: Job): { manifest: Record<string, unknown>; profile: string } {
    const manifestFile = fs.readdirSync(job.runnerTemp, { recursive: true, encoding: 'utf8' }).find(file => file.endsWith('pgo-shard.json'))
    if (!manifestFile) throw new Error('the collect step left no pgo-shard.json')
    const manifest = JSON.parse(fs.readFileSync(path.join(job.runnerTemp, manifestFile), 'utf8')) as Record<string, unknown>
    return { manifest, profile: path.join(job.runnerTemp, path.dirname(manifestFile), manifest.profile as string) }
  }

  /** Uploads a shard of the test's making, as a collect job of the same run could: a manifest and a profile. */
  async function uploadForged(job: Job, name: string, manifest: Record<string, unknown>, profileBytes: Buffer): Promise<void> {
    const dir = path.join(job.root, name)
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, manifest.profile as string), profileBytes)
    fs.writeFileSync(path.join(dir, 'pgo-shard.json'), JSON.stringify(manifest))
    const files = [path.join(dir, manifest.profile as string), path.join(dir, 'pgo-shard.json')]
    const upload = await runToolkitScript(
      'artifact',
      `return await artifact.uploadArtifact(${JSON.stringify(name)}, ${JSON.stringify(files)}, ${JSON.stringify(dir)})`,
      {
        cwd: dir,
        scratchDir: job.root,
        env: { PATH: process.env.PATH ?? '', HOME: job.root, GITHUB_WORKSPACE: dir, GITHUB_RUN_ID: '9', ...services.env() }
      }
    )
    expect(upload.thrown).toBeUndefined()
  }

  test('a shard of another compiler version: refused before merging, naming both versions', async () => {
    const job = createJob()
    expectSuccess(await collect(job, { workload: 'hotloop 10', 'upload-artifact': 'real-c' }))
    const { manifest, profile } = collectedShard(job)
    await uploadForged(
      job,
      'older-d',
      { ...manifest, profileFormat: 'llvm21', compiler: 'rustc 1.90.0 (LLVM 21.1.8)' },
      fs.readFileSync(profile)
    )
    const result = await fanIn(createJob(), { 'profile-artifacts': 'older-d' })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(
      /The shard older-d was not made for this build: profile format: the shard has llvm21 \(rustc 1\.90\.0 \(LLVM 21\.1\.8\)\), this step llvm22 \(rustc 1\.\d+\.\d+ \(LLVM 22\.\d+\.\d+\)\)\./
    )
  })

  test('a shard whose manifest fits but whose profile a newer LLVM wrote: refused by the preflight, naming both versions', async () => {
    const job = createJob()
    expectSuccess(await collect(job, { workload: 'hotloop 10', 'upload-artifact': 'real-e' }))
    const { manifest, profile } = collectedShard(job)
    const future = fs.readFileSync(profile)
    future.writeUInt32LE(14, 8)
    const sha256 = crypto.createHash('sha256').update(future).digest('hex')
    await uploadForged(job, 'future-f', { ...manifest, sha256 }, future)
    const result = await fanIn(createJob(), { 'profile-artifacts': 'future-f' })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(
      /it is in indexed profile format version 14, written by an LLVM newer than 22.*rustc 1\.\d+\.\d+ uses LLVM 22\.\d+\.\d+, which reads indexed versions up to 13/s
    )
    expect(result.summary).not.toContain('| Optimized build |')
  })

  test('no matching artifact at all', async () => {
    const result = await fanIn(createJob(), { 'profile-artifacts': 'pgo-shard-*' })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(
      /profile-artifacts 'pgo-shard-\*' matches none of this run's artifacts \((?:[\w-]+, )*shard-a(?:, [\w-]+)*\)\. The collect steps upload their shards with upload-artifact/
    )
  })
})

describe('several profile files, with weights', () => {
  test('merged with their weights by llvm-profdata, each listed with its share of the merged counts', async () => {
    const job = createJob()
    const made = (name: string, workload: string) =>
      runStep({ job, workspace: checkout(job, 'rust-hot', name), inputs: { workload, cache: 'false' }, stepId: name })
    const light = await made('light', 'hotloop 10')
    const heavy = await made('heavy', 'hotloop 40')
    expectSuccess(light)
    expectSuccess(heavy)
    const workspace = checkout(job, 'rust-hot')
    fs.mkdirSync(path.join(workspace, 'profiles'))
    fs.copyFileSync(light.outputs['profile-path'], path.join(workspace, 'profiles', 'light.profdata'))
    fs.copyFileSync(heavy.outputs['profile-path'], path.join(workspace, 'profiles', 'heavy.profdata'))
    const result = await runStep({
      job,
      workspace,
      inputs: { profile: 'profiles/light.profdata 4\nprofiles/heavy.profdata', cache: 'false' }
    })
    expectSuccess(result)
    expect(stageRow(result, 'Restore profile')).toContain('2 profile files, merged')
    // light counts 10 rounds four times over, heavy 40 rounds once: half the merged counts each.
    expect(result.summary).toMatch(/\| `[^`]*light\.profdata` \| [\d.]+ KiB \| 4 \| (?:4[5-9]|5\d)\.\d% \|/)
    expect(result.summary).toMatch(/\| `[^`]*heavy\.profdata` \| [\d.]+ KiB \| 1 \| (4[5-9]|5\d)\.\d% \|/)
    const merged = profileFunctions(rustLlvmProfdata(), result.outputs['profile-path'])
    const lightCounts = profileFunctions(rustLlvmProfdata(), light.outputs['profile-path'])
    const heavyCounts = profileFunctions(rustLlvmProfdata(), heavy.outputs['profile-path'])
    for (const [name, count] of heavyCounts) expect(merged.get(name)).toBe(count + 4 * (lightCounts.get(name) ?? 0))
  })

  test('Go profiles merged by pprof, weighted by repeats: the merged samples are the weighted sum', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-shapes')
    const profiles = path.join(workspace, 'profiles')
    fs.mkdirSync(profiles)
    capture(
      'go',
      ['test', '-run=^$', '-bench=.', '-benchtime=3000x', `-cpuprofile=${path.join(profiles, 'us.pprof')}`, './geometry'],
      workspace
    )
    fs.copyFileSync(path.join(profiles, 'us.pprof'), path.join(profiles, 'eu.pprof'))
    const samples = (file: string) =>
      Number(/of (\d+) total/.exec(capture('go', ['tool', 'pprof', '-sample_index=samples', '-top', '-nodecount=1', file], workspace))?.[1])
    const result = await runStep({ job, workspace, inputs: { profile: 'profiles/us.pprof 3\nprofiles/eu.pprof', cache: 'false' } })
    expectSuccess(result)
    expect(result.summary).toMatch(/\| `[^`]*us\.pprof` \| [\d.]+ (?:B|KiB) \| 3 \| 75\.0% \|/)
    expect(result.summary).toMatch(/\| `[^`]*eu\.pprof` \| [\d.]+ (?:B|KiB) \| 1 \| 25\.0% \|/)
    expect(samples(result.outputs['profile-path'])).toBe(4 * samples(path.join(profiles, 'us.pprof')))
  })
})

describe('a merge that survives an unreadable raw profile', () => {
  test('one truncated raw profile among many: left out, named, and the profile made from the rest', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const lines = Array.from({ length: 12 }, (_, i) => `hotloop ${5 + i}`)
    lines.push('f=$(ls "$PGO_PROFILE_DIR"/w1_*.profraw | head -1); head -c 200 "$f" > "$PGO_PROFILE_DIR/w99_crashed.profraw"')
    const result = await runStep({ job, workspace, inputs: { workload: lines.join('\n'), cache: 'false' } })
    expectSuccess(result)
    expect(warnings(result)).toMatch(
      /1 of the 13 raw profiles \(7\.7%\) could not be read and were left out of the profile: w99_crashed\.profraw \(/
    )
    expect(stageRow(result, 'Merge')).toMatch(/\| ⚠️ \| Merge \| 12 raw → .*1 unreadable raw profile left out \|/)
  })

  test('more than a tenth of them unreadable fails the step, naming them', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const workload =
      'hotloop 5\nhotloop 6\nfor n in 1 2; do head -c 100 "$(ls "$PGO_PROFILE_DIR"/w1_*.profraw | head -1)" > "$PGO_PROFILE_DIR/w9_bad$n.profraw"; done'
    const result = await runStep({ job, workspace, inputs: { workload, cache: 'false' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(
      /2 of the 4 raw profiles \(50\.0%\) could not be read, more than the 10% a merge may leave out: w9_bad1\.profraw \(.*\), w9_bad2\.profraw/
    )
  })
})
