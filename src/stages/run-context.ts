// What every stage after the toolchain's may need, gathered once by
// pipeline.ts, and the facts about this build that name its profiles (the
// cache key's origin) and its shards.
import type { Config } from '../config'
import { buildFingerprint, projectPath, type ProfileKeys } from '../cache/keys'
import type { ProfileCache } from '../cache/profile-cache'
import type { ProfileTool } from '../llvm/profile-tool'
import type { RunReport } from '../report/run-report'
import type { ForeignTarget } from '../targets/foreign'
import type { Toolchain } from '../toolchains/toolchain'
import type { WorkDirs } from '../system/workdir'
import type { Builder } from './builder'
import { compilerWords, type BuildIdentity } from './shard-manifest'
import { hostSystem } from '../platform/host'

/** What every stage after the toolchain's may need. */
export interface RunContext {
  config: Config
  /** The target, when this runner runs its programs only under an emulator. */
  foreign?: ForeignTarget
  report: RunReport
  toolchain: Toolchain
  builder: Builder
  profileTool: ProfileTool
  dirs: WorkDirs
  keys: ProfileKeys
  cache: ProfileCache
}

/** What makes profiles of this build interchangeable: the cache key's origin and a shard's fingerprint. */
export function profileOrigin(config: Config, toolchain: Toolchain) {
  return {
    os: process.env.RUNNER_OS || hostSystem(),
    arch: process.env.RUNNER_ARCH || process.arch,
    toolchain: toolchain.spec.name,
    formatVersion: toolchain.compiler.profileFormatVersion,
    project: projectPath(process.env.GITHUB_WORKSPACE || process.cwd(), config.workingDirectory),
    build: config.build,
    binaries: config.binaries,
    workload: config.workload,
    cacheKey: config.cacheKey,
    bolt: config.bolt !== undefined
  }
}

/** What a collect step's manifest records and a fan-in step checks every shard against: this step's toolchain, compiler and build. */
export function identityOfBuild({ config, toolchain }: RunContext): BuildIdentity {
  return {
    toolchain: toolchain.spec.name,
    compiler: compilerWords(toolchain.compiler),
    profileFormat: toolchain.compiler.profileFormatVersion,
    buildFingerprint: buildFingerprint(profileOrigin(config, toolchain))
  }
}
