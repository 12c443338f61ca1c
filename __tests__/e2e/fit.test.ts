// A project builds more than its workload runs. The compiler's warning for
// each function without profile data is the action's own request
// (-pgo-warn-missing-function): it is counted and listed in the summary,
// and kept out of the build's log. The programs no workload ran are named,
// and neither they nor what the profile's own build lacked (its baseline)
// make a reused profile stale.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { LocalActionsServices } from '../support/actions-services'
import { listArchive } from '../support/cache-archive'
import { createJob, runStep, type Job, type StepResult } from '../support/runner'
import { checkout, expectSuccess, readable, stageRow, warnings } from '../support/workspace'
import { foreignElements, renderMarkdown } from '../support/workflow-commands'

const FIT_WARNING = /no profile data available for function|function control flow change detected/

describe('C with two programs built by make, one trained', () => {
  let result: StepResult

  beforeAll(async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-two-programs')
    result = await runStep({
      job,
      workspace,
      inputs: { toolchain: 'clang', build: 'make', binaries: 'count\nidle', workload: 'count 2000', cache: 'false' }
    })
    expectSuccess(result)
  })

  test("the build log holds none of the compiler's per-function profile warnings, and one line counts them", () => {
    expect(result.log.split('\n').filter(line => FIT_WARNING.test(line))).toEqual([])
    expect(result.log).toMatch(
      /The compiler warned of 3 functions the profile does not fit \(2 without profile data, 1 changed since profiling\); those warnings are left out of the log above/
    )
  })

  test('the summary counts them, and lists every one in a collapsed list', () => {
    expect(stageRow(result, 'Optimized build')).toMatch(/[1-9]\d* functions? without profile data/)
    expect(result.summary).toContain('<details><summary>Every function the compiler named:')
    expect(result.summary).toMatch(/^- `idle_(checksum|report)`$/m)
    expect(foreignElements(renderMarkdown(result.summary))).toEqual([])
  })
})

/**
 * Runs of one workflow, each on a fresh checkout at the same path, with the
 * local cache service: what a project's next pushes would see.
 */
class Reruns {
  readonly job: Job = createJob()

  constructor(
    readonly services: LocalActionsServices,
    private readonly fixture: string,
    private readonly inputs: Record<string, string>
  ) {}

  step(change?: (workspace: string) => void): Promise<StepResult> {
    const workspace = checkout(this.job, this.fixture)
    change?.(workspace)
    return runStep({ job: this.job, workspace, inputs: this.inputs, env: this.services.env() })
  }

  /** The files of the newest cache entry under a key of `prefix`. */
  entryFiles(prefix: string): string[] {
    const entries = this.services.cacheEntries().filter(entry => entry.key.startsWith(prefix) && entry.finalized)
    return listArchive(entries[entries.length - 1].bytes)
  }
}

function replaceInFile(file: string, from: RegExp, to: string): void {
  const text = fs.readFileSync(file, 'utf8')
  if (!from.test(text)) throw new Error(`${file} holds nothing that matches ${from}`)
  fs.writeFileSync(file, text.replace(from, to))
}

/** What every rerun of an unchanged project must show: the cached profile, reused, not stale. */
function expectReused(result: StepResult, made: StepResult): void {
  expectSuccess(result)
  expect(result.outputs['cache-hit']).toBe('true')
  expect(result.outputs['profile-hash']).toBe(made.outputs['profile-hash'])
  expect(warnings(result)).not.toMatch(/stale/)
  expect(result.log).toContain('The profile came with its fit baseline')
  expect(result.summary).not.toContain('| Workloads |')
}

describe('a Rust workspace of a library and three programs, one trained, with BOLT', () => {
  let services: LocalActionsServices
  let reruns: Reruns
  const results: StepResult[] = []
  let changed: StepResult

  beforeAll(async () => {
    services = await LocalActionsServices.start()
    reruns = new Reruns(services, 'rust-workspace-tools', { workload: 'scan 3000', bolt: 'true' })
    for (let run = 0; run < 3; run++) results.push(await reruns.step())
    // A rewrite of the trained program's hot path: new code the profile never saw.
    changed = await reruns.step(workspace => {
      replaceInFile(
        path.join(workspace, 'engine', 'src', 'lib.rs'),
        /pub fn score_text\(text: &\[u8\]\) -> u64 \{[^]*?\n\}\n/,
        HOT_PATH_REWRITTEN
      )
    })
  })
  afterAll(() => services.stop())

  test('the first run names the programs no workload ran, and counts none of them against the profile', () => {
    const [first] = results
    expectSuccess(first)
    expect(first.outputs['cache-hit']).toBe('false')
    expect(stageRow(first, 'Optimized build')).toMatch(/no workload ran target\/\S*release\/lint, target\/\S*release\/shell/)
    const table = readable(first.summary)
    expect(table).toMatch(/\| `target\/\S*release\/scan` \| yes \| [1-9][\d,]* \| \d+ \| 0 \|/)
    expect(table).toMatch(/\| `target\/\S*release\/shell` \| no: not counted against the profile \| \d+ \| [1-9][\d,]* \| \d+ \|/)
    expect(table).toMatch(/\| `target\/\S*release\/lint` \| no: not counted against the profile \|/)
    expect(first.log.split('\n').filter(line => FIT_WARNING.test(line))).toEqual([])
  })

  test('the profile is saved with its fit baseline beside it', () => {
    const files = reruns.entryFiles('pgo-v2-Linux')
    expect(files.sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/merged\.profdata$/), expect.stringMatching(/merged\.profdata\.baseline\.json$/)])
    )
  })

  test('the next two runs reuse it: a cache hit, not stale', () => {
    expectReused(results[1], results[0])
    expectReused(results[2], results[0])
    expect(readable(results[1].summary)).toMatch(
      /Counted for staleness \| 0 functions without profile data, 0 changed, leaving out [1-9][\d,]* functions only programs no workload ran define/
    )
  })

  test('BOLT instruments and rewrites the trained program only; the others stay PGO builds, and the sizes are shown', () => {
    const [first] = results
    expect(stageRow(first, 'BOLT instrument')).toMatch(/\| 1 program: target\/\S*release\/scan \|/)
    expect(first.log).toMatch(
      /BOLT leaves out target\/\S*release\/lint, target\/\S*release\/shell: no workload ran them .*; they stay PGO builds\./
    )
    const summary = readable(first.summary)
    // No huge-page padding: what BOLT writes is about what it read, not megabytes more.
    const size = /target\/\S*release\/scan`: rewritten by BOLT, .+ as the PGO build linked for BOLT → .+ \(([\d.]+)×\)/.exec(summary)
    expect(Number(size?.[1])).toBeLessThan(1.25)
    expect(summary).toMatch(/target\/\S*release\/shell`: kept as the PGO build: no workload ran it/)
  })

  test('a rewrite of the hot path is still found stale, and a new profile is made and saved', () => {
    expectSuccess(changed)
    expect(warnings(changed)).toMatch(/The reused profile is stale: /)
    expect(changed.outputs['cache-hit']).toBe('false')
    expect(changed.outputs['profile-hash']).not.toBe(results[0].outputs['profile-hash'])
    expect(stageRow(changed, 'Save profile (new profile)')).toMatch(/saved as pgo-v2-/)
  })
})

describe('C with two programs built by make, one trained, reused', () => {
  let services: LocalActionsServices
  const results: StepResult[] = []
  let changed: StepResult

  beforeAll(async () => {
    services = await LocalActionsServices.start()
    const reruns = new Reruns(services, 'c-two-programs', {
      toolchain: 'clang',
      build: 'make',
      binaries: 'count\nidle',
      workload: 'count 2000'
    })
    for (let run = 0; run < 3; run++) results.push(await reruns.step())
    changed = await reruns.step(workspace => {
      replaceInFile(
        path.join(workspace, 'count.c'),
        /odd \+= mix\(i, 64\) & 1;/,
        'odd += (i % 3 == 0) ? mix(i, 32) & 1 : (mix(i, 64) >> 1) & 1;'
      )
      replaceInFile(
        path.join(workspace, 'shared.c'),
        /for \(unsigned long i = 0; i < rounds; i\+\+\)/,
        'for (unsigned long i = 0; i < rounds; i += 1 + (seed & 1))'
      )
    })
  })
  afterAll(() => services.stop())

  test('the name both programs give main is no misfit: the baseline holds it, and the next two runs are cache hits', () => {
    expectSuccess(results[0])
    expect(readable(results[0].summary)).toMatch(/\| `idle` \| no: not counted against the profile \|/)
    expectReused(results[1], results[0])
    expectReused(results[2], results[0])
    expect(readable(results[2].summary)).toMatch(
      /leaving out \d+ functions? only programs no workload ran define and [1-9]\d* functions? the profile's own build already lacked \(its baseline\)/
    )
  })

  test("a change to the trained program's hot functions is still found stale", () => {
    expectSuccess(changed)
    expect(warnings(changed)).toMatch(/The reused profile is stale: /)
    expect(changed.outputs['cache-hit']).toBe('false')
  })
})

const HOT_PATH_REWRITTEN = `pub fn score_text(text: &[u8]) -> u64 {
    let mut total = 0u64;
    let mut start = None;
    for (at, &byte) in text.iter().enumerate() {
        match (byte.is_ascii_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                total = total.wrapping_add(weigh(&text[from..at]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        total = total.wrapping_add(weigh(&text[from..]));
    }
    total
}

fn weigh(word: &[u8]) -> u64 {
    word.iter().rev().fold(1u64, |acc, &byte| acc.rotate_left(5) ^ u64::from(byte))
}
`
