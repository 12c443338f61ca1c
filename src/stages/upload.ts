import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { errorMessage } from '../system/errors'
import { liesWithin, uniqueFileName } from '../system/paths'
import { uploadFiles } from '../system/artifact-service'
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
export async function uploadArtifact(
  name: string,
  programs: string[],
  profileFiles: string[],
  dirs: { gather: string; cwd: string }
): Promise<StageOutcome<UploadedArtifact | undefined>> {
  const files = gather(programs, profileFiles, dirs)
  try {
    const { id, size } = await uploadFiles(name, files, dirs.gather)
    const artifact = { name, id, files: files.length, bytes: size }
    core.info(`Uploaded ${files.length} files as the artifact ${name} (id ${id}, ${formatBytes(artifact.bytes)} zipped)`)
    return { value: artifact, result: `${name}: ${files.length} files, ${formatBytes(artifact.bytes)}, id ${id}` }
  } catch (error) {
    core.warning(`Could not upload the artifact ${name}: ${errorMessage(error)}`)
    return { value: undefined, result: `not uploaded: ${errorMessage(error).split('\n')[0]}`, status: 'warning' }
  }
}

/**
 * Places the files in one directory under their own names, numbering any
 * name that repeats. Programs that share a name (one per platform, in
 * bin/linux-arm64/ and bin/darwin-arm64/) keep their paths in the working
 * directory instead, so the artifact still tells them apart.
 */
function gather(programs: string[], profileFiles: string[], dirs: { gather: string; cwd: string }): string[] {
  const dir = dirs.gather
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  const used = new Set<string>()
  const names = programs.map(program => path.basename(program))
  const keepPaths = new Set(names).size < names.length
  const placed = (file: string) =>
    keepPaths && programs.includes(file) && liesWithin(file, dirs.cwd) ? path.relative(dirs.cwd, file) : uniqueFileName(file, used)
  return [...programs, ...profileFiles].map(file => {
    const target = path.join(dir, placed(file))
    fs.mkdirSync(path.dirname(target), { recursive: true })
    try {
      fs.linkSync(file, target)
    } catch {
      fs.copyFileSync(file, target)
    }
    return target
  })
}
