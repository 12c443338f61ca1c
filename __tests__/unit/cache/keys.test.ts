import {
  buildFingerprint,
  hashInKey,
  pinnedKeyFor,
  pinnedPrefix,
  profileKeys,
  projectPath,
  runTag,
  type ProfileOrigin
} from '../../../src/cache/keys'

const origin: ProfileOrigin = {
  os: 'Linux',
  arch: 'X64',
  toolchain: 'rust',
  formatVersion: 'llvm22',
  project: '.',
  build: 'cargo build --release',
  binaries: [],
  workload: ['app run input.txt'],
  cacheKey: '',
  bolt: false
}
const SHA = 'c0ffee'.repeat(10) + 'c0ff'
const RUN = 'r123456789.2'

describe('profile cache keys', () => {
  test('readable words, then the fingerprint, then the profile hash, then the run that saved it', () => {
    const keys = profileKeys(origin, RUN)
    expect(keys.prefix).toMatch(/^pgo-v2-Linux-X64-rust-llvm22-[0-9a-f]{16}-$/)
    expect(keys.keyFor(SHA)).toBe(`${keys.prefix}${SHA}-${RUN}`)
    expect(hashInKey(keys.keyFor(SHA))).toBe(SHA)
  })

  test('each run saves under keys of its own, so a damaged entry never blocks the key a later run saves under', () => {
    expect(runTag({ GITHUB_RUN_ID: '123456789', GITHUB_RUN_ATTEMPT: '2' })).toBe('r123456789.2')
    expect(runTag({ GITHUB_RUN_ID: '123456789' })).toBe('r123456789.1')
    expect(runTag({}, 1700000000000)).toBe('t1700000000000')
    expect(profileKeys(origin, 'r1.1').keyFor(SHA)).not.toBe(profileKeys(origin, 'r2.1').keyFor(SHA))
  })

  test('the same origin gives the same prefix; each thing that made the profile changes it', () => {
    const prefix = profileKeys(origin, RUN).prefix
    expect(profileKeys({ ...origin }, RUN).prefix).toBe(prefix)
    const changes: Array<Partial<ProfileOrigin>> = [
      { os: 'macOS' },
      { arch: 'ARM64' },
      { toolchain: 'clang' },
      { formatVersion: 'llvm21' },
      { project: 'tools/cli' },
      { build: 'cargo build --release --locked' },
      { binaries: ['target/*/release/app'] },
      { workload: ['app run input.txt', 'app run other.txt'] },
      { cacheKey: 'corpus-v2' },
      { bolt: true }
    ]
    for (const change of changes) expect(profileKeys({ ...origin, ...change }, RUN).prefix).not.toBe(prefix)
  })

  test("a build's fingerprint, which shards must share, leaves out the workload, the cache key and BOLT", () => {
    const fingerprint = buildFingerprint(origin)
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/)
    for (const same of [{ workload: ['app other'] }, { cacheKey: 'v2' }, { bolt: true }, { os: 'macOS' }])
      expect(buildFingerprint({ ...origin, ...same })).toBe(fingerprint)
    for (const other of [
      { toolchain: 'clang' },
      { formatVersion: 'llvm21' },
      { project: 'cli' },
      { build: 'cargo build --release --locked' },
      { binaries: ['app'] }
    ]) {
      expect(buildFingerprint({ ...origin, ...other })).not.toBe(fingerprint)
    }
  })

  test('keys stay within what the cache accepts: no commas, well under 512 characters', () => {
    const key = profileKeys({ ...origin, os: 'Linux, really', cacheKey: 'x'.repeat(199) }, RUN).keyFor(SHA)
    expect(key).not.toContain(',')
    expect(key.length).toBeLessThan(200)
  })

  test('BOLT profiles have keys of their own: the same fingerprint and profile hash, then the programs, never found by the profile prefix', () => {
    const keys = profileKeys({ ...origin, bolt: true }, RUN)
    const key = keys.boltKeyFor(SHA, '0123456789abcdef')
    expect(key).toBe(`pgo-v2-bolt-Linux-X64-rust-llvm22-${keys.fingerprint}-${SHA}-0123456789abcdef-${RUN}`)
    expect(key.startsWith(keys.boltPrefixFor(SHA, '0123456789abcdef'))).toBe(true)
    expect(key.startsWith(keys.prefix)).toBe(false)
    expect(key.startsWith(pinnedPrefix(SHA))).toBe(false)
    expect(keys.boltKeyFor(SHA, 'fedcba9876543210')).not.toBe(key)
    expect(key.length).toBeLessThan(200)
  })

  test('the pinned key is the hash alone, so it survives changes to the build or workload', () => {
    expect(pinnedPrefix(SHA)).toBe(`pgo-v2-profile-${SHA}-`)
    expect(pinnedKeyFor(SHA, RUN)).toBe(`pgo-v2-profile-${SHA}-${RUN}`)
    expect(hashInKey(pinnedKeyFor(SHA, RUN))).toBe(SHA)
    expect(hashInKey('pgo-v2-Linux-X64-rust-llvm22-0123456789abcdef-')).toBeUndefined()
  })

  test('the project is working-directory relative to the workspace', () => {
    expect(projectPath('/w', '/w')).toBe('.')
    expect(projectPath('/w', '/w/tools/cli')).toBe('tools/cli')
  })
})
