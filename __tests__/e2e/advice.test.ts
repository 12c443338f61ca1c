// advice: measure as a release job meets it, through dist/: a build command
// that removes the output directory, shell operators against a word,
// settings from a config file, the environment or rustflags, and a variant
// that fails. The release is never lost, the advice names the place that
// wins, and a failed variant is a warning.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep } from '../support/runner'
import { sha256 } from '../support/tools'
import { checkout, expectSuccess, stageRow, stepWorkDir, warningList, warnings } from '../support/workspace'

const job = createJob()
const measure = { workload: 'hotloop 2000', benchmark: 'hotloop 1000', 'benchmark-runs': '6', advice: 'measure', cache: 'false' }

test("a build command that removes the target directory: the variant's build cannot take the release, which is back byte for byte", async () => {
  const workspace = checkout(job, 'rust-hot', 'removes-target')
  const result = await runStep({ job, workspace, inputs: { ...measure, build: 'rm -rf target && cargo build --release' } })
  expectSuccess(result)
  const program = result.outputs.binaries
  expect(program).toBe(path.join(workspace, 'target', 'x86_64-unknown-linux-gnu', 'release', 'hotloop'))
  expect(warningList(result)).toContain(
    `The variant's build removed ${program}: the optimized build's file is back in place from the action's copies, byte for byte (sha256 checked).`
  )
  expect(result.summary).toContain(sha256(program))
  expect(stageRow(result, 'LTO advice')).toMatch(/\| LTO advice \| lto = "fat" and codegen-units = 1 on top of PGO: \d+\.\d{3}× /)
})

test('shell operators against a word: the release profile is read, and the variant is the release profile with LTO', async () => {
  const workspace = checkout(job, 'rust-hot', 'operators')
  const result = await runStep({ job, workspace, inputs: { ...measure, build: 'cargo build --release; echo built' } })
  expectSuccess(result)
  expect(result.log).toContain('Settings of the release profile (--release in build):')
  expect(warnings(result)).not.toContain('opt-level 0')
  expect(result.log).toMatch(/For the variant: CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 /)
  expect(stageRow(result, 'LTO advice')).toMatch(/\| LTO advice \| lto = "fat" and codegen-units = 1 on top of PGO: \d+\.\d{3}× /)
})

test('settings from a cargo config file and from the environment: the advice names each place, which wins over Cargo.toml', async () => {
  const workspace = checkout(job, 'rust-hot', 'config-and-env')
  fs.mkdirSync(path.join(workspace, '.cargo'))
  fs.writeFileSync(path.join(workspace, '.cargo', 'config.toml'), '[profile.release]\ncodegen-units = 16\n')
  const result = await runStep({ job, workspace, inputs: measure, env: { CARGO_PROFILE_RELEASE_LTO: 'off' } })
  expectSuccess(result)
  expect(result.log).toContain(
    `Where they would win for good: the env: that sets it (the variable wins over every file): CARGO_PROFILE_RELEASE_LTO: fat; ` +
      `and ${path.join(workspace, '.cargo', 'config.toml')} (cargo reads it over Cargo.toml): [profile.release] codegen-units = 1.`
  )
  expect(result.log).not.toContain("the workspace's Cargo.toml")
})

test('-Ccodegen-units in RUSTFLAGS: no variant, since it could not have codegen-units = 1, and the row says why', async () => {
  const workspace = checkout(job, 'rust-hot', 'rustflags-units')
  const result = await runStep({ job, workspace, inputs: measure, env: { RUSTFLAGS: '-Ccodegen-units=16' } })
  expectSuccess(result)
  const why =
    '-Ccodegen-units=16 in your rustflags (RUSTFLAGS) overrides the profile in every build rustc runs, so a variant with lto = "fat" and codegen-units = 1 cannot be built as named'
  expect(result.log).toContain(`advice: measure builds no variant: ${why}.`)
  expect(stageRow(result, 'LTO advice')).toContain(`| ⏭️ | LTO advice | ${why} |`)
  expect(result.log).not.toContain('For the variant:')
})

test("a variant whose build fails: a warning with its error; the release, the outputs and the profile stand, and the variant's tree is gone", async () => {
  const workspace = checkout(job, 'rust-hot', 'variant-fails')
  const result = await runStep({
    job,
    workspace,
    inputs: { ...measure, build: 'cargo build --release && test -z "$CARGO_PROFILE_RELEASE_LTO"' }
  })
  expectSuccess(result)
  expect(warningList(result)).toContainEqual(
    expect.stringMatching(
      /^advice: measure gives no verdict: The variant's instrumented build \(lto = "fat" and codegen-units = 1\) failed: `cargo build --release && test -z "\$CARGO_PROFILE_RELEASE_LTO"` exited with code 1 after /
    )
  )
  expect(warnings(result)).toContain('The release is the optimized build, whole and in place, and the step goes on.')
  expect(stageRow(result, 'LTO advice')).toMatch(/^\| ⚠️ \| LTO advice \| no verdict: The variant's instrumented build/)
  expect(result.outputs.binaries).toBe(path.join(workspace, 'target', 'x86_64-unknown-linux-gnu', 'release', 'hotloop'))
  expect(result.summary).toContain(sha256(result.outputs.binaries))
  expect(result.outputs['profile-hash']).toMatch(/^[0-9a-f]{64}$/)
  expect(fs.existsSync(path.join(stepWorkDir(job), 'advice', 'build'))).toBe(false)
})

test('a variant whose workload leaves unreadable raw profiles: its profile would lose more than a merge may, so no verdict, and the release stands', async () => {
  const workspace = checkout(job, 'rust-hot', 'variant-loses-profiles')
  // The workload's second run is the variant's: only it leaves two files no profile tool can read.
  const secondRunSpoils =
    'runs=$(cat "$RUNNER_TEMP/workload-runs" 2>/dev/null || echo 0); echo $((runs + 1)) > "$RUNNER_TEMP/workload-runs"; ' +
    '[ "$runs" = 0 ] || { printf spoilt > "$PGO_PROFILE_DIR/spoilt-1.profraw"; printf spoilt > "$PGO_PROFILE_DIR/spoilt-2.profraw"; }'
  const result = await runStep({ job, workspace, inputs: { ...measure, workload: `hotloop 2000\n${secondRunSpoils}` } })
  expectSuccess(result)
  expect(warningList(result)).toContainEqual(
    expect.stringMatching(
      /^advice: measure gives no verdict: 2 of the 3 raw profiles for the variant's profile \(66\.7%\) could not be read, more than the 10% a merge may leave out: spoilt-1\.profraw /
    )
  )
  expect(stageRow(result, 'Merge')).not.toContain('unreadable')
  expect(result.summary).toContain(sha256(result.outputs.binaries))
})

describe('advice: ship-if-faster, on a benchmark rigged so that the variant is faster', () => {
  // The variant's side does less work: faster, whatever LTO does to hotloop.
  const rigged = `hotloop $([ "$PGO_BENCHMARK_SIDE" = optimized ] && echo 800 || echo 1000)`
  const shipInputs = { ...measure, benchmark: rigged, 'benchmark-runs': '10', advice: 'ship-if-faster' }

  // The variant's LTO and codegen-units change cargo's -C metadata, and so every symbol's hash, by which the
  // profile names functions: the variant gets a profile of its own, and is then as fully profiled as the release.
  test('the variant, trained on its own profile, has no more functions without profile data than the release; faster, it is shipped', async () => {
    const workspace = checkout(job, 'rust-hot', 'ship-variant')
    const result = await runStep({ job, workspace, inputs: shipInputs })
    expectSuccess(result)
    expect(stageRow(result, 'Optimized build')).toContain('0 functions without profile data')
    expect(result.log).toContain("The workloads run again, on the variant's instrumented programs, for its own profile.")
    expect(result.log).toMatch(/The variant's build took [\d.]+ s; 0 functions without profile data\./)
    expect(stageRow(result, 'LTO advice')).toMatch(
      /on top of PGO: 1\.\d{3}× \(95% CI [\d.]+–[\d.]+\): faster; .*; shipped in place of the release/
    )
    expect(result.outputs.shipped).toBe('variant')
    expect(result.summary).toContain('**Shipped: the variant** (advice: ship-if-faster), as it was significantly faster')
    const optimizedSha = /Optimized: \S*hotloop sha256 ([0-9a-f]{64})/.exec(result.log)?.[1]
    expect(sha256(result.outputs.binaries)).not.toBe(optimizedSha)
    expect(fs.existsSync(path.join(stepWorkDir(job, '__self'), 'advice', 'profile'))).toBe(false)
  })

  test('ship-if-faster without benchmark is refused before any work', async () => {
    const workspace = checkout(job, 'rust-hot', 'ship-refused')
    const result = await runStep({ job, workspace, inputs: { workload: 'hotloop 1', advice: 'ship-if-faster' } })
    expect(result.exitCode).toBe(1)
    expect(result.log).toContain(
      'advice ship-if-faster builds a variant and times it against the optimized build with the benchmark command'
    )
  })
})
