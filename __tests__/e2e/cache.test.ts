// Profiles cached by their hash and reused, through dist/ and the real
// @actions/cache against the local cache service.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { LocalActionsServices } from '../support/actions-services'
import { flipByteOfFileInArchive } from '../support/cache-archive'
import { createJob, runStep, type Job, type StepResult } from '../support/runner'
import { sha256 } from '../support/tools'
import { checkout, expectSuccess, failureMessage } from '../support/workspace'

const KEY = /pgo-v1-Linux-X64-rust-llvm22-[0-9a-f]{16}-([0-9a-f]{64})/

/** A job whose workload leaves a line in a file each time it runs, so tests can tell whether it ran. */
class CachedJob {
  readonly job: Job = createJob()
  readonly marker = path.join(this.job.root, 'workload-runs.log')
  readonly inputs = { workload: `hotloop 30\necho ran >> ${this.marker}` }

  constructor(readonly services: LocalActionsServices) {}

  /** A step on a fresh checkout at the same path, as a later run of the same workflow would have. */
  step(inputs: Record<string, string> = this.inputs, env: Record<string, string> = {}, prepare?: (workspace: string) => void): Promise<StepResult> {
    const workspace = checkout(this.job, 'rust-hot')
    prepare?.(workspace)
    return runStep({ job: this.job, workspace, inputs, env: { ...this.services.env(), ...env } })
  }

  workloadRuns(): number {
    return fs.existsSync(this.marker) ? fs.readFileSync(this.marker, 'utf8').trim().split('\n').length : 0
  }
}

function stageRow(result: StepResult, stage: string): string {
  return result.summary.split('\n').find(line => line.includes(`| ${stage} |`)) ?? `(no ${stage} row)`
}

function warnings(result: StepResult): string[] {
  return result.log.split('\n').filter(line => line.startsWith('::warning::'))
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
    expect(keys).toEqual(expect.arrayContaining([saved?.[0], `pgo-v1-profile-${first.outputs['profile-hash']}`]))
  })

  test('the second run, in a fresh checkout, restores it, checks it, and does not run the workload', () => {
    expect(second.outputs['cache-hit']).toBe('true')
    expect(run.workloadRuns()).toBe(1)
    expect(stageRow(second, 'Restore profile')).toMatch(/\| ✅ \| Restore profile \| hit, [0-9a-f]{12}…, verified \|/)
    expect(second.summary).not.toContain('| Instrumented build |')
    expect(second.summary).not.toContain('| Workloads |')
    expect(second.summary).toMatch(/\| Source \| the cache \(key pgo-v1-/)
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
  })

  test('mode generate runs the workload even with a profile cached; the identical profile is already there', async () => {
    const generated = await run.step({ ...run.inputs, mode: 'generate' })
    expectSuccess(generated)
    expect(generated.outputs['cache-hit']).toBe('false')
    expect(run.workloadRuns()).toBe(2)
    expect(stageRow(generated, 'Restore profile')).toContain('skipped: mode generate')
    // The workload is deterministic, so the profile and its key are the same: the service answers 409.
    expect(generated.outputs['profile-hash']).toBe(first.outputs['profile-hash'])
    expect(stageRow(generated, 'Save profile')).toMatch(/\| ✅ \| Save profile \| already in the cache as pgo-v1-/)
    expect(warnings(generated).filter(line => !line.includes(`Workload 2 (echo ran`))).toEqual([])
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

  test('a corrupted entry behind a matching prefix: a warning, and a new profile', async () => {
    const run = new CachedJob(services)
    const first = await run.step()
    expectSuccess(first)
    const key = KEY.exec(stageRow(first, 'Save profile'))![0]
    const entry = services.cacheEntries().find(candidate => candidate.key === key)!
    services.replaceCacheBlob(key, flipByteOfFileInArchive(entry.bytes, first.outputs['profile-path']))

    const second = await run.step()
    expectSuccess(second)
    expect(warnings(second).join('\n')).toContain(`The cached profile under key ${key} does not match the hash in its key`)
    expect(stageRow(second, 'Restore profile')).toContain('⚠️')
    expect(second.outputs['cache-hit']).toBe('false')
    expect(run.workloadRuns()).toBe(2)
    expect(second.outputs['profile-hash']).toBe(first.outputs['profile-hash'])
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
    expect(failureMessage(result)).toMatch(/mode use found no cached profile made the same way \(key prefix pgo-v1-Linux-X64-rust-llvm22-[0-9a-f]{16}-\): run with mode auto or generate first/)
  })

  test('the service down: warnings, no profile saved, and the build succeeds', async () => {
    services.setFault('down')
    const run = new CachedJob(services)
    const result = await run.step()
    expectSuccess(result)
    expect(result.log).toContain('::warning::Failed to restore')
    expect(warnings(result).join('\n')).toContain('The profile was not saved to the cache')
    expect(stageRow(result, 'Save profile')).toContain('⚠️')
    expect(result.outputs.binaries).toBeTruthy()
  })

  test('a cache slower than the time limit is given up on, and the step does not wait for it', async () => {
    services.setFault({ kind: 'slow', ms: 60_000 })
    const run = new CachedJob(services)
    const result = await run.step(run.inputs, { PGO_CACHE_TIMEOUT_SECONDS: '2' })
    expectSuccess(result)
    expect(warnings(result).join('\n')).toContain('Restoring from the cache took more than 2 s; going on without the cache.')
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
    expect(warnings(result).join('\n')).toContain('The profile was not saved to the cache')
  })
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
    expect(result.summary).toMatch(/> \[!WARNING\]\n> The reused profile was stale: \d+ of the \d+ functions it covers/)
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
  const functions = Array.from({ length: 30 }, (_, i) => `#[inline(never)]\nfn fresh_${i}(x: u64) -> u64 { if x % ${i + 2} == 0 { x / ${i + 2} } else { x.wrapping_mul(${i + 3}) } }\n`)
  const calls = Array.from({ length: 30 }, (_, i) => `fresh_${i}`).join('(') + '(total' + ')'.repeat(30)
  const source = fs.readFileSync(main, 'utf8').replace('println!("hotloop {rounds} {total:x}");', `let total = ${calls};\n    println!("hotloop {rounds} {total:x}");`)
  fs.writeFileSync(main, source + '\n' + functions.join(''))
}
