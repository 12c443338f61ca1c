import * as path from 'node:path'

export type Env = Record<string, string>

/**
 * The environment the user's commands run in: the step's own, without the
 * action's INPUT_* variables (they are the action's, not the build's), plus
 * the changes a stage makes.
 */
export function commandEnv(changes: Env = {}, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !name.startsWith('INPUT_')) env[name] = value
  }
  return { ...env, ...changes }
}

/** PATH with `directories` first, in order, each once. */
export function pathWithFirst(directories: string[], currentPath = process.env.PATH ?? ''): string {
  const first = [...new Set(directories)]
  const rest = currentPath.split(path.delimiter).filter(entry => entry !== '' && !first.includes(entry))
  return [...first, ...rest].join(path.delimiter)
}
