import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

/** Where one step of the action keeps its files. */
export interface WorkDirs {
  root: string
  /** Raw profiles from the workloads (PGO_PROFILE_DIR). */
  rawProfiles: string
  /** The merged profile the optimized build uses. */
  mergedProfile: string
}

/**
 * A directory per step (GITHUB_ACTION names the step), emptied first, so two
 * uses of the action in one job keep their profiles apart and a re-run
 * never merges stale raw profiles.
 */
export function prepareWorkDirs(env: NodeJS.ProcessEnv, profileExtension: string): WorkDirs {
  const step = (env.GITHUB_ACTION || 'pgo').replace(/[^\w.-]/g, '_')
  const root = path.join(env.RUNNER_TEMP || os.tmpdir(), 'pgo-action', step)
  fs.rmSync(root, { recursive: true, force: true })
  const rawProfiles = path.join(root, 'raw')
  fs.mkdirSync(rawProfiles, { recursive: true })
  return { root, rawProfiles, mergedProfile: path.join(root, `merged${profileExtension}`) }
}
