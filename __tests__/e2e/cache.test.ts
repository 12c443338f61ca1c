// Profiles cached by their hash and reused, through dist/ and the real
// @actions/cache against the local cache service.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { LocalActionsServices } from '../support/actions-services'
import { addFileToArchive, flipByteOfFileInArchive, linkFileInArchive, truncateArchive } from '../support/cache-archive'
import { createJob, runStep, type Job, type StepResult } from '../support/runner'
import { sha256 } from '../support/tools'
import { checkout, expectSuccess, failureMessage, readable, stageRow, warnings } from '../support/workspace'

const KEY = /pgo-v2-Linux-X64-rust-llvm22-[0-9a-f]{16}-([0-9a-f]{64})-r\d+\.\d+/

/** A job whose workload leaves a line in a file each time it runs, so tests can tell whether it ran. */
class CachedJob {
  readonly job: Job = createJob()
  readonly marker = path.join(this.job.root, 'workload-runs.log')
  readonly inputs = { workload: `hotloop 30\necho ran >> ${this.marker}` }

  constructor(readonly services: LocalActionsServices) {}

  /** A step on a fresh checkout at the same path, as a later run of the same workflow would have. */
  step(
    inputs: Record<string, string> = this.inputs,
    env: Record<string, string> = {},
    prepare?: (workspace: string) => void,
    job = this.job,
    stepId?: string
  ): Promise<StepResult> {
    const workspace = checkout(job, 'rust-hot')
    prepare?.(workspace)
    return runStep({ job, workspace, inputs, env: { ...this.services.env(), ...env }, stepId })
  }

  workloadRuns(): number {
    return fs.existsSync(this.marker) ? fs.readFileSync(this.marker, 'utf8').trim().split('\n').length : 0
  }
}

describe('a profile made once is reused', () => {
  let services: LocalActionsServices
  let run: CachedJob
  let first: StepResult
  let second: StepResult

  beforeAll(async () => {
    services = await LocalActionsServices.start()
    run = new CachedJob(services)
    first = await run.step()
    expectSuccess(first)
    second = await run.step()
    expectSuccess(second)
  })
  afterAll(() => services.stop())

  test('the first run finds nothing, makes the profile and saves it under a key ending in its hash', () => {
    expect(first.outputs['cache-hit']).toBe('false')
    expect(stageRow(first, 'Restore profile')).toContain('no cached profile for this build and workload')
    const saved = KEY.exec(stageRow(first, 'Save profile'))
    expect(saved?.[1]).toBe(first.outputs['profile-hash'])
    const keys = services.cacheEntries().map(entry => entry.key)
    expect(keys).toEqual(
      expect.arrayContaining([saved?.[0], expect.stringMatching(new RegExp(`^pgo-v2-profile-${first.outputs['profile-hash']}-r\\d+\\.1$`))])
    )
    // The entries hold the directory by its plain name: their version does not depend on the step or the runner's directories.
    expect(new Set(services.cacheEntries().map(entry => entry.version)).size).toBe(1)
  })

  test('the second run, in a fresh checkout, restores it, checks it, and does not run the workload', () => {
    expect(second.outputs['cache-hit']).toBe('true')
    expect(run.workloadRuns()).toBe(1)
    expect(stageRow(second, 'Restore profile')).toMatch(/\| ✅ \| Restore profile \| hit, [0-9a-f]{12}…, verified \|/)
    expect(second.summary).not.toContain('| Instrumented build |')
    expect(second.summary).not.toContain('| Workloads |')
    expect(second.summary).toMatch(/\| Source \| the cache \(key pgo-v2-/)
  })

  test('the same profile builds byte-identical programs, and the summary shows both hashes', () => {
    expect(second.outputs['profile-hash']).toBe(first.outputs['profile-hash'])
    const program = sha256(second.outputs.binaries)
    expect(program).toBe(programHash(first))
    expect(second.summary).toContain(second.outputs['profile-hash'])
    expect(second.summary).toContain(program)
  })

  test('profile-hash restores exactly that profile, even after the workload text changed', async () => {
    const pinned = await run.step({ workload: `hotloop 99\necho ran >> ${run.marker}`, 'profile-hash': first.outputs['profile-hash'] })
    expectSuccess(pinned)
    expect(pinned.outputs['cache-hit']).toBe('true')
    expect(run.workloadRuns()).toBe(1)
    expect(stageRow(pinned, 'Restore profile')).toMatch(/pinned [0-9a-f]{12}…, verified/)
    expect(sha256(pinned.outputs.binaries)).toBe(programHash(first))
    expect(pinned.log).toContain('The profile came with its fit baseline')
  })

  test('a checked-in profile file is used as it is, and needs no workload', async () => {
    const checkedIn = await run.step({ profile: 'pgo/hotloop.profdata' }, {}, workspace => {
      fs.mkdirSync(path.join(workspace, 'pgo'))
      fs.copyFileSync(first.outputs['profile-path'], path.join(workspace, 'pgo', 'hotloop.profdata'))
    })
    expectSuccess(checkedIn)
    expect(checkedIn.outputs['profile-hash']).toBe(first.outputs['profile-hash'])
    expect(checkedIn.outputs['profile-path']).toMatch(/pgo\/hotloop\.profdata$/)
    expect(sha256(checkedIn.outputs.binaries)).toBe(programHash(first))
    expect(checkedIn.summary).toMatch(/\| Source \| the file .*pgo\/hotloop\.profdata \|/)
    expect(checkedIn.outputs['cache-hit']).toBe('false')
    // A file with no baseline beside it is judged without one, and says so.
    expect(readable(checkedIn.summary)).toContain('the profile came without a baseline')
  })

  test('a step with another id, on a runner with other directories, finds the profile by profile-hash and by fingerprint', async () => {
    const elsewhere = createJob('pgo-other-runner-')
    const pinned = await run.step({ 'profile-hash': first.outputs['profile-hash'] }, {}, undefined, elsewhere, 'release')
    expectSuccess(pinned)
    expect(stageRow(pinned, 'Restore profile')).toMatch(/pinned [0-9a-f]{12}…, verified/)
    const auto = await run.step(run.inputs, {}, undefined, createJob('pgo-third-runner-'), 'pgo_build')
    expectSuccess(auto)
    expect(auto.outputs['cache-hit']).toBe('true')
    expect(sha256(auto.outputs.binaries)).toBe(programHash(first))
    expect(run.workloadRuns()).toBe(1)
  })

  test("mode generate runs the workload even with a profile cached, and saves the new one under this run's key", async () => {
    const generated = await run.step({ ...run.inputs, mode: 'generate' })
    expectSuccess(generated)
    expect(generated.outputs['cache-hit']).toBe('false')
    expect(run.workloadRuns()).toBe(2)
    expect(stageRow(generated, 'Restore profile')).toContain('skipped: mode generate')
    expect(generated.outputs['profile-hash']).toBe(first.outputs['profile-hash'])
    expect(stageRow(generated, 'Save profile')).toMatch(/\| ✅ \| Save profile \| saved as pgo-v2-\S+-r\d+\.1 \|/)
    expect(
      warnings(generated)
        .split('\n')
        .filter(line => line !== '' && !line.includes(`Workload 2 (echo ran`))
    ).toEqual([])
  })

  test('a twin job of the same run that saved the same profile first: this one finds it already there', async () => {
    // Hosted runners give every job of a matrix the same directories, so twins build the same programs and profiles.
    const runId = '424242'
    const job = createJob()
    const once = await runStep({
      job,
      workspace: checkout(job, 'rust-hot'),
      inputs: { ...run.inputs, mode: 'generate' },
      env: services.env(),
      runId
    })
    const twice = await runStep({
      job,
      workspace: checkout(job, 'rust-hot'),
      inputs: { ...run.inputs, mode: 'generate' },
      env: services.env(),
      runId
    })
    expectSuccess(once)
    expectSuccess(twice)
    expect(twice.outputs['profile-hash']).toBe(once.outputs['profile-hash'])
    expect(stageRow(twice, 'Save profile')).toMatch(/\| ✅ \| Save profile \| already in the cache as pgo-v2-\S+-r424242\.1 \|/)
  })

  function programHash(result: StepResult): string {
    return /\| `target\/[^`]+\/hotloop` \| [^|]+ \| `([0-9a-f]{64})` \|/.exec(result.summary)![1]
  }
})

describe('when the cache misbehaves, the build goes on', () => {
  let services: LocalActionsServices
  beforeEach(async () => {
    services = await LocalActionsServices.start()
  })
  afterEach(() => services.stop())

  /** The key the first run saved its profile under by fingerprint. */
  function savedKey(result: StepResult): string {
    return KEY.exec(stageRow(result, 'Save profile'))![0]
  }

  /**
   * After a damaged entry: the run says the restore failed, makes the profile
   * again and saves it under a newer key, so the next run restores the good
   * one, by fingerprint and by profile-hash.
   */
  async function expectRecovery(run: CachedJob, first: StepResult, damaged: StepResult, why: RegExp): Promise<void> {
    expectSuccess(damaged)
    expect(stageRow(damaged, 'Restore profile')).toMatch(/\| ⚠️ \| Restore profile \| restore failed: /)
    expect(stageRow(damaged, 'Restore profile')).toMatch(why)
    expect(warnings(damaged)).toContain(`The cached profile under key ${savedKey(first)} could not be used`)
    expect(damaged.outputs['cache-hit']).toBe('false')
    expect(run.workloadRuns()).toBe(2)
    expect(stageRow(damaged, 'Save profile')).toMatch(/\| ✅ \| Save profile \| saved as /)
    const next = await run.step()
    expectSuccess(next)
    expect(next.outputs['cache-hit']).toBe('true')
    expect(run.workloadRuns()).toBe(2)
    const pinned = await run.step({ 'profile-hash': first.outputs['profile-hash'] })
    expectSuccess(pinned)
    expect(stageRow(pinned, 'Restore profile')).toMatch(/pinned [0-9a-f]{12}…, verified/)
  }

  test('an entry whose profile was damaged: reported, made again, and the next run restores the new one', async () => {
    const run = new CachedJob(services)
    const first = await run.step()
    expectSuccess(first)
    const key = savedKey(first)
    const entry = services.cacheEntries().find(candidate => candidate.key === key)!
    services.replaceCacheBlob(key, flipByteOfFileInArchive(entry.bytes, first.outputs['profile-path']))
    const pinnedKey = services
      .cacheEntries()
      .find(candidate => candidate.key.startsWith(`pgo-v2-profile-${first.outputs['profile-hash']}`))!
    services.replaceCacheBlob(pinnedKey.key, flipByteOfFileInArchive(pinnedKey.bytes, first.outputs['profile-path']))
    await expectRecovery(run, first, await run.step(), /the profile's sha256 is [0-9a-f]{64}, not the [0-9a-f]{64} its key names/)
  })

  test('an entry that cannot be unpacked: reported as a failed restore, not as no profile, and outgrown by the next save', async () => {
    const run = new CachedJob(services)
    const first = await run.step()
    expectSuccess(first)
    const key = savedKey(first)
    services.replaceCacheBlob(key, truncateArchive(services.cacheEntries().find(candidate => candidate.key === key)!.bytes))
    await expectRecovery(run, first, await run.step(), /restore failed: .*(tar|zstd|exit code)/)
  })

  test('an entry holding a file the action never saves is refused, and the file is not kept', async () => {
    const run = new CachedJob(services)
    const first = await run.step()
    expectSuccess(first)
    const key = savedKey(first)
    services.replaceCacheBlob(
      key,
      addFileToArchive(services.cacheEntries().find(candidate => candidate.key === key)!.bytes, 'pgo-profile/build.rs', 'fn main() {}')
    )
    const damaged = await run.step()
    expect(stageRow(damaged, 'Restore profile')).toContain(
      'it holds build.rs, merged.profdata, merged.profdata.baseline.json, not merged.profdata alone or with merged.profdata.baseline.json'
    )
    expect(fs.readdirSync(path.dirname(damaged.outputs['profile-path'])).sort()).toEqual([
      'merged.profdata',
      'merged.profdata.baseline.json'
    ])
    await expectRecovery(run, first, damaged, /not merged\.profdata alone/)
  })

  test('an entry whose profile is a link to /dev/zero: not read, so no wait without end, and outgrown by the next save', async () => {
    const run = new CachedJob(services)
    const first = await run.step()
    expectSuccess(first)
    const key = savedKey(first)
    services.replaceCacheBlob(
      key,
      linkFileInArchive(services.cacheEntries().find(candidate => candidate.key === key)!.bytes, 'pgo-profile/merged.profdata', '/dev/zero')
    )
    await expectRecovery(run, first, await run.step(), /its merged\.profdata is a symbolic link/)
  })

  test('an entry whose fit baseline is a link to /dev/zero: the baseline is left aside, named, and the profile is used', async () => {
    const run = new CachedJob(services)
    const first = await run.step()
    expectSuccess(first)
    const key = savedKey(first)
    services.replaceCacheBlob(
      key,
      linkFileInArchive(
        services.cacheEntries().find(candidate => candidate.key === key)!.bytes,
        'pgo-profile/merged.profdata.baseline.json',
        '/dev/zero'
      )
    )
    const reused = await run.step()
    expectSuccess(reused)
    expect(reused.outputs['cache-hit']).toBe('true')
    expect(warnings(reused)).toMatch(
      /The profile's fit baseline is left aside: \S+\/merged\.profdata\.baseline\.json is a symbolic link\. Its fit is judged without it\./
    )
  })

  test('a profile file whose baseline beside it in the checkout is a link to /dev/zero: left aside, named', async () => {
    const run = new CachedJob(services)
    const first = await run.step()
    expectSuccess(first)
    const result = await run.step({ profile: 'pgo.profdata' }, {}, workspace => {
      fs.copyFileSync(first.outputs['profile-path'], path.join(workspace, 'pgo.profdata'))
      fs.symlinkSync('/dev/zero', path.join(workspace, 'pgo.profdata.baseline.json'))
    })
    expectSuccess(result)
    expect(warnings(result)).toMatch(/The profile's fit baseline is left aside: \S+\/pgo\.profdata\.baseline\.json is a symbolic link\./)
  })

  test('a pinned profile-hash that is not in the cache is an error naming the hash, before any build', async () => {
    const run = new CachedJob(services)
    const missing = 'ab'.repeat(32)
    const result = await run.step({ 'profile-hash': missing })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain(`profile-hash ${missing}: no cached profile has this hash`)
    expect(result.summary).not.toContain('| Instrumented build |')
    expect(run.workloadRuns()).toBe(0)
  })

  test('mode use with no cached profile is an error that says what to do', async () => {
    const run = new CachedJob(services)
    const result = await run.step({ mode: 'use' })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(
      /mode use found no cached profile made the same way \(key prefix pgo-v2-Linux-X64-rust-llvm22-[0-9a-f]{16}-\): run with mode auto or generate first/
    )
  })

  test('the service down: warnings, no profile saved, and the build succeeds', async () => {
    services.setFault('down')
    const run = new CachedJob(services)
    const result = await run.step()
    expectSuccess(result)
    expect(stageRow(result, 'Restore profile')).toMatch(/\| ⚠️ \| Restore profile \| restore failed: Failed to restore: .*ECONNRESET/)
    expect(warnings(result)).toContain('The profile was not saved to the cache')
    expect(stageRow(result, 'Save profile')).toContain('⚠️')
    expect(result.outputs.binaries).toBeTruthy()
  })

  test('a cache slower than the time limit is given up on, and the step does not wait for it', async () => {
    services.setFault({ kind: 'slow', ms: 60_000 })
    const run = new CachedJob(services)
    const result = await run.step(run.inputs, { PGO_CACHE_TIMEOUT_SECONDS: '2' })
    expectSuccess(result)
    expect(warnings(result)).toContain('The cache could not be used: the cache did not answer within 2 s. Making a new profile.')
    expect(result.seconds).toBeLessThan(50)
  })

  test('a write denied by the service: a warning, and the build succeeds', async () => {
    services.setFault('cache-write-denied')
    const run = new CachedJob(services)
    const result = await run.step()
    expectSuccess(result)
    expect(result.log).toContain('cache write denied')
    expect(stageRow(result, 'Save profile')).toContain('⚠️ | Save profile | not saved')
  })

  test('a read-only cache (ACTIONS_CACHE_MODE=read): not saved, with a warning', async () => {
    const run = new CachedJob(services)
    const result = await run.step(run.inputs, { ACTIONS_CACHE_MODE: 'read' })
    expectSuccess(result)
    expect(services.cacheEntries()).toEqual([])
    expect(warnings(result)).toContain('The profile was not saved to the cache')
  })
})

test("time bounds past what Node's timer holds are capped, with a warning naming each variable: the profile is saved and the artifact uploaded", async () => {
  const services = await LocalActionsServices.start()
  try {
    const run = new CachedJob(services)
    const result = await run.step(
      { ...run.inputs, 'upload-artifact': 'capped' },
      { PGO_CACHE_TIMEOUT_SECONDS: '3000000', PGO_ARTIFACT_TIMEOUT_SECONDS: '3000000' }
    )
    expectSuccess(result)
    for (const name of ['PGO_CACHE_TIMEOUT_SECONDS', 'PGO_ARTIFACT_TIMEOUT_SECONDS']) {
      expect(warnings(result)).toContain(
        `${name}=3000000 is longer than the longest wait the action can time (2147483 s, about 24 days): 2147483 s applies.`
      )
    }
    expect(stageRow(result, 'Restore profile')).toContain('no cached profile for this build and workload')
    expect(KEY.exec(stageRow(result, 'Save profile'))?.[1]).toBe(result.outputs['profile-hash'])
    expect(result.outputs['artifact-id']).toMatch(/^\d+$/)
  } finally {
    services.stop()
  }
})

describe('a reused profile that no longer fits the code', () => {
  let services: LocalActionsServices
  let run: CachedJob
  let original: StepResult
  beforeAll(async () => {
    services = await LocalActionsServices.start()
    run = new CachedJob(services)
    original = await run.step()
    expectSuccess(original)
  })
  afterAll(() => services.stop())

  test('mode auto says it is stale, makes a new profile and builds again with it', async () => {
    const result = await run.step(run.inputs, {}, addNewHotCode)
    expectSuccess(result)
    // More unmatched functions in the new code than the profile covers: told as two counts, not as "31 of the 11".
    expect(result.summary).toMatch(
      /> \[!WARNING\]\n> The reused profile was stale: \d+ functions of the optimized build had no matching profile data, more than 10% of the \d+ functions the profile covers\./
    )
    expect(result.summary).toContain('made a new profile')
    expect(result.outputs['cache-hit']).toBe('false')
    expect(run.workloadRuns()).toBe(2)
    expect(result.outputs['profile-hash']).not.toBe(original.outputs['profile-hash'])
    expect(stageRow(result, 'Optimized build (new profile)')).toContain('✅')
  })

  test('a pinned profile is reported stale but kept', async () => {
    const result = await run.step({ ...run.inputs, 'profile-hash': original.outputs['profile-hash'] }, {}, addNewHotCode)
    expectSuccess(result)
    expect(result.summary).toContain('so it was kept')
    expect(result.outputs['cache-hit']).toBe('true')
    expect(result.outputs['profile-hash']).toBe(original.outputs['profile-hash'])
  })
})

/** Code the original profile has never seen: many new functions on the hot path. */
function addNewHotCode(workspace: string): void {
  const main = path.join(workspace, 'src', 'main.rs')
  const functions = Array.from(
    { length: 30 },
    (_, i) => `#[inline(never)]\nfn fresh_${i}(x: u64) -> u64 { if x % ${i + 2} == 0 { x / ${i + 2} } else { x.wrapping_mul(${i + 3}) } }\n`
  )
  const calls = Array.from({ length: 30 }, (_, i) => `fresh_${i}`).join('(') + '(total' + ')'.repeat(30)
  const source = fs
    .readFileSync(main, 'utf8')
    .replace('println!("hotloop {rounds} {total:x}");', `let total = ${calls};\n    println!("hotloop {rounds} {total:x}");`)
  fs.writeFileSync(main, source + '\n' + functions.join(''))
}
