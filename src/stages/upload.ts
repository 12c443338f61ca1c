import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { errorMessage } from '../system/errors'
import { uniqueFileName } from '../system/paths'
import { uploadFiles } from './artifact-client'
import type { RunReport } from '../report/run-report'
import type { StageOutcome } from '../report/stage'
import { formatBytes } from '../report/format'

export type UploadedArtifact = NonNullable<RunReport['artifact']>

/**
 * Uploads the optimized programs and the profile (with its fit baseline,
 * when it has one) as one artifact. The files
 * are gathered into one directory first (linked where the file system
 * allows) so the artifact holds them side by side. A failed upload is a
 * warning: the programs are built and the step's outputs still name them.
 */
export async function uploadArtifact(name: string, programs: string[], profileFiles: string[], gatherDir: string): Promise<StageOutcome<UploadedArtifact | undefined>> {
  const files = gather([...programs, ...profileFiles], gatherDir)
  try {
    const { id, size } = await uploadFiles(name, files, gatherDir)
    const artifact = { name, id, files: files.length, bytes: size }
    core.info(`Uploaded ${files.length} files as the artifact ${name} (id ${id}, ${formatBytes(artifact.bytes)} zipped)`)
    return { value: artifact, result: `${name}: ${files.length} files, ${formatBytes(artifact.bytes)}, id ${id}` }
  } catch (error) {
    core.warning(`Could not upload the artifact ${name}: ${errorMessage(error)}`)
    return { value: undefined, result: `not uploaded: ${errorMessage(error).split('\n')[0]}`, status: 'warning' }
  }
}

/** Places the files in one directory under their own names, numbering any name that repeats. */
function gather(files: string[], dir: string): string[] {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  const used = new Set<string>()
  return files.map(file => {
    const target = path.join(dir, uniqueFileName(file, used))
    try {
      fs.linkSync(file, target)
    } catch {
      fs.copyFileSync(file, target)
    }
    return target
  })
}
