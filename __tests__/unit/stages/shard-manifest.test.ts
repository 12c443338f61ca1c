import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  compilerWords,
  manifestMismatches,
  matchesArtifactPattern,
  readShardManifest,
  writeShardManifest,
  type ShardManifest
} from '../../../src/stages/shard-manifest'

const manifest: ShardManifest = {
  toolchain: 'rust',
  compiler: 'rustc 1.95.0 (LLVM 22.1.2)',
  profileFormat: 'llvm22',
  buildFingerprint: '0123456789abcdef',
  workload: ['app run a.txt'],
  profile: 'merged.profdata',
  sha256: 'ab'.repeat(32)
}

function dir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-shard-'))
}

test('a manifest reads back as it was written', () => {
  const where = dir()
  writeShardManifest(where, manifest)
  expect(readShardManifest(where)).toEqual(manifest)
})

test('what is not a shard says why', () => {
  expect(readShardManifest(dir())).toMatch(/^it holds no pgo-shard\.json: it was not uploaded by a collect step$/)
  const older = dir()
  fs.writeFileSync(path.join(older, 'pgo-shard.json'), JSON.stringify({ format: 0 }))
  expect(readShardManifest(older)).toBe('its pgo-shard.json is of format 0, and this version reads format 1')
  const sneaky = dir()
  writeShardManifest(sneaky, { ...manifest, profile: '../../etc/passwd' })
  expect(readShardManifest(sneaky)).toBe('its pgo-shard.json names a profile outside the artifact (../../etc/passwd)')
})

test('a shard that disagrees is named by field, with both values', () => {
  const fits = { toolchain: 'rust', profileFormat: 'llvm22', buildFingerprint: '0123456789abcdef', compiler: 'rustc 1.95.0 (LLVM 22.1.2)' }
  expect(manifestMismatches(manifest, fits)).toEqual([])
  // Another rustc on the same LLVM reads the same profiles: that alone is no mismatch.
  expect(manifestMismatches({ ...manifest, compiler: 'rustc 1.96.0 (LLVM 22.1.5)' }, fits)).toEqual([])
  expect(
    manifestMismatches(
      { ...manifest, profileFormat: 'llvm21', compiler: 'rustc 1.90.0 (LLVM 21.1.0)', buildFingerprint: 'fedcba9876543210' },
      fits
    )
  ).toEqual([
    'profile format: the shard has llvm21 (rustc 1.90.0 (LLVM 21.1.0)), this step llvm22 (rustc 1.95.0 (LLVM 22.1.2))',
    'build (working-directory, build, binaries): the shard has fedcba9876543210, this step 0123456789abcdef'
  ])
})

test('artifact name patterns match as a shell matches file names', () => {
  expect(matchesArtifactPattern('pgo-shard-2', 'pgo-shard-*')).toBe(true)
  expect(matchesArtifactPattern('pgo-shard-', 'pgo-shard-?')).toBe(false)
  expect(matchesArtifactPattern('pgo-shard-10', 'pgo-shard-?')).toBe(false)
  expect(matchesArtifactPattern('release.binaries', 'release.binaries')).toBe(true)
  expect(matchesArtifactPattern('releaseXbinaries', 'release.binaries')).toBe(false)
})

test("the compiler's words carry its LLVM version where its name does not", () => {
  const llvm = { major: 22, full: '22.1.2' }
  expect(compilerWords({ name: 'rustc 1.95.0', description: '', llvm, profileFormatVersion: 'llvm22' })).toBe('rustc 1.95.0 (LLVM 22.1.2)')
  expect(compilerWords({ name: 'clang 22.1.2', description: '', llvm, profileFormatVersion: 'llvm22' })).toBe('clang 22.1.2')
  expect(compilerWords({ name: 'go1.26.8', description: '', profileFormatVersion: 'go1.26' })).toBe('go1.26.8')
})
