import * as path from 'node:path'
import { shellCommands } from '../system/shell-words'
import { printable } from '../system/untrusted-text'
import { amplifyProfile, profileVariable } from './cargo-variant-settings'
import type { BuildSettings, DefeatingSetting, Setting } from './settings'

// The Cargo profile a build uses, resolved as cargo does: the profile the
// command names (--release, --profile), its values from CARGO_PROFILE_<NAME>_*
// variables, then the cargo configuration files, then the workspace's
// Cargo.toml, then the profile it inherits from, then cargo's defaults.

/** A TOML file already read: a cargo configuration file or the workspace's Cargo.toml. */
export interface TomlFile {
  path: string
  data: Record<string, unknown>
}

export interface CargoProfileQuery {
  /** The build command, which names the profile. */
  build: string
  /** The workspace's root Cargo.toml: the only manifest whose [profile] cargo reads. */
  manifest?: TomlFile
  /** Highest precedence first. */
  configs: TomlFile[]
  env: NodeJS.ProcessEnv
  /** The user's rustflags, whose -C options override the profile's. */
  rustflags: string[]
  /** Where cargo takes them from: "RUSTFLAGS", "build.rustflags in …/.cargo/config.toml". */
  rustflagsSource?: string
}

/** The keys shown, in this order: those that decide how much the profile can change the code. */
const KEYS = ['opt-level', 'lto', 'codegen-units', 'incremental', 'debug-assertions', 'panic'] as const
type Key = (typeof KEYS)[number]

/** cargo's built-in profiles (doc.rust-lang.org/cargo/reference/profiles.html). */
const DEFAULTS: Record<'dev' | 'release', Record<Key, string>> = {
  dev: { 'opt-level': '0', lto: 'false', 'codegen-units': '256', incremental: 'true', 'debug-assertions': 'true', panic: 'unwind' },
  release: { 'opt-level': '3', lto: 'false', 'codegen-units': '16', incremental: 'false', 'debug-assertions': 'false', panic: 'unwind' }
}
const BUILT_IN_PARENTS: Record<string, string> = { test: 'dev', bench: 'release' }

/** The profile the build command asks cargo (or maturin) for, and why; undefined when no cargo command shows. */
export function cargoProfileOf(build: string): { name: string; why: string } | undefined {
  const isBuilder = (word: string) => ['cargo', 'maturin'].includes(path.basename(word))
  const words = shellCommands(build).find(command => command.some(isBuilder))
  if (!words) return undefined
  // Only this command's words: what follows a `;` or `&&` is another command's.
  const args = words.slice(words.findIndex(isBuilder) + 1)
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--profile' && args[i + 1]) return { name: args[i + 1], why: '--profile in build' }
    if (args[i].startsWith('--profile=')) return { name: args[i].slice('--profile='.length), why: '--profile in build' }
  }
  if (args.includes('--release') || args.includes('-r')) return { name: 'release', why: '--release in build' }
  const subcommand = args.find(word => !word.startsWith('-') && !word.startsWith('+'))
  if (subcommand === 'install') return { name: 'release', why: 'cargo install builds with it' }
  if (subcommand === 'bench') return { name: 'bench', why: 'cargo bench builds with it' }
  if (subcommand === 'test' || subcommand === 't') return { name: 'test', why: 'cargo test builds with it' }
  return { name: 'dev', why: 'the build command names no --release or --profile' }
}

/** The profile's settings and those that defeat PGO. */
export function readCargoProfile(query: CargoProfileQuery): BuildSettings {
  const named = cargoProfileOf(query.build)
  const profile = named ?? { name: 'release', why: 'assumed: the build command shows no cargo command' }
  const notes: string[] = []
  const resolved = resolveProfile(profile.name, query, 0, notes)
  const settings: Setting[] = KEYS.map(key => resolved.get(key)).filter((setting): setting is Setting => setting !== undefined)
  if (query.env.CARGO_INCREMENTAL !== undefined) {
    // cargo reads CARGO_INCREMENTAL over every profile's incremental.
    const incremental = { name: 'incremental', value: query.env.CARGO_INCREMENTAL === '1' ? 'true' : 'false', source: 'CARGO_INCREMENTAL' }
    const index = settings.findIndex(setting => setting.name === 'incremental')
    if (index >= 0) settings[index] = incremental
    else settings.push(incremental)
  }
  settings.push(...rustflagSettings(query.rustflags, query.rustflagsSource))
  return {
    scope: `the ${profile.name} profile (${profile.why})`,
    settings,
    defeating: judgeProfile(profile.name, settings),
    amplifying: amplifyProfile({ profile: profile.name, settings, build: query.build, manifest: query.manifest?.path }),
    notes
  }
}

/** The most profiles one chain of inherits is followed through: cargo refuses a cycle, and the bound only keeps a bad file from looping here. */
const MAX_INHERITS = 16

function resolveProfile(name: string, query: CargoProfileQuery, depth: number, notes: string[]): Map<string, Setting> {
  const own = ownValues(name, query)
  const builtIn = name === 'dev' || name === 'release' ? name : undefined
  const parentName = own.get('inherits')?.value ?? BUILT_IN_PARENTS[name]
  if (!builtIn && parentName && depth >= MAX_INHERITS) {
    notes.push(
      `  the profile ${name} inherits from ${parentName}, more than ${MAX_INHERITS} profiles down the chain of inherits: the action follows it no further (cargo refuses a cycle), so settings inherited from there are not shown.`
    )
  }
  const base = builtIn
    ? new Map(KEYS.map(key => [key, { name: key, value: DEFAULTS[builtIn][key], source: `the ${builtIn} profile's default` }]))
    : parentName && depth < MAX_INHERITS
      ? resolveProfile(parentName, query, depth + 1, notes)
      : new Map<string, Setting>()
  for (const [key, setting] of own) if (key !== 'inherits') base.set(key, setting)
  return base
}

/** The values set for the profile itself, highest precedence first: its variables, the config files, Cargo.toml. */
function ownValues(name: string, query: CargoProfileQuery): Map<string, Setting> {
  const values = new Map<string, Setting>()
  for (const key of [...KEYS, 'inherits']) {
    const variable = profileVariable(name, key)
    const fromEnv = query.env[variable]
    if (fromEnv !== undefined) {
      values.set(key, { name: key, value: fromEnv, source: variable })
      continue
    }
    for (const file of [...query.configs, ...(query.manifest ? [query.manifest] : [])]) {
      const value = profileTable(file.data, name)?.[key]
      if (value !== undefined && typeof value !== 'object') {
        // A value from the checkout's files is shown on one line, as its file's name is.
        values.set(key, { name: key, value: printable(String(value)), source: `[profile.${name}] in ${printable(file.path)}` })
        break
      }
    }
  }
  return values
}

function profileTable(data: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const profiles = data.profile
  if (!profiles || typeof profiles !== 'object') return undefined
  const table = (profiles as Record<string, unknown>)[name]
  return table && typeof table === 'object' ? (table as Record<string, unknown>) : undefined
}

/** The -C options in the user's rustflags that override the profile or shape the code: opt-level, codegen-units, lto, target-cpu. */
function rustflagSettings(rustflags: string[], from?: string): Setting[] {
  const settings: Setting[] = []
  for (let i = 0; i < rustflags.length; i++) {
    const flag = rustflags[i] === '-C' ? `-C${rustflags[i + 1] ?? ''}` : rustflags[i]
    const match = /^-C(opt-level|codegen-units|lto|target-cpu)(?:=(.*))?$/.exec(flag)
    if (match)
      settings.push({ name: `-C${match[1]}`, value: match[2] ?? 'true', source: from ? `your rustflags (${from})` : 'your rustflags' })
  }
  return settings
}

function judgeProfile(profile: string, settings: Setting[]): DefeatingSetting[] {
  const defeating: DefeatingSetting[] = []
  const flagged = settings.filter(setting => setting.name === '-Copt-level').pop()
  const optLevel = flagged ?? settings.find(setting => setting.name === 'opt-level')
  if (optLevel && ['0', '1'].includes(optLevel.value)) {
    defeating.push({
      setting: optLevel,
      why: `at opt-level ${optLevel.value} rustc does little of the inlining and block layout a profile guides`,
      fix: flagged
        ? 'drop -Copt-level from your rustflags'
        : profile === 'dev'
          ? 'build with --release, whose opt-level is 3'
          : `opt-level = 3 in [profile.${profile}] (release's default)`
    })
  }
  const incremental = settings.find(setting => setting.name === 'incremental')
  if (incremental?.value === 'true') {
    defeating.push({
      setting: incremental,
      why: 'incremental builds split each crate into up to 256 codegen units, and the profile cannot inline across them',
      fix: incremental.source.startsWith('CARGO_')
        ? `unset ${incremental.source}`
        : profile === 'dev'
          ? 'build with --release, which is not incremental'
          : `incremental = false in [profile.${profile}] (release's default)`
    })
  }
  return defeating
}
