import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { ProfileTool } from '../llvm/profile-tool'
import type { ProfileSourceReport } from '../report/run-report'
import type { StageOutcome } from '../report/stage'
import { ActionError } from '../system/errors'
import { sha256File } from '../system/hash'
import { withinServiceBound } from '../system/artifact-service'
import { describeSources, mergeEvery } from './profile-files'
import { manifestMismatches, matchesArtifactPattern, readShardManifest, type BuildIdentity, type ShardManifest } from './shard-manifest'
import { FileKinds } from '../system/untrusted-file'
import type { ProfileReport } from '../report/run-report'
import { stage } from '../report/stage'
import { describeProfile } from '../report/profile'
import type { ReusedProfile } from './restore-profile'
import { identityOfBuild, type RunContext } from './run-context'

export interface FanInContext {
  /** profile-artifacts: the name pattern of the shards' artifacts. */
  pattern: string
  /** profile-shards: how many the step expects, if the workflow says. */
  expected?: number
  /** What every shard must share with this step, and this step's compiler. */
  fits: BuildIdentity
  profileTool: ProfileTool
  /** Where the shards are downloaded, a directory of the action's own. */
  downloadDir: string
  /** Where the merged profile goes. */
  output: string
}

export interface GatheredShards {
  path: string
  sha256: string
  origin: string
  sources: ProfileSourceReport[]
}

interface Shard {
  name: string
  manifest: ShardManifest
  file: string
}

/**
 * A fan-in step: downloads this run's artifacts whose names match
 * profile-artifacts, checks that each is a shard of this build (its
 * manifest's toolchain, profile format and build, its profile's hash, and
 * what the compiler can read), and merges them. A shard that disagrees is
 * refused, naming the shard, the field and both values.
 */
export async function gatherShards(context: FanInContext): Promise<StageOutcome<GatheredShards>> {
  const { DefaultArtifactClient } = await import('@actions/artifact')
  const client = new DefaultArtifactClient()
  const { artifacts } = await withinServiceBound("listing the run's artifacts", () => client.listArtifacts({ latest: true }))
  const matching = artifacts
    .filter(artifact => matchesArtifactPattern(artifact.name, context.pattern))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
  checkCount(
    context,
    matching.map(artifact => artifact.name),
    artifacts.map(artifact => artifact.name).sort()
  )
  const shards: Shard[] = []
  fs.rmSync(context.downloadDir, { recursive: true, force: true })
  for (const artifact of matching) {
    const dir = path.join(context.downloadDir, artifact.name)
    await withinServiceBound(`the download of ${artifact.name}`, () => client.downloadArtifact(artifact.id, { path: dir }))
    const shard = await checkShard(artifact.name, dir, context)
    shards.push(shard)
    core.info(`Shard ${shard.name}: ${shard.manifest.workload.length} workload lines, sha256 ${shard.manifest.sha256}`)
  }
  await mergeEvery(
    context.profileTool,
    shards.map(shard => ({ file: shard.file })),
    context.output,
    'The shards'
  )
  const sources = await describeSources(
    shards.map(shard => ({ file: shard.file, weight: 1, name: shard.name })),
    context.profileTool
  )
  const origin = `${shards.length} shard${shards.length === 1 ? '' : 's'} (${context.pattern}), merged`
  return {
    value: { path: context.output, sha256: await sha256File(context.output), origin, sources },
    result: `${origin}: ${shards.map(shard => shard.name).join(', ')}`
  }
}

/** No shard at all is an error; so is another number of shards than profile-shards says. */
function checkCount(context: FanInContext, names: string[], all: string[]): void {
  if (names.length === 0) {
    throw new ActionError(
      `profile-artifacts '${context.pattern}' matches none of this run's artifacts (${all.length ? all.join(', ') : 'it has none'}). ` +
        'The collect steps upload their shards with upload-artifact; the fan-in job must need them (needs:) so that it runs after them.'
    )
  }
  if (context.expected !== undefined && names.length !== context.expected) {
    throw new ActionError(
      `profile-artifacts '${context.pattern}' found ${names.length} shard${names.length === 1 ? '' : 's'} (${names.join(', ')}), and profile-shards expects ${context.expected}: ` +
        (names.length < context.expected
          ? 'a collect job failed or uploaded under another name.'
          : 'the pattern matches artifacts that are not shards of this build, or profile-shards is out of date.')
    )
  }
}

async function checkShard(name: string, dir: string, context: FanInContext): Promise<Shard> {
  const manifest = readShardManifest(dir)
  if (typeof manifest === 'string') throw new ActionError(`The artifact ${name} is not a shard: ${manifest}.`)
  const mismatches = manifestMismatches(manifest, context.fits)
  if (mismatches.length > 0)
    throw new ActionError(
      `The shard ${name} was not made for this build: ${mismatches.join('; ')}. Refusing it rather than merging profiles of different builds.`
    )
  if (manifest.compiler !== context.fits.compiler) {
    core.warning(
      `The shard ${name} was made by ${manifest.compiler}, and this step builds with ${context.fits.compiler}. Both read ${manifest.profileFormat} profiles, so it is merged; functions whose code differs between the two get no profile.`
    )
  }
  const file = path.join(dir, manifest.profile)
  const sha256 = fs.existsSync(file) ? await sha256File(file, FileKinds.profile, 'refuse') : 'missing'
  if (sha256 !== manifest.sha256)
    throw new ActionError(
      `The shard ${name}'s profile ${manifest.profile} has sha256 ${sha256}, not the ${manifest.sha256} its manifest records.`
    )
  context.profileTool.checkReusable?.(file, `the shard ${name}, made by ${manifest.compiler}`)
  return { name, manifest, file }
}

/** A fan-in step: the shards' profiles, merged, and saved to the cache like a profile made here. */
export async function fanIn(run: RunContext, pattern: string): Promise<ReusedProfile> {
  const { config, report, profileTool, dirs } = run
  const context = {
    pattern,
    expected: config.profileShards,
    fits: identityOfBuild(run),
    profileTool,
    downloadDir: dirs.shards,
    output: dirs.profile
  }
  const gathered = await stage(report, 'Gather shards', () => gatherShards(context))
  const profile: ProfileReport = {
    ...(await describeProfile(profileTool, gathered.path, gathered.sha256, gathered.origin)),
    sources: gathered.sources
  }
  return { report: profile, replaceable: false, fromCache: false, mergedFromShards: true }
}
