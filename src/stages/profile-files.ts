import * as core from '../system/log'
import * as fs from 'node:fs'
import type { ProfileSource } from '../config'
import type { MergeInput, ProfileTool } from '../llvm/profile-tool'
import type { ProfileSourceReport } from '../report/run-report'
import { ActionError } from '../system/errors'
import { sha256File } from '../system/hash'
import { globFiles } from '../outputs/binaries'

/** The profile files the run uses, put together: one file as it is, or several merged with their weights. */
export interface ProfileFiles {
  path: string
  sha256: string
  /** For the summary: "the file …", "3 profile files, merged". */
  origin: string
  /** Each file merged, with its weight and share; undefined for a single file used as it is. */
  sources?: ProfileSourceReport[]
}

/**
 * The profile input's files. A single file is used where it is. Several
 * files or globs are merged into `output` by the toolchain's own tool
 * (llvm-profdata merge with weighted inputs; pprof, which counts a file of
 * weight W W times), and each is reported with its size, its weight and
 * its share of the merged counts.
 */
export async function putTogether(sources: ProfileSource[], tool: ProfileTool, output: string): Promise<ProfileFiles> {
  const files = await expand(sources)
  if (files.length === 1 && files[0].weight === 1) {
    const [only] = files
    return { path: only.file, sha256: await sha256File(only.file), origin: `the file ${only.file}` }
  }
  for (const { file } of files) tool.checkReusable?.(file, `the profile file ${file}`)
  await mergeEvery(tool, files, output, 'The profile files')
  return {
    path: output,
    sha256: await sha256File(output),
    origin: `${files.length} profile files, merged`,
    sources: await describeSources(files, tool)
  }
}

/**
 * Merges every input, or fails naming each the tool could not read. Unlike
 * the workloads' raw profiles, these are files the workflow chose (profile
 * files, shards): leaving one out would change the profile it asked for.
 */
export async function mergeEvery(tool: ProfileTool, inputs: MergeInput[], output: string, what: string): Promise<void> {
  const { dropped } = await tool.merge(inputs, output)
  if (dropped.length > 0)
    throw new ActionError(`${what} could not all be read: ${dropped.map(entry => `${entry.file} (${entry.reason})`).join(', ')}.`)
}

/** Each merged file with its size, its weight, and its share of the merged counts (its counts times its weight). */
export async function describeSources(
  files: Array<{ file: string; weight: number; name?: string }>,
  tool: ProfileTool
): Promise<ProfileSourceReport[]> {
  const counts = await Promise.all(files.map(async ({ file }) => (await tool.contents(file, 0)).totalCount))
  const weighted = files.map(({ weight }, i) => counts[i] * weight)
  const total = weighted.reduce((sum, count) => sum + count, 0)
  const reports = files.map(({ file, weight, name }, i) => ({
    path: name ?? file,
    bytes: fs.statSync(file).size,
    weight,
    share: total === 0 ? 0 : weighted[i] / total
  }))
  for (const source of reports)
    core.info(`  ${source.path}: weight ${source.weight}, ${(source.share * 100).toFixed(1)}% of the merged counts`)
  return reports
}

/** Every file each line names, with that line's weight; a glob that matches nothing is an error naming it. */
async function expand(sources: ProfileSource[]): Promise<Array<{ file: string; weight: number }>> {
  const files: Array<{ file: string; weight: number }> = []
  for (const source of sources) {
    const matched = await globFiles(source.pattern)
    if (matched.length === 0) throw new ActionError(`profile '${source.given}' matches no file (looked for ${source.pattern}).`)
    for (const file of matched) files.push({ file, weight: source.weight })
  }
  return files
}
