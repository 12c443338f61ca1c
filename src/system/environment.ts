import * as path from 'node:path'
import { withVariables } from '../platform/variables'
import { listWithFirst } from '../platform/host'

export type Env = Record<string, string>

/**
 * What the runner gives a JavaScript action and never a `run:` step: the
 * credentials and addresses of the Actions services (cache, artifacts,
 * OIDC tokens). With them a build script or a test could write the
 * repository's cache, so no command the action starts sees them.
 */
export const RUNNER_SERVICE_VARIABLES = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ORCHESTRATION_ID'
] as const

/** A runner service variable by name: the listed ones, and any other ACTIONS_ token or address the runner may add. */
export function isRunnerServiceVariable(name: string): boolean {
  return (RUNNER_SERVICE_VARIABLES as readonly string[]).includes(name) || /^ACTIONS_\w*(TOKEN|URL)$/.test(name)
}

/**
 * The environment the user's commands run in: the step's own, without the
 * action's INPUT_* variables (they are the action's, not the build's) and
 * without the runner's service credentials, plus the changes a stage makes.
 */
export function commandEnv(changes: Env = {}, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !name.startsWith('INPUT_') && !isRunnerServiceVariable(name)) env[name] = value
  }
  return withVariables(env, changes)
}

/** PATH with `directories` first, in order, each once. */
export function pathWithFirst(directories: string[], currentPath = process.env.PATH ?? ''): string {
  return listWithFirst(directories, currentPath, path.delimiter)
}
