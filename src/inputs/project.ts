// The project the inputs name: working-directory, the toolchain, the build
// command's own flags, go-platforms, binaries and profile files.
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { ProfileSource } from '../config'
import { Input } from '../constants'
import { liesWithin, realPath } from '../system/paths'
import { parsePlatformList } from '../targets/go-platforms'
import { DETECTION_MARKERS, FALLBACK_TOOLCHAIN, TOOLCHAIN_NAMES, type ToolchainName } from '../toolchains/catalog'
import { pprofWeightProblem } from '../toolchains/go/pprof-weights'
import { checkPatternLengths, parseChoice, parseLines } from './values'

export function parseWorkingDirectory(value: string, workspace: string, problems: string[]): string | undefined {
  const directory = path.resolve(workspace, value || '.')
  const stat = fs.statSync(directory, { throwIfNoEntry: false })
  if (!stat) {
    problems.push(`working-directory '${value}' does not exist (looked for ${directory}). Give a directory of the checked-out repository.`)
    return undefined
  }
  if (!stat.isDirectory()) {
    problems.push(`working-directory '${value}' is a file, not a directory (${directory}).`)
    return undefined
  }
  // Builds after the first remove the files earlier builds made there: only the workspace is the action's to clean.
  if (!liesWithin(directory, workspace)) {
    problems.push(
      `working-directory '${value}' is outside the workspace: it resolves to ${realPath(directory)}, and the workspace (GITHUB_WORKSPACE) is ${realPath(workspace)}. ` +
        'The action builds, and cleans up between builds, only inside the workspace: check the project out inside it (actions/checkout with path:).'
    )
    return undefined
  }
  return directory
}

export function parseToolchain(
  value: string,
  workingDirectory: string | undefined,
  problems: string[]
): { toolchain?: ToolchainName; detectedFrom?: string } {
  const name = value || 'auto'
  if (name === 'auto') {
    if (!workingDirectory) return {}
    for (const [marker, toolchain] of DETECTION_MARKERS) {
      if (fs.existsSync(path.join(workingDirectory, marker))) return { toolchain, detectedFrom: marker }
    }
    return { toolchain: FALLBACK_TOOLCHAIN, detectedFrom: `no ${DETECTION_MARKERS.map(([m]) => m).join(' or ')}` }
  }
  const toolchain = parseChoice(Input.Toolchain, name, [...TOOLCHAIN_NAMES, 'auto'], problems)
  return { toolchain: toolchain as ToolchainName | undefined }
}

/**
 * cargo takes its rustflags from one source only, and the action's
 * CARGO_ENCODED_RUSTFLAGS comes first: rustflags a build command sets for
 * itself (RUSTFLAGS=… cargo build, --config with rustflags) would be dropped
 * without a word, so such a command is refused with the way that works.
 */
export function checkRustBuildCommand(build: string, problems: string[]): void {
  const assigned = /(?:^|[\s;&|(])(?:export\s+)?((?:CARGO_ENCODED_)?RUSTFLAGS)=/.exec(build)?.[1]
  const viaConfig = /--config[\s=]\S*rustflags/.test(build)
  if (!assigned && !viaConfig) return
  problems.push(
    `build sets ${assigned ?? 'rustflags through --config'} itself (${build}). The action passes your rustflags and its profile flags together in ` +
      'CARGO_ENCODED_RUSTFLAGS, which cargo prefers to every other source, so these flags would be dropped. Set RUSTFLAGS in the step\'s env: ' +
      'or the flags in .cargo/config.toml instead: the action reads both and keeps them.'
  )
}

export function parseGoPlatforms(value: string, toolchain: ToolchainName | undefined, problems: string[]): string[] {
  if (!value) return []
  if (toolchain && toolchain !== 'go') {
    problems.push(`go-platforms names the GOOS/GOARCH pairs a Go build makes from one profile; it works with toolchain go, not ${toolchain}. For a Rust or C target, name it in build (--target).`)
    return []
  }
  return parsePlatformList(value, problems)
}

/** binaries: glob patterns, one a line; required for clang, and not only exclusions. */
export function parseBinaries(value: string, toolchain: ToolchainName | undefined, problems: string[]): string[] {
  const binaries = parseLines(value)
  checkPatternLengths('binaries', binaries, problems)
  if (binaries.length > 0 && binaries.every(pattern => pattern.startsWith('!'))) {
    problems.push(
      `binaries ${binaries.map(pattern => `'${pattern}'`).join(', ')} only leaves files out: a ! pattern removes what the patterns before it match. ` +
        'List the programs first, then the ones to leave out (for example `out/*` and then `!out/test-*`).'
    )
  }
  if (toolchain === 'clang' && binaries.length === 0) {
    problems.push(
      'binaries is required for toolchain clang: list the programs the build produces, ' +
        'one glob pattern a line (for example `build/myprogram`).'
    )
  }
  return binaries
}

export const GLOB_CHARACTERS = /[*?[\]{}]/

/** The profile input's files, with what each toolchain cannot take: weights pprof would read too often, a $ in a path clang gets through make. */
export function parseProfiles(value: string, workingDirectory: string | undefined, toolchain: ToolchainName | undefined, problems: string[]): ProfileSource[] {
  const profiles = parseProfileSources(value, workingDirectory, problems)
  const single = profiles.length === 1 && profiles[0].weight === 1 && !GLOB_CHARACTERS.test(profiles[0].given) ? profiles[0] : undefined
  const pprofProblem = toolchain === 'go' ? pprofWeightProblem(profiles.map(source => source.weight)) : undefined
  if (pprofProblem) problems.push(`profile: ${pprofProblem}.`)
  // A single file is built with where it is; several are merged into the action's own file first.
  if (single?.pattern.includes('$') && toolchain === 'clang') {
    problems.push(`profile '${single.given}' holds a $ in its path (${single.pattern}). The action passes the profile to clang in CC, where make expands a $ before any shell quoting applies: rename the file without one.`)
  }
  return profiles
}

/**
 * The profile input: one file or glob a line, each with an optional whole
 * weight after it (`prod/us.pgo 3`). A plain file must exist now; a glob is
 * expanded when the profile is put together, and must match a file then.
 */
function parseProfileSources(value: string, workingDirectory: string | undefined, problems: string[]): ProfileSource[] {
  const lines = parseLines(value)
  if (!checkPatternLengths('profile', lines, problems)) return []
  return lines.flatMap(line => {
    const weighted = /^(.*\S)\s+(\d+)$/.exec(line)
    const given = weighted ? weighted[1] : line
    const weight = weighted ? Number(weighted[2]) : 1
    if (weight < 1 || weight > 1_000_000) {
      problems.push(`profile '${line}': the weight ${weighted?.[2]} is not a whole number from 1 to 1000000.`)
      return []
    }
    const pattern = path.resolve(workingDirectory ?? '.', given)
    if (!GLOB_CHARACTERS.test(given) && !fs.statSync(pattern, { throwIfNoEntry: false })?.isFile()) {
      problems.push(`profile '${given}' is not a file (looked for ${pattern}). Give the path of a .profdata (or Go .pprof) file, relative to working-directory, or a glob of them.`)
      return []
    }
    return [{ pattern, given, weight }]
  })
}
