import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { ActionError } from './errors'

/** Where one step of the action keeps its files. */
export interface WorkDirs {
  root: string
  /** Raw profiles from the workloads (PGO_PROFILE_DIR). */
  rawProfiles: string
  /** The output of workloads that run at once, until their turn in the log. */
  workloadLogs: string
  /** The directory the cache saves and restores: it holds the profile. */
  profileDir: string
  /** The merged profile the optimized build uses. */
  profile: string
  /** Each program's own profile, when the workloads wrote some for one program only (outside the cached directory). */
  programProfiles: string
  /** Where the files of an artifact are gathered before upload. */
  artifact: string
  /** The programs of each benchmark side, as they were built, the runs' own files, and the journal of the sides' swaps. */
  benchmark: { plain: string; optimized: string; scratch: string; journal: string }
  /** advice: measure's variant build (its own target directory), its own profile (raw and merged), the release kept while it builds, the release's copies it is timed against, and its runs' files. */
  advice: { build: string; profile: string; kept: string; released: string; variant: string; scratch: string }
  /** BOLT's files: the PGO programs as built, instrumented copies, their raw profiles, llvm-bolt's output. */
  bolt: string
  /** The directory the cache saves and restores for BOLT: merged BOLT profiles and what they were made on. */
  boltProfileDir: string
  /** Where an earlier profile of the same build is kept, to compare the new one with. */
  earlier: string
  /** Where a fan-in step downloads the shards' artifacts. */
  shards: string
  /** Scripts that run an emulated target's programs under qemu-user, first on the workloads' PATH. */
  emulator: string
}

/**
 * A directory per step (GITHUB_ACTION names the step), emptied first, so two
 * uses of the action in one job keep their profiles apart and a re-run
 * never merges stale raw profiles. The directories the cache saves sit
 * alone in a directory of their own (ProfileCache's work directory): the
 * cache entry holds them by their plain name, wherever this one is.
 */
export function prepareWorkDirs(env: NodeJS.ProcessEnv, profileExtension: string): WorkDirs {
  const root = stepDir(env)
  const dirs: WorkDirs = {
    root,
    rawProfiles: path.join(root, 'raw'),
    workloadLogs: path.join(root, 'workload-logs'),
    profileDir: path.join(root, 'cache', 'profile', 'pgo-profile'),
    profile: path.join(root, 'cache', 'profile', 'pgo-profile', `merged${profileExtension}`),
    programProfiles: path.join(root, 'program-profiles'),
    artifact: path.join(root, 'artifact'),
    benchmark: {
      plain: path.join(root, 'benchmark', 'plain'),
      optimized: path.join(root, 'benchmark', 'optimized'),
      scratch: path.join(root, 'benchmark', 'runs'),
      journal: swapJournal(env)
    },
    advice: {
      build: path.join(root, 'advice', 'build'),
      profile: path.join(root, 'advice', 'profile'),
      kept: path.join(root, 'advice', 'kept'),
      released: path.join(root, 'advice', 'released'),
      variant: path.join(root, 'advice', 'variant'),
      scratch: path.join(root, 'advice', 'runs')
    },
    bolt: path.join(root, 'bolt'),
    boltProfileDir: path.join(root, 'cache', 'bolt', 'pgo-bolt-profile'),
    earlier: path.join(root, 'cache', 'earlier'),
    shards: path.join(root, 'shards'),
    emulator: path.join(root, 'emulator')
  }
  try {
    fs.rmSync(root, { recursive: true, force: true })
    fs.mkdirSync(dirs.rawProfiles, { recursive: true })
    fs.mkdirSync(dirs.profileDir, { recursive: true })
  } catch (error) {
    throw new ActionError(
      `The action cannot make its work directory ${root}: ${fileSystemReason(whyNotWritable(root) ?? error)}. ` +
        `It lives in RUNNER_TEMP (${env.RUNNER_TEMP || os.tmpdir()}), which must be a directory the runner's user can write: check that no earlier step replaced it or changed its permissions.`,
      { cause: error }
    )
  }
  return dirs
}

/** The step's own directory. */
function stepDir(env: NodeJS.ProcessEnv): string {
  // A step id is a name, never a path: '.' or '..' must not name RUNNER_TEMP/pgo-action or its parent.
  const step = (env.GITHUB_ACTION || 'pgo').replace(/[^\w.-]/g, '_').replace(/^\./, '_')
  return path.join(actionTempRoot(env), step)
}

/** Where the toolchain's adapter keeps its own files, inside the step's directory: known before that is made, as the adapter is opened first. */
export function toolchainScratchDir(env: NodeJS.ProcessEnv): string {
  return path.join(stepDir(env), 'toolchain')
}

/** Where the benchmark records the swaps it has made, for the post step to finish when the main step could not. */
export function swapJournal(env: NodeJS.ProcessEnv): string {
  return path.join(stepDir(env), 'benchmark', 'swaps.json')
}

/**
 * Why the nearest directory that exists above `dir` takes no new entry, or
 * undefined when it does: a recursive mkdir on a read-only mount says only
 * ENOENT, naming a directory it did not make.
 */
function whyNotWritable(dir: string): unknown {
  let existing = dir
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing)
  try {
    fs.rmdirSync(fs.mkdtempSync(path.join(existing, '.pgo-action-probe-')))
    return undefined
  } catch (error) {
    return error
  }
}

/** What a file system error means, in words. */
function fileSystemReason(error: unknown): string {
  const reasons: Record<string, string> = {
    ENOTDIR: 'a part of its path is a file, not a directory',
    EEXIST: 'a file is in the way',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full'
  }
  return reasons[(error as NodeJS.ErrnoException).code ?? ''] ?? (error as Error).message
}

/**
 * A directory every step of the job shares, for files named by their
 * content. '+' is never in a step's directory name (prepareWorkDirs
 * replaces it), so no step empties it.
 */
export function sharedActionDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(actionTempRoot(env), '+shared', name)
}

/**
 * Where every use of the action keeps its files. Made absolute: a path
 * without a drive (\\tmp on Windows) would reach the tools, and their
 * records of it, in another spelling than the action's.
 */
function actionTempRoot(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.RUNNER_TEMP || os.tmpdir(), 'pgo-action')
}

/**
 * Directories that are the runner's or the action's, never a build's: a
 * working directory that holds one of them must not have it cleaned.
 */
export function protectedDirectories(env: NodeJS.ProcessEnv = process.env): string[] {
  return [env.RUNNER_TEMP, env.RUNNER_TOOL_CACHE]
    .filter((dir): dir is string => Boolean(dir))
    .map(dir => path.resolve(dir))
    .concat(actionTempRoot(env))
}
