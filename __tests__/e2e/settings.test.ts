// The build settings that shape what PGO can do, end to end through dist/:
// shown before any build with where each came from, repeated in the
// optimized build's row, and a warning before any build for those that
// leave the profile little room.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep, type StepResult } from '../support/runner'
import { checkout, expectSuccess, stageRow, warnings } from '../support/workspace'

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
  expect(stageRow(result, 'Build settings')).toContain('| ✅ | Build settings | the release profile (--release in build): opt-level 3 (default), lto false (default), codegen-units 16,')
  expect(stageRow(result, 'Optimized build')).toContain('; settings: opt-level 3 (default), lto false (default), codegen-units 16, incremental false (default)')
  expect(warnings(result)).not.toContain('leaves PGO little to do')
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
  const result = await runStep({ job, workspace, inputs: { build, workload: 'shapes -rounds 300 -cpuprofile "$PGO_PROFILE_DIR/run.pprof"', cache: 'false' } })
  expectSuccess(result)
  const before = beforeFirstBuild(result)
  expect(before).toContain('::warning::-gcflags all=-N -l (-gcflags in build) leaves PGO little to do: -N turns off the optimizations a profile guides. Fix: take -N out of -gcflags in build.')
  expect(before).toContain("::warning::-gcflags all=-N -l (-gcflags in build) leaves PGO little to do: -l turns off inlining, the main thing Go's PGO does")
  expect(stageRow(result, 'Build settings')).toContain('2 leave PGO little room (warnings)')
})
