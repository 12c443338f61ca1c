import { shellCommands, splitShellWords } from '../system/shell-words'
import type { BuildSettings, DefeatingSetting, Setting } from './settings'

// Go's compiler flags that decide what its PGO can do: -gcflags with -N (no
// optimization) or -l (no inlining, the main thing Go's PGO does: it
// inlines hot calls and devirtualizes hot interface calls), from GOFLAGS or
// the build command, and the CPU level (GOAMD64, GOARM64).

export interface GoSettingsQuery {
  build: string
  env: NodeJS.ProcessEnv
  /** What go env says: the target's GOARCH and its CPU level. */
  goEnv: { GOARCH: string; GOAMD64?: string; GOARM64?: string }
}

/** The -gcflags value a list of go's arguments sets, the last one winning as in go's flag parsing. */
function gcflagsIn(words: string[]): string | undefined {
  let value: string | undefined
  for (let i = 0; i < words.length; i++) {
    const match = /^--?gcflags(?:=(.*))?$/.exec(words[i])
    if (!match) continue
    value = match[1] ?? words[i + 1]
    if (match[1] === undefined) i++
  }
  return value
}

export function readGoSettings(query: GoSettingsQuery): BuildSettings {
  const fromBuild = gcflagsIn(shellCommands(query.build).flat())
  const fromGoflags = gcflagsIn(splitShellWords(query.env.GOFLAGS ?? ''))
  const settings: Setting[] = []
  const gcflags = fromBuild ?? fromGoflags
  settings.push(
    gcflags !== undefined
      ? { name: '-gcflags', value: gcflags, source: fromBuild !== undefined ? '-gcflags in build' : '-gcflags in GOFLAGS' }
      : { name: '-gcflags', value: 'none', source: "go's default" }
  )
  const level = cpuLevel(query)
  if (level) settings.push(level)
  return {
    scope: 'the Go compiler',
    settings,
    defeating: gcflags === undefined ? [] : judgeGcflags(settings[0]),
    amplifying: { cannot: 'Go has no LTO to add: its linker takes the whole program, and its compiler inlines across packages' }
  }
}

function cpuLevel(query: GoSettingsQuery): Setting | undefined {
  const name = query.goEnv.GOARCH === 'amd64' ? 'GOAMD64' : query.goEnv.GOARCH === 'arm64' ? 'GOARM64' : undefined
  if (!name) return undefined
  const value = query.goEnv[name]
  if (!value) return undefined
  return { name, value, source: query.env[name] ? `${name} in the environment` : "go's default" }
}

/** The compiler's own flags after the package pattern: `all=-N -l` gives -N and -l. */
function compilerFlags(gcflags: string): string[] {
  const pattern = /^[^-\s][^=\s]*=/.exec(gcflags)
  return splitShellWords(pattern ? gcflags.slice(pattern[0].length) : gcflags)
}

function judgeGcflags(setting: Setting): DefeatingSetting[] {
  const flags = compilerFlags(setting.value)
  const defeating: DefeatingSetting[] = []
  if (flags.includes('-N')) {
    defeating.push({ setting, why: '-N turns off the optimizations a profile guides', fix: `take -N out of ${setting.source}` })
  }
  if (flags.includes('-l')) {
    defeating.push({
      setting,
      why: "-l turns off inlining, the main thing Go's PGO does (it inlines hot calls and devirtualizes hot interface calls)",
      fix: `take -l out of ${setting.source}`
    })
  }
  return defeating
}
