import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { ProfileReport, RunReport } from '../report/run-report'
import type { StageOutcome } from '../report/stage'
import { formatBytes } from '../report/format'
import { ActionError, errorMessage } from '../system/errors'
import { uploadFiles } from '../system/artifact-service'
import { writeShardManifest, type ShardManifest } from './shard-manifest'
import { Output } from '../constants'
import { stage } from '../report/stage'
import { makeProfile, useProfile } from './profile-life'
import { identityOfBuild, type RunContext } from './run-context'

/**
 * mode collect: uploads this job's merged profile, with a manifest of what
 * made it, as the artifact upload-artifact names, for a fan-in step to
 * merge. It is all the step makes, so a failed upload fails the step: a
 * shard lost without a word would only be missed by the fan-in.
 */
export async function uploadShard(
  name: string,
  profile: ProfileReport,
  manifest: Omit<ShardManifest, 'profile' | 'sha256'>,
  dir: string
): Promise<StageOutcome<NonNullable<RunReport['artifact']>>> {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  const profileFile = path.join(dir, path.basename(profile.path))
  fs.copyFileSync(profile.path, profileFile)
  const manifestFile = writeShardManifest(dir, { ...manifest, profile: path.basename(profile.path), sha256: profile.sha256 })
  try {
    const { id, size } = await uploadFiles(name, [profileFile, manifestFile], dir)
    core.info(`Uploaded the profile and its manifest as the artifact ${name} (id ${id})`)
    const artifact = { name, id, files: 2, bytes: size }
    return { value: artifact, result: `${name}: ${profile.sha256.slice(0, 12)}…, ${formatBytes(artifact.bytes)}, id ${id}` }
  } catch (error) {
    throw new ActionError(
      `Could not upload the shard ${name}: ${errorMessage(error)}. The fan-in step would miss it: run this job again.`,
      { cause: error }
    )
  }
}

/** mode collect: this job's share of the workload, merged and uploaded for a fan-in step; nothing else is built. */
export async function collectShard(run: RunContext): Promise<void> {
  const { config, report, dirs } = run
  report.collecting = true
  const profile = await makeProfile(run, '')
  useProfile(run, profile)
  const manifest = { ...identityOfBuild(run), workload: config.workload }
  const artifact = await stage(report, 'Upload shard', () => uploadShard(config.uploadArtifact as string, profile, manifest, dirs.artifact))
  report.artifact = artifact
  core.setOutput(Output.ArtifactId, String(artifact.id))
}
