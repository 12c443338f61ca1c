// The settings room: the build settings that shape how much PGO can do,
// read before any build so the log and the summary can show them and warn
// about those that leave the profile no room. What one setting is and how
// it is judged (this file), Cargo's profiles (cargo-profile.ts), Go's
// compiler flags (go-flags.ts), a C or C++ build's -O and -flto (c-flags.ts).
// May import: system.

/** One setting, its value, and where it came from. */
export interface Setting {
  /** As the user writes it: "opt-level", "codegen-units", "-gcflags", "-O". */
  name: string
  value: string
  /** "[profile.release] in Cargo.toml", "CARGO_PROFILE_RELEASE_LTO", "the release profile's default". */
  source: string
}

/** A setting that leaves PGO little room, with why and the fix: a warning before any build. */
export interface DefeatingSetting {
  setting: Setting
  why: string
  fix: string
}

/**
 * The settings that amplify PGO, as advice: measure builds a variant with
 * them: what changes, the variables that change it for one build, and the
 * lines that make it permanent.
 */
export interface Amplifying {
  /** 'lto = "fat" and codegen-units = 1' */
  change: string
  variables: Record<string, string>
  /** Where each setting must go to win over where it is set now, and the lines; one place or more. */
  apply: SettingPlace[]
}

/** A file or the workflow's env:, and the lines to add there, in its language. */
export interface SettingPlace {
  where: string
  lines: string[]
  language: 'toml' | 'yaml'
}

export interface BuildSettings {
  /** What the settings belong to: "the release profile", "the Go compiler", "clang". */
  scope: string
  settings: Setting[]
  defeating: DefeatingSetting[]
  /** The variant advice: measure would build, or why there is none for this build. */
  amplifying: Amplifying | { cannot: string }
  /** What is known not to be read, said once: "the build command names no cargo profile". */
  notes?: string[]
}

/** "opt-level 3, lto false (default), codegen-units 16 (default)": a setting whose source is a default says so. */
export function describeSettings(settings: Setting[]): string {
  return settings.map(setting => `${setting.name} ${setting.value}${isDefault(setting) ? ' (default)' : ''}`).join(', ')
}

/** The log's lines: one per setting with its source, then each defeating one's why and fix. */
export function settingLines(settings: BuildSettings): string[] {
  return [
    `Settings of ${settings.scope}:`,
    ...settings.settings.map(setting => `  ${setting.name} = ${setting.value}  (${setting.source})`),
    ...(settings.notes ?? [])
  ]
}

/** The warning for a setting that defeats PGO: the setting, where it was set, why, and the fix. */
export function defeatingMessage(defeating: DefeatingSetting): string {
  const { setting, why, fix } = defeating
  return `${setting.name} ${setting.value} (${setting.source}) leaves PGO little to do: ${why}. Fix: ${fix}.`
}

function isDefault(setting: Setting): boolean {
  return /default/.test(setting.source)
}
