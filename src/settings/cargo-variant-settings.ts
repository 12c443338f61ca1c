import { shellCommands } from '../system/shell-words'
import type { Amplifying, Setting, SettingPlace } from './settings'

// The settings that amplify PGO in a Cargo build, as advice: measure builds
// its variant with them: set for that one build through CARGO_PROFILE_*
// variables, which win over every file, and refused where something wins
// over those variables, since a variant must really have the settings it is
// named by. And where each setting must go to win for good: the place that
// sets it now, when that is the profile's variable or a cargo config file,
// which cargo reads over Cargo.toml.

/** What the variant sets: each key's value as TOML writes it, and as its variable does. */
const AMPLIFYING = [
  { key: 'lto', toml: '"fat"', variable: 'fat' },
  { key: 'codegen-units', toml: '1', variable: '1' }
] as const
const CHANGE = 'lto = "fat" and codegen-units = 1'

/** The variable cargo reads a profile's key from: CARGO_PROFILE_RELEASE_CODEGEN_UNITS. */
export function profileVariable(profile: string, key: string): string {
  return `CARGO_PROFILE_${profile}_${key}`.toUpperCase().replace(/-/g, '_')
}

export interface AmplifyQuery {
  profile: string
  /** The profile's resolved settings, each with its source, and the rustflags' -C options. */
  settings: Setting[]
  build: string
  /** The workspace's Cargo.toml. */
  manifest?: string
}

/**
 * What the Rust PGO guides put beside the profile: fat LTO and one codegen
 * unit, so that the hot call edges can be inlined across units and crates.
 */
export function amplifyProfile(query: AmplifyQuery): Amplifying | { cannot: string } {
  const { profile, settings } = query
  const value = (name: string) => settings.find(setting => setting.name === name)?.value
  if (['fat', 'true'].includes(value('lto') ?? '') && value('codegen-units') === '1') {
    return { cannot: `the ${profile} profile already has ${CHANGE}` }
  }
  const winning = whatWinsOverVariables(query)
  if (winning) return { cannot: `${winning}, so a variant with ${CHANGE} cannot be built as named` }
  return {
    change: CHANGE,
    variables: Object.fromEntries(AMPLIFYING.map(({ key, variable }) => [profileVariable(profile, key), variable])),
    apply: placesToApply(query)
  }
}

/** What would win over the variant's CARGO_PROFILE_* variables: the rustflags' -C options, or the build command's own settings. */
function whatWinsOverVariables(query: AmplifyQuery): string | undefined {
  const flags = query.settings.filter(setting => setting.name === '-Clto' || setting.name === '-Ccodegen-units')
  if (flags.length > 0) {
    return `${flags.map(flag => `${flag.name}=${flag.value}`).join(' and ')} in ${flags[0].source} ${flags.length === 1 ? 'overrides' : 'override'} the profile in every build rustc runs`
  }
  const names = AMPLIFYING.map(({ key }) => profileVariable(query.profile, key))
  for (const words of shellCommands(query.build)) {
    const assigned = words.find(word => names.some(name => word.startsWith(`${name}=`)))
    if (assigned) return `the build command sets ${assigned.slice(0, assigned.indexOf('='))} itself, which wins over the variant's`
    const config = words.findIndex(
      (word, i) => (word === '--config' && /^profile\./.test(words[i + 1] ?? '')) || /^--config=profile\./.test(word)
    )
    if (config >= 0) return 'the build command sets the profile with cargo --config, which wins over every variable'
  }
  return undefined
}

/**
 * Where each setting wins for good, grouped by place: the profile's
 * variable where the step's env sets it; the cargo config file that sets
 * it for this profile; else the workspace's Cargo.toml, under this
 * profile's own table (which wins over what it inherits).
 */
function placesToApply(query: AmplifyQuery): SettingPlace[] {
  const { profile, settings, manifest } = query
  const places = new Map<string, SettingPlace>()
  const add = (where: string, language: SettingPlace['language'], line: string) => {
    const place = places.get(where) ?? { where, language, lines: language === 'toml' ? [`[profile.${profile}]`] : [] }
    place.lines.push(line)
    places.set(where, place)
  }
  for (const { key, toml, variable } of AMPLIFYING) {
    const source = settings.find(setting => setting.name === key)?.source ?? ''
    const file = source.startsWith(`[profile.${profile}] in `) ? source.slice(`[profile.${profile}] in `.length) : undefined
    if (source === profileVariable(profile, key))
      add('the env: that sets it (the variable wins over every file)', 'yaml', `${source}: ${variable}`)
    else if (file && file !== manifest) add(`${file} (cargo reads it over Cargo.toml)`, 'toml', `${key} = ${toml}`)
    else add("the workspace's Cargo.toml", 'toml', `${key} = ${toml}`)
  }
  return [...places.values()]
}
