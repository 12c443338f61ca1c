import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  configuredBuildTargets,
  findCargoConfigFiles,
  loadCargoConfigs,
  resolveUserRustflags,
  withoutProfileFlags,
  type CargoConfigFile
} from '../../../../src/toolchains/rust/cargo-config'
import { matchesCfg } from '../../../../src/toolchains/rust/cfg-expr'

const TRIPLE = 'x86_64-unknown-linux-gnu'
const LINUX_CFG = ['unix', 'target_os="linux"', 'target_arch="x86_64"', 'target_pointer_width="64"', 'panic="unwind"']

function config(data: Record<string, unknown>, name = '/project/.cargo/config.toml'): CargoConfigFile {
  return { path: name, data }
}

function resolve(env: NodeJS.ProcessEnv, configs: CargoConfigFile[]) {
  return resolveUserRustflags({ env, configs, triple: TRIPLE, targetCfg: LINUX_CFG })
}

describe('resolveUserRustflags follows cargo: the first source set wins', () => {
  const build = config({ build: { rustflags: ['--cfg', 'from_build'] } })

  test('CARGO_ENCODED_RUSTFLAGS first, split on 0x1f; set but empty means no flags', () => {
    expect(resolve({ CARGO_ENCODED_RUSTFLAGS: '-C\x1ftarget-cpu=native', RUSTFLAGS: '-Dwarnings' }, [build])).toEqual({
      flags: ['-C', 'target-cpu=native'],
      source: 'CARGO_ENCODED_RUSTFLAGS'
    })
    expect(resolve({ CARGO_ENCODED_RUSTFLAGS: '' }, [build]).flags).toEqual([])
  })

  test('then RUSTFLAGS, split on white space; set but empty still hides the config', () => {
    expect(resolve({ RUSTFLAGS: '  -C   opt-level=3 ' }, [build])).toEqual({ flags: ['-C', 'opt-level=3'], source: 'RUSTFLAGS' })
    expect(resolve({ RUSTFLAGS: '' }, [build])).toEqual({ flags: [], source: 'RUSTFLAGS' })
  })

  test('then target tables: the triple and every matching cfg() joined, replacing build.rustflags', () => {
    const targets = config({
      build: { rustflags: ['--cfg', 'from_build'] },
      target: {
        [TRIPLE]: { rustflags: ['--cfg', 'from_triple'] },
        'cfg(unix)': { rustflags: '--cfg from_unix' },
        'cfg(windows)': { rustflags: ['--cfg', 'from_windows'] }
      }
    })
    const user = resolve({}, [targets])
    expect(user.flags).toEqual(['--cfg', 'from_triple', '--cfg', 'from_unix'])
    expect(user.source).toContain(`target.${TRIPLE}.rustflags`)
    expect(user.source).toContain("target.'cfg(unix)'.rustflags")
  })

  test('CARGO_TARGET_<TRIPLE>_RUSTFLAGS joins the triple table', () => {
    expect(resolve({ CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS: '--cfg env_triple' }, [build]).flags).toEqual(['--cfg', 'env_triple'])
  })

  test('last, build.rustflags from every file, lowest precedence first, then CARGO_BUILD_RUSTFLAGS', () => {
    const near = config({ build: { rustflags: ['--cfg', 'near'] } }, '/home/me/project/.cargo/config.toml')
    const far = config({ build: { rustflags: '--cfg far' } }, '/home/me/.cargo/config.toml')
    expect(resolve({ CARGO_BUILD_RUSTFLAGS: '--cfg env_build' }, [near, far]).flags).toEqual([
      '--cfg',
      'far',
      '--cfg',
      'near',
      '--cfg',
      'env_build'
    ])
  })

  test('no source at all', () => {
    expect(resolve({}, [config({ profile: { release: { lto: true } } })])).toEqual({ flags: [], source: 'none' })
  })
})

describe('cfg() keys', () => {
  test.each([
    ['cfg(unix)', true],
    ['cfg(windows)', false],
    ['cfg(target_os = "linux")', true],
    ['cfg(target_os="macos")', false],
    ['cfg(all(unix, target_arch = "x86_64"))', true],
    ['cfg(all(unix, target_arch = "aarch64"))', false],
    ['cfg(any(windows, target_pointer_width = "64"))', true],
    ['cfg(not(windows))', true],
    ['cfg(not(any(unix, windows)))', false],
    ['cfg(all())', true],
    ['cfg(any())', false]
  ])('%s → %s', (key, expected) => {
    expect(matchesCfg(key, LINUX_CFG)).toBe(expected)
  })
})

describe('the build target the user configured', () => {
  test('from CARGO_BUILD_TARGET, else the nearest config, string or list', () => {
    expect(configuredBuildTargets([config({ build: { target: 'a' } })], { CARGO_BUILD_TARGET: 'b' })).toEqual(['b'])
    expect(configuredBuildTargets([config({ build: { target: ['c', 'd'] } }), config({ build: { target: 'e' } })], {})).toEqual(['c', 'd'])
    expect(configuredBuildTargets([config({ build: {} })], {})).toBeUndefined()
  })
})

describe('config files on disk', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-cargo-config-'))
  const home = path.join(root, 'cargo-home')
  const project = path.join(root, 'work', 'project')
  fs.mkdirSync(path.join(project, '.cargo'), { recursive: true })
  fs.mkdirSync(path.join(root, 'work', '.cargo'), { recursive: true })
  fs.mkdirSync(home, { recursive: true })
  fs.writeFileSync(path.join(project, '.cargo', 'config.toml'), '[build]\nrustflags = ["--cfg", "project"]\n')
  fs.writeFileSync(path.join(root, 'work', '.cargo', 'config'), '[build]\nrustflags = ["--cfg", "legacy_name"]\n')
  fs.writeFileSync(path.join(root, 'work', '.cargo', 'config.toml'), '[build]\nrustflags = ["--cfg", "ignored_beside_config"]\n')
  fs.writeFileSync(path.join(home, 'config.toml'), '[build]\ntarget-dir = "/tmp/t"\n')

  test('found from the directory up, then CARGO_HOME; `config` wins over `config.toml` beside it', () => {
    const files = findCargoConfigFiles(project, { CARGO_HOME: home })
    expect(files.slice(0, 2)).toEqual([path.join(project, '.cargo', 'config.toml'), path.join(root, 'work', '.cargo', 'config')])
    expect(files[files.length - 1]).toBe(path.join(home, 'config.toml'))
  })

  test('read and resolved together', () => {
    const configs = loadCargoConfigs(project, { CARGO_HOME: home })
    const flags = resolveUserRustflags({ env: {}, configs, triple: TRIPLE, targetCfg: [] }).flags
    expect(flags.join(' ')).toMatch(/--cfg legacy_name --cfg project$/)
  })

  test('a file that is not TOML is named in the error', () => {
    const broken = path.join(root, 'broken')
    fs.mkdirSync(path.join(broken, '.cargo'), { recursive: true })
    fs.writeFileSync(path.join(broken, '.cargo', 'config.toml'), '[build\n')
    expect(() => loadCargoConfigs(broken, { CARGO_HOME: home })).toThrow(path.join(broken, '.cargo', 'config.toml'))
  })
})

test('profile flags from an old hand-made setup are left out, in both spellings', () => {
  expect(withoutProfileFlags(['-Copt-level=3', '-Cprofile-use=/old.profdata', '-C', 'profile-generate=/tmp/p', '-C', 'lto'])).toEqual({
    kept: ['-Copt-level=3', '-C', 'lto'],
    dropped: ['-Cprofile-use=/old.profdata', '-C profile-generate=/tmp/p']
  })
})
