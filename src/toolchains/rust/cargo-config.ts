import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { ActionError } from '../../system/errors'
import { matchesCfg } from './cfg-expr'
import { FileKinds, readUntrustedText } from '../../system/untrusted-file'
import { commandEnv } from '../../system/environment'
import { runTool } from '../../system/exec'

// Cargo's four sources of rustflags are mutually exclusive: the first one set
// wins. Setting RUSTFLAGS ourselves would silently drop flags a project keeps
// in .cargo/config.toml, so the action works out the user's effective flags
// the way cargo does and passes them, with its own, in CARGO_ENCODED_RUSTFLAGS,
// the source cargo reads first.

export interface CargoConfigFile {
  path: string
  data: Record<string, unknown>
}

export interface UserRustflags {
  flags: string[]
  /** Where cargo would have taken them from, for the log. */
  source: string
}

/** The config files cargo reads when run in `cwd`, highest precedence first. */
export function findCargoConfigFiles(cwd: string, env: NodeJS.ProcessEnv): string[] {
  const files: string[] = []
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const file = configFileIn(path.join(dir, '.cargo'))
    if (file) files.push(file)
    if (path.dirname(dir) === dir) break
  }
  const home = configFileIn(env.CARGO_HOME || path.join(os.homedir(), '.cargo'))
  if (home && !files.some(file => path.resolve(file) === path.resolve(home))) files.push(home)
  return files
}

function configFileIn(dir: string): string | undefined {
  // When both exist, cargo reads `config` and ignores `config.toml`.
  for (const name of ['config', 'config.toml']) {
    const file = path.join(dir, name)
    if (fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return file
  }
  return undefined
}

export function loadCargoConfigs(cwd: string, env: NodeJS.ProcessEnv): CargoConfigFile[] {
  return findCargoConfigFiles(cwd, env).map(file => {
    try {
      return { path: file, data: parseToml(readUntrustedText(file, FileKinds.cargoConfig)) as Record<string, unknown> }
    } catch (error) {
      throw new ActionError(`Cannot read the cargo config ${file}: ${(error as Error).message}`, { cause: error })
    }
  })
}

/**
 * The workspace's root Cargo.toml, the only manifest whose [profile] tables
 * cargo reads; undefined where cargo cannot say (its own error will come
 * from the build, in its words).
 */
export async function loadWorkspaceManifest(cwd: string): Promise<CargoConfigFile | undefined> {
  try {
    const args = ['locate-project', '--workspace', '--message-format', 'plain']
    const { stdout } = await runTool('cargo', args, {
      cwd,
      env: commandEnv(),
      what: "Finding the workspace's Cargo.toml",
      quiet: true,
      capture: true
    })
    const file = stdout.trim()
    return { path: file, data: parseToml(readUntrustedText(file, FileKinds.cargoManifest)) as Record<string, unknown> }
  } catch {
    return undefined
  }
}

export interface RustflagsQuery {
  env: NodeJS.ProcessEnv
  /** Highest precedence first, as findCargoConfigFiles returns them. */
  configs: CargoConfigFile[]
  /** The target triple the build compiles for. */
  triple: string
  /** The target's cfg lines (`rustc --print cfg`); needed only when hasCfgTables(configs). */
  targetCfg: string[]
}

/** The rustflags cargo would pass to the target's crates if the action added none. */
export function resolveUserRustflags(query: RustflagsQuery): UserRustflags {
  const { env, configs, triple } = query
  const encoded = env.CARGO_ENCODED_RUSTFLAGS
  if (encoded !== undefined) {
    return { flags: encoded === '' ? [] : encoded.split('\x1f'), source: 'CARGO_ENCODED_RUSTFLAGS' }
  }
  if (env.RUSTFLAGS !== undefined) {
    return { flags: splitFlags(env.RUSTFLAGS), source: 'RUSTFLAGS' }
  }

  const targetFlags: string[] = []
  const targetSources: string[] = []
  const tripleEnv = `CARGO_TARGET_${triple.toUpperCase().replace(/[-.]/g, '_')}_RUSTFLAGS`
  collectList(configs, ['target', triple, 'rustflags'], env[tripleEnv], targetFlags, targetSources, `target.${triple}.rustflags`, tripleEnv)
  for (const key of cfgTableKeys(configs).filter(key => matchesCfg(key, query.targetCfg))) {
    collectList(configs, ['target', key, 'rustflags'], undefined, targetFlags, targetSources, `target.'${key}'.rustflags`)
  }
  if (targetFlags.length > 0) return { flags: targetFlags, source: targetSources.join(', ') }

  const buildFlags: string[] = []
  const buildSources: string[] = []
  collectList(
    configs,
    ['build', 'rustflags'],
    env.CARGO_BUILD_RUSTFLAGS,
    buildFlags,
    buildSources,
    'build.rustflags',
    'CARGO_BUILD_RUSTFLAGS'
  )
  if (buildFlags.length > 0) return { flags: buildFlags, source: buildSources.join(', ') }
  return { flags: [], source: 'none' }
}

/** The target(s) the user's configuration already builds for, if it names any. */
export function configuredBuildTargets(configs: CargoConfigFile[], env: NodeJS.ProcessEnv): string[] | undefined {
  if (env.CARGO_BUILD_TARGET) return [env.CARGO_BUILD_TARGET]
  for (const config of configs) {
    const target = lookup(config.data, ['build', 'target'])
    if (typeof target === 'string') return [target]
    if (Array.isArray(target)) return target.map(String)
  }
  return undefined
}

/**
 * Appends a config list the way cargo merges it: every file's entries, lowest
 * precedence first, then the environment variable's.
 */
function collectList(
  configs: CargoConfigFile[],
  keyPath: string[],
  envValue: string | undefined,
  into: string[],
  sources: string[],
  label: string,
  envName?: string
): void {
  for (const config of [...configs].reverse()) {
    const value = lookup(config.data, keyPath)
    if (value === undefined) continue
    into.push(...toStringList(value))
    sources.push(`${label} in ${config.path}`)
  }
  if (envValue !== undefined && envName) {
    into.push(...splitFlags(envValue))
    sources.push(envName)
  }
}

/** Whether any config has `[target.'cfg(...)']` tables, which need the target's cfg to read. */
export function hasCfgTables(configs: CargoConfigFile[]): boolean {
  return cfgTableKeys(configs).length > 0
}

function cfgTableKeys(configs: CargoConfigFile[]): string[] {
  const keys = new Set<string>()
  for (const config of configs) {
    const target = config.data.target
    if (target && typeof target === 'object') {
      for (const key of Object.keys(target)) if (key.startsWith('cfg(')) keys.add(key)
    }
  }
  return [...keys].sort()
}

/** The linker the cargo configuration names for a target (target.<triple>.linker), the nearest file's first. */
export function configuredLinker(configs: CargoConfigFile[], triple: string): string | undefined {
  for (const config of configs) {
    const linker = lookup(config.data, ['target', triple, 'linker'])
    if (typeof linker === 'string') return linker
  }
  return undefined
}

function lookup(data: Record<string, unknown>, keyPath: string[]): unknown {
  let node: unknown = data
  for (const key of keyPath) {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

function toStringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String)
  return splitFlags(String(value))
}

function splitFlags(value: string): string[] {
  return value.split(/\s+/).filter(flag => flag !== '')
}

/** Flags that would fight the action's own: an old hand-made PGO setup left in a config. */
export function withoutProfileFlags(flags: string[]): { kept: string[]; dropped: string[] } {
  const kept: string[] = []
  const dropped: string[] = []
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]
    const joined = /^-C(profile-(generate|use)|profile-sample-use)(=|$)/.test(flag)
    const split = flag === '-C' && /^(profile-(generate|use)|profile-sample-use)(=|$)/.test(flags[i + 1] ?? '')
    if (joined) dropped.push(flag)
    else if (split) dropped.push(`${flag} ${flags[++i]}`)
    else kept.push(flag)
  }
  return { kept, dropped }
}
