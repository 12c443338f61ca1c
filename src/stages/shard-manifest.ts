// What a collect step uploads beside its profile, and what a fan-in step
// checks before it merges the shards: every shard must come from the same
// toolchain and profile format, and the same build.
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { CompilerInfo } from '../toolchains/toolchain'
import { FileKinds, readUntrustedText } from '../system/untrusted-file'

export const SHARD_MANIFEST = 'pgo-shard.json'
const FORMAT = 1

export interface ShardManifest {
  /** "rust", "clang", "go". */
  toolchain: string
  /** The compiler and its LLVM or Go version: "rustc 1.95.0 (LLVM 22.1.2)", "clang 22.1.8", "go1.26.8". */
  compiler: string
  /** What decides whether a profile can be read: "llvm22", "go1.26". */
  profileFormat: string
  /** The build the profile was made for, without the workload (cache/keys.ts buildFingerprint). */
  buildFingerprint: string
  /** The workload lines this shard ran. */
  workload: string[]
  /** The profile's file name beside the manifest, and its sha256. */
  profile: string
  sha256: string
}

/** The compiler in a manifest's words, with its LLVM version where its name does not give it. */
export function compilerWords(compiler: CompilerInfo): string {
  const llvm = compiler.llvm?.full
  return llvm && !compiler.name.includes(llvm) ? `${compiler.name} (LLVM ${llvm})` : compiler.name
}

export function writeShardManifest(dir: string, manifest: ShardManifest): string {
  const file = path.join(dir, SHARD_MANIFEST)
  fs.writeFileSync(file, JSON.stringify({ format: FORMAT, ...manifest }, null, 2) + '\n')
  return file
}

/** The manifest in `dir`, or why there is none this version reads. */
export function readShardManifest(dir: string): ShardManifest | string {
  const file = path.join(dir, SHARD_MANIFEST)
  if (!fs.existsSync(file)) return `it holds no ${SHARD_MANIFEST}: it was not uploaded by a collect step`
  try {
    // An artifact's files are read as regular files of a manifest's size, links not followed.
    const data = JSON.parse(readUntrustedText(file, FileKinds.manifest, 'refuse')) as Partial<ShardManifest> & { format?: number }
    if (data.format !== FORMAT) return `its ${SHARD_MANIFEST} is of format ${data.format}, and this version reads format ${FORMAT}`
    const fields = ['toolchain', 'compiler', 'profileFormat', 'buildFingerprint', 'profile', 'sha256'] as const
    const missing = fields.filter(field => typeof data[field] !== 'string')
    if (missing.length > 0 || !Array.isArray(data.workload))
      return `its ${SHARD_MANIFEST} lacks ${[...missing, ...(Array.isArray(data.workload) ? [] : ['workload'])].join(', ')}`
    if (path.basename(data.profile as string) !== data.profile)
      return `its ${SHARD_MANIFEST} names a profile outside the artifact (${data.profile})`
    const { toolchain, compiler, profileFormat, buildFingerprint, workload, profile, sha256 } = data as ShardManifest
    return { toolchain, compiler, profileFormat, buildFingerprint, workload, profile, sha256 }
  } catch (error) {
    return `its ${SHARD_MANIFEST} is not JSON (${error instanceof Error ? error.message : String(error)})`
  }
}

/** What a shard must share with the fan-in step, and the compiler that step builds with. */
export type BuildIdentity = Pick<ShardManifest, 'toolchain' | 'profileFormat' | 'buildFingerprint' | 'compiler'>

/** The fields a shard must share with the fan-in step, in words, and how they differ; empty when it fits. */
export function manifestMismatches(shard: ShardManifest, expected: BuildIdentity): string[] {
  const fields: Array<[keyof BuildIdentity, string]> = [
    ['toolchain', 'toolchain'],
    ['profileFormat', 'profile format'],
    ['buildFingerprint', 'build (working-directory, build, binaries)']
  ]
  // A profile format names a version: the compilers behind it say where each came from.
  const value = (field: keyof BuildIdentity, of: Pick<ShardManifest, keyof BuildIdentity>) =>
    field === 'profileFormat' ? `${of.profileFormat} (${of.compiler})` : of[field]
  return fields
    .filter(([field]) => shard[field] !== expected[field])
    .map(([field, words]) => `${words}: the shard has ${value(field, shard)}, this step ${value(field, expected)}`)
}

/** Whether an artifact's name matches a pattern with * and ?, as a shell matches file names. */
export function matchesArtifactPattern(name: string, pattern: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${regex}$`).test(name)
}
