import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

/** Where one step of the action keeps its files. */
export interface WorkDirs {
  root: string
  /** Raw profiles from the workloads (PGO_PROFILE_DIR). */
  rawProfiles: string
  /** The directory the cache saves and restores: it holds the profile. */
  profileDir: string
  /** The merged profile the optimized build uses. */
  profile: string
  /** Where the files of an artifact are gathered before upload. */
  artifact: string
  /** The programs of each benchmark side, as they were built. */
  benchmark: { plain: string; optimized: string }
  /** BOLT's files: the PGO programs as built, instrumented copies, their raw profiles, llvm-bolt's output. */
  bolt: string
  /** The directory the cache saves and restores for BOLT: merged BOLT profiles and what they were made on. */
  boltProfileDir: string
}

/**
 * A directory per step (GITHUB_ACTION names the step), emptied first, so two
 * uses of the action in one job keep their profiles apart and a re-run
 * never merges stale raw profiles. Its path is the same in every run of the
 * step, which the cache needs: it restores an entry only to the paths it was saved from.
 */
export function prepareWorkDirs(env: NodeJS.ProcessEnv, profileExtension: string): WorkDirs {
  const step = (env.GITHUB_ACTION || 'pgo').replace(/[^\w.-]/g, '_')
  const root = path.join(env.RUNNER_TEMP || os.tmpdir(), 'pgo-action', step)
  fs.rmSync(root, { recursive: true, force: true })
  const dirs: WorkDirs = {
    root,
    rawProfiles: path.join(root, 'raw'),
    profileDir: path.join(root, 'profile'),
    profile: path.join(root, 'profile', `merged${profileExtension}`),
    artifact: path.join(root, 'artifact'),
    benchmark: { plain: path.join(root, 'benchmark', 'plain'), optimized: path.join(root, 'benchmark', 'optimized') },
    bolt: path.join(root, 'bolt'),
    boltProfileDir: path.join(root, 'bolt-profile')
  }
  fs.mkdirSync(dirs.rawProfiles, { recursive: true })
  fs.mkdirSync(dirs.profileDir, { recursive: true })
  return dirs
}
