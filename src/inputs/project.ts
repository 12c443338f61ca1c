// The project the inputs name: working-directory, the toolchain (its spec),
// go-platforms, binaries and profile files.
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { ProfileSource } from '../config'
import { Input } from '../constants'
import { liesWithin, realPath } from '../system/paths'
import { parsePlatformList } from '../targets/go-platforms'
import { FALLBACK_SPEC, namesThatCan, specOf, TOOLCHAIN_NAMES, TOOLCHAIN_SPECS } from '../toolchains/specs'
import type { ToolchainSpec } from '../toolchains/spec'
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
): { spec?: ToolchainSpec; detectedFrom?: string } {
  const name = value || 'auto'
  if (name === 'auto') {
    if (!workingDirectory) return {}
    const markers = TOOLCHAIN_SPECS.filter(spec => spec.marker !== undefined)
    const found = markers.find(spec => fs.existsSync(path.join(workingDirectory, spec.marker as string)))
    if (found) return { spec: found, detectedFrom: found.marker }
    return { spec: FALLBACK_SPEC, detectedFrom: `no ${markers.map(spec => spec.marker).join(' or ')}` }
  }
  const toolchain = parseChoice(Input.Toolchain, name, [...TOOLCHAIN_NAMES, 'auto'], problems)
  return { spec: toolchain ? specOf(toolchain) : undefined }
}

export function parseGoPlatforms(value: string, spec: ToolchainSpec | undefined, problems: string[]): string[] {
  if (!value) return []
  if (spec && !spec.can['go-platforms']) {
    problems.push(
      `go-platforms names the GOOS/GOARCH pairs a Go build makes from one profile; it works with toolchain ${namesThatCan('go-platforms')}, not ${spec.name}. ` +
        'For a Rust or C target, name it in build (--target).'
    )
    return []
  }
  return parsePlatformList(value, problems)
}

/** binaries: glob patterns, one a line; required where the toolchain cannot tell what its build wrote, and not only exclusions. */
export function parseBinaries(value: string, spec: ToolchainSpec | undefined, problems: string[]): string[] {
  const binaries = parseLines(value)
  checkPatternLengths('binaries', binaries, problems)
  if (binaries.length > 0 && binaries.every(pattern => pattern.startsWith('!'))) {
    problems.push(
      `binaries ${binaries.map(pattern => `'${pattern}'`).join(', ')} only leaves files out: a ! pattern removes what the patterns before it match. ` +
        'List the programs first, then the ones to leave out (for example `out/*` and then `!out/test-*`).'
    )
  }
  if (spec?.needsBinaries && binaries.length === 0) {
    problems.push(
      `binaries is required for toolchain ${spec.name}: list the programs the build produces, ` +
        'one glob pattern a line (for example `build/myprogram`).'
    )
  }
  return binaries
}

export const GLOB_CHARACTERS = /[*?[\]{}]/

/** The profile file the build is given where it lies: one file of weight 1, not a glob; several are merged into the action's own file first. */
export function singleProfileOf(profiles: ProfileSource[]): ProfileSource | undefined {
  return profiles.length === 1 && profiles[0].weight === 1 && !GLOB_CHARACTERS.test(profiles[0].given) ? profiles[0] : undefined
}

/**
 * The profile input: one file or glob a line, each with an optional whole
 * weight after it (`prod/us.pgo 3`). A plain file must exist now; a glob is
 * expanded when the profile is put together, and must match a file then.
 */
export function parseProfiles(value: string, workingDirectory: string | undefined, problems: string[]): ProfileSource[] {
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
      problems.push(
        `profile '${given}' is not a file (looked for ${pattern}). Give the path of a .profdata (or Go .pprof) file, relative to working-directory, or a glob of them.`
      )
      return []
    }
    return [{ pattern, given, weight }]
  })
}
