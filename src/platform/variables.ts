import { hostSystem, type System } from './host'

/**
 * `base` with `changes` set. Windows reads variable names without regard to
 * case, and a process may start with "Path" where the action sets "PATH":
 * there the old spelling goes, so that the command sees one value only.
 */
export function withVariables(base: NodeJS.ProcessEnv, changes: Record<string, string>, system: System = hostSystem()): NodeJS.ProcessEnv {
  const env = { ...base }
  if (system === 'win32') {
    const changed = new Set(Object.keys(changes).map(name => name.toUpperCase()))
    for (const name of Object.keys(env)) if (changed.has(name.toUpperCase())) delete env[name]
  }
  return { ...env, ...changes }
}

/** A variable's value, by its name in any case on Windows. */
export function variable(env: NodeJS.ProcessEnv, name: string, system: System = hostSystem()): string | undefined {
  if (system !== 'win32') return env[name]
  const key = Object.keys(env).find(other => other.toUpperCase() === name.toUpperCase())
  return key === undefined ? undefined : env[key]
}
