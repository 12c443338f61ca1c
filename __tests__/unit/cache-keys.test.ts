import { hashInKey, pinnedKey, profileKeys, projectPath, type ProfileOrigin } from '../../src/cache-keys'
import { judgeStaleness } from '../../src/staleness'

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

describe('profile cache keys', () => {
  test('readable words, then the fingerprint, then the profile hash', () => {
    const keys = profileKeys(origin)
    expect(keys.prefix).toMatch(/^pgo-v1-Linux-X64-rust-llvm22-[0-9a-f]{16}-$/)
    expect(keys.keyFor(SHA)).toBe(keys.prefix + SHA)
    expect(hashInKey(keys.keyFor(SHA))).toBe(SHA)
  })

  test('the same origin gives the same prefix; each thing that made the profile changes it', () => {
    const prefix = profileKeys(origin).prefix
    expect(profileKeys({ ...origin }).prefix).toBe(prefix)
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
    for (const change of changes) expect(profileKeys({ ...origin, ...change }).prefix).not.toBe(prefix)
  })

  test('keys stay within what the cache accepts: no commas, well under 512 characters', () => {
    const key = profileKeys({ ...origin, os: 'Linux, really', cacheKey: 'x'.repeat(199) }).keyFor(SHA)
    expect(key).not.toContain(',')
    expect(key.length).toBeLessThan(200)
  })

  test('BOLT profiles have keys of their own: the same fingerprint and profile hash, then the programs, never found by the profile prefix', () => {
    const keys = profileKeys({ ...origin, bolt: true })
    const key = keys.boltKeyFor(SHA, '0123456789abcdef')
    expect(key).toBe(`pgo-v1-bolt-Linux-X64-rust-llvm22-${keys.fingerprint}-${SHA}-0123456789abcdef`)
    expect(key.startsWith(keys.prefix)).toBe(false)
    expect(key.startsWith(pinnedKey(SHA))).toBe(false)
    expect(keys.boltKeyFor(SHA, 'fedcba9876543210')).not.toBe(key)
    expect(key.length).toBeLessThan(200)
  })

  test('the pinned key is the hash alone, so it survives changes to the build or workload', () => {
    expect(pinnedKey(SHA)).toBe(`pgo-v1-profile-${SHA}`)
    expect(hashInKey(pinnedKey(SHA))).toBe(SHA)
    expect(hashInKey('pgo-v1-Linux-X64-rust-llvm22-0123456789abcdef-')).toBeUndefined()
  })

  test('the project is working-directory relative to the workspace', () => {
    expect(projectPath('/w', '/w')).toBe('.')
    expect(projectPath('/w', '/w/tools/cli')).toBe('tools/cli')
  })
})

describe('staleness of a reused profile', () => {
  test('stale when more than a tenth of the profiled functions did not match', () => {
    expect(judgeStaleness({ missing: 3, mismatched: 2, examples: [] }, 40)).toEqual({ stale: true, unmatched: 5, profiled: 40 })
    expect(judgeStaleness({ missing: 2, mismatched: 2, examples: [] }, 40).stale).toBe(false)
    expect(judgeStaleness({ missing: 0, mismatched: 0, examples: [] }, 0).stale).toBe(false)
    expect(judgeStaleness({ missing: 1, mismatched: 0, examples: [] }, 0).stale).toBe(true)
  })
})
