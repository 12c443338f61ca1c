// Checks made before a profile tool or a compiler is handed a profile it
// cannot read: llvm-profdata refuses raw profiles of another format version
// with a terse message, and rustc given an indexed profile that is too new
// only warns (cargo hides the warning for dependencies) and builds without it.
import { ActionError } from '../system/errors'
import { FileKinds, readUntrustedHead } from '../system/untrusted-file'
import { formatVersions, majorsWriting, readProfileHeader, type ProfileHeader } from './profile-format'
import type { LlvmVersion } from './version'

/** The LLVM that reads a profile, and who it is for the message: "llvm-profdata 14.0.6", "rustc 1.95.0". */
export interface ProfileReader {
  name: string
  llvm: LlvmVersion
}

/**
 * The first 16 bytes of a profile, or fewer when it is shorter. A workload
 * writes raw profiles and a glob may pick up any file, so it is read under
 * the untrusted-file rules: a FIFO is refused at once rather than waited on.
 */
export function readHead(file: string): Uint8Array {
  return readUntrustedHead(file, FileKinds.profile, 16)
}

/**
 * Why `tool` cannot read raw profiles of these format versions, or undefined
 * when it can (or when its LLVM is one the action has no record of, and the
 * tool is left to judge). `writer` names the compiler that built the programs.
 */
export function rawProfileProblem(versions: number[], tool: ProfileReader, writer: string): string | undefined {
  const reads = formatVersions(tool.llvm)?.raw
  const foreign = [...new Set(versions)].filter(version => version !== reads).sort((a, b) => a - b)
  if (reads === undefined || foreign.length === 0) return undefined
  const written = foreign
    .map(version => `raw profile format version ${version} (written by ${majorsWriting('raw', version)})`)
    .join(' and ')
  return (
    `${tool.name} (LLVM ${tool.llvm.full}) cannot read the workloads' raw profiles: they are in ${written}, ` +
    `and LLVM ${tool.llvm.major}'s llvm-profdata reads raw profile format version ${reads} only. The programs were built by ${writer}.`
  )
}

/** Why `compiler` cannot use an indexed profile with this header, or undefined when it can. */
export function indexedProfileProblem(header: ProfileHeader | undefined, compiler: ProfileReader): string | undefined {
  if (!header) return undefined // a text profile, or something the compiler will judge itself
  if (header.kind === 'raw') {
    return `it is a raw profile (.profraw), which compilers do not read: merge it with llvm-profdata first (llvm-profdata merge -o merged.profdata file.profraw).`
  }
  const reads = formatVersions(compiler.llvm)?.indexed
  if (reads === undefined || header.version <= reads) return undefined
  return (
    `it is in indexed profile format version ${header.version}, written by ${majorsWriting('indexed', header.version)}, ` +
    `and ${compiler.name} uses LLVM ${compiler.llvm.full}, which reads indexed versions up to ${reads}: ` +
    'the compiler would warn, drop the profile and build without it.'
  )
}

/** Refuses, before llvm-profdata runs, raw profiles it cannot read. */
export function checkRawProfiles(files: string[], tool: ProfileReader, writer: string, fix: string): void {
  const versions = files.map(file => readProfileHeader(readHead(file))).flatMap(header => (header?.kind === 'raw' ? [header.version] : []))
  const problem = rawProfileProblem(versions, tool, writer)
  if (problem) throw new ActionError(`${problem}\nFix: ${fix}`)
}

/** Refuses, before the optimized build, a profile the compiler would ignore. */
export function checkIndexedProfile(file: string, describe: string, compiler: ProfileReader, fix: string): void {
  const problem = indexedProfileProblem(readProfileHeader(readHead(file)), compiler)
  if (problem) throw new ActionError(`The profile ${describe} cannot be used: ${problem}\nFix: ${fix}`)
}
