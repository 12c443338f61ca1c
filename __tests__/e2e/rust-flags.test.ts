// The Rust-specific pitfalls: build scripts and proc macros must not be
// instrumented, and the user's own rustflags must survive, wherever cargo
// would have read them from.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep } from '../support/runner'
import { checkout, expectSuccess, stepWorkDir } from '../support/workspace'
import { capture, countOf, profileFunctions, rustLlvmProfdata } from '../support/tools'

describe('a workspace with a build script and a local proc-macro crate', () => {
  const job = createJob()
  const workspace = checkout(job, 'rust-build-script')
  let profile: string

  beforeAll(async () => {
    const result = await runStep({ job, workspace, inputs: { workload: 'app 200000' } })
    expectSuccess(result)
    profile = result.outputs['profile-path']
    expect(result.outputs.binaries).toMatch(/release\/app$/)
  })

  test('only the workload wrote raw profiles: the build script and the compiler-loaded macro did not', () => {
    const raw = fs.readdirSync(path.join(stepWorkDir(job), 'raw'))
    expect(raw.length).toBeGreaterThan(0)
    expect(raw.filter(name => !name.startsWith('w1_'))).toEqual([])
  })

  test('the profile holds the program, including code the macro generated, and nothing of the build tools', () => {
    const functions = profileFunctions(rustLlvmProfdata(), profile)
    expect(countOf(functions, 'app_hot_lookup')).toBeGreaterThan(0)
    expect(countOf(functions, 'generated_mix')).toBeGreaterThan(100000)
    const names = [...functions.keys()]
    expect(names.filter(name => /build_script|square_table|make_mixer|5shout/.test(name))).toEqual([])
  })
})

describe("the user's rustflags", () => {
  // The fixture's .cargo/config.toml sets [build] rustflags = ["--cfg", "fixture_config_flag"].
  // The workload checks the instrumented program; the test checks the optimized one.
  async function probe(options: { env?: Record<string, string>; extraConfig?: string; expect: string }): Promise<string> {
    const job = createJob()
    const workspace = checkout(job, 'rust-config-flags')
    if (options.extraConfig) fs.appendFileSync(path.join(workspace, '.cargo', 'config.toml'), options.extraConfig)
    const result = await runStep({ job, workspace, env: options.env, inputs: { workload: `flagprobe | grep '${options.expect}'` } })
    expectSuccess(result)
    return capture(result.outputs.binaries, [])
  }

  test('[build] rustflags in .cargo/config.toml reach both builds', async () => {
    expect(await probe({ expect: 'config_flag=on env_flag=off' })).toMatch(/^config_flag=on env_flag=off target_flag=off/)
  })

  test('RUSTFLAGS in the environment wins over the config file, as it does for cargo', async () => {
    const output = await probe({ env: { RUSTFLAGS: '--cfg fixture_env_flag' }, expect: 'config_flag=off env_flag=on' })
    expect(output).toMatch(/^config_flag=off env_flag=on/)
  })

  test('CARGO_ENCODED_RUSTFLAGS in the environment is kept too', async () => {
    const output = await probe({ env: { CARGO_ENCODED_RUSTFLAGS: '--cfg\x1ffixture_env_flag' }, expect: 'env_flag=on' })
    expect(output).toMatch(/^config_flag=off env_flag=on/)
  })

  test("a matching [target.'cfg(...)'] table replaces [build] rustflags, as it does for cargo", async () => {
    const extra = `\n[target.'cfg(all(unix, target_pointer_width = "64"))']\nrustflags = ["--cfg", "fixture_target_flag"]\n`
    const output = await probe({ extraConfig: extra, expect: 'config_flag=off env_flag=off target_flag=on' })
    expect(output).toMatch(/^config_flag=off env_flag=off target_flag=on/)
  })
})
