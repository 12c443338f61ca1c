// Go's platforms: the GOOS/GOARCH pairs one profile builds (this file). A Go
// profile names functions, not machine code, so it serves every platform:
// the workloads run the runner's own build, and every other platform is
// built from the profile they made, without a second workload run.
import { ActionError } from '../system/errors'
import { expandVariable } from './build-targets'
import { shellCommands } from '../system/shell-words'

/** A platform as `go tool dist list` writes it: linux/arm64. */
const PLATFORM = /^[a-z0-9]+\/[a-z0-9]+$/
/** A build command's own setting: GOOS=windows, as a command prefix, after env, or exported. */
const ASSIGNMENT = /^(GOOS|GOARCH)=(.*)$/

/** Where the platforms came from, for the log and the summary. */
export type PlatformSource = 'go-platforms' | 'environment' | 'build'

export interface PlatformPlan {
  /** The runner's own platform: the workloads and the benchmark run its programs. */
  runner: string
  /** The platforms the release is built for, in order; undefined where the build command sets them itself (its programs then tell). */
  release?: string[]
  source: PlatformSource
}

/** What the plan is made from: the go-platforms input, and what `go env` says. */
export interface PlatformRequest {
  listed: string[]
  /** go env GOHOSTOS/GOHOSTARCH. */
  host: { os: string; arch: string }
  /** go env GOOS/GOARCH: the step's environment, or `go env -w`. */
  configured: { os: string; arch: string }
  build: string
  env: NodeJS.ProcessEnv
}

/** go-platforms' words (spaces, commas or lines between them): os/arch pairs, each once. */
export function parsePlatformList(value: string, problems: string[]): string[] {
  const words = value.split(/[\s,]+/).filter(Boolean)
  const platforms: string[] = []
  for (const word of words) {
    if (!PLATFORM.test(word)) {
      problems.push(
        `go-platforms '${word}' is not a GOOS/GOARCH pair: write each as os/arch, such as linux/arm64 or windows/amd64 (go tool dist list prints them all).`
      )
    } else if (platforms.includes(word)) {
      problems.push(`go-platforms names ${word} twice: list each platform once.`)
    } else {
      platforms.push(word)
    }
  }
  return platforms
}

/**
 * The platforms to build, or undefined when the release is the runner's own
 * platform alone (then nothing changes). go-platforms first; then GOOS or
 * GOARCH from the environment; then a build command that sets them itself.
 */
export function planPlatforms(request: PlatformRequest): PlatformPlan | undefined {
  const runner = `${request.host.os}/${request.host.arch}`
  const inBuild = settingsInBuild(request.build, request.env)
  if (request.listed.length > 0) {
    if (inBuild.length > 0) {
      throw new ActionError(
        `build sets ${inBuild.join(' ')} itself, which would override the GOOS and GOARCH the action gives each of go-platforms: ` +
          'take the setting out of build (go-platforms names the platforms), or leave go-platforms empty to build only what build names.'
      )
    }
    return { runner, release: request.listed, source: 'go-platforms' }
  }
  const configured = `${request.configured.os}/${request.configured.arch}`
  if (configured !== runner) return { runner, release: [configured], source: 'environment' }
  if (inBuild.length > 0 && !inBuild.every(setting => setting === `GOOS=${request.host.os}` || setting === `GOARCH=${request.host.arch}`)) {
    return { runner, source: 'build' }
  }
  return undefined
}

/** The GOOS= and GOARCH= settings the build command makes, each once, with $NAME read from the step's environment. */
export function settingsInBuild(command: string, env: NodeJS.ProcessEnv): string[] {
  const settings: string[] = []
  for (const words of shellCommands(command)) {
    for (const word of words) {
      const match = ASSIGNMENT.exec(word)
      if (!match) continue
      const setting = `${match[1]}=${expandVariable(match[2], env) ?? match[2]}`
      if (!settings.includes(setting)) settings.push(setting)
    }
  }
  return settings
}

/** Checks every platform against the toolchain's list (`go tool dist list`), naming what an unknown one's OS has. */
export function checkKnownPlatforms(platforms: string[], known: string[], goVersion: string): void {
  const unknown = platforms.filter(platform => !known.includes(platform))
  if (unknown.length === 0) return
  const sentences = unknown.map(platform => {
    const os = platform.split('/')[0]
    const siblings = known.filter(other => other.startsWith(`${os}/`))
    return siblings.length
      ? `${platform} is not one of ${goVersion}'s platforms; for ${os} it has ${siblings.join(', ')}.`
      : `${platform} is not one of ${goVersion}'s platforms, and it knows no GOOS ${os}.`
  })
  throw new ActionError(`${sentences.join(' ')} go tool dist list prints every platform this Go builds.`)
}

/** Where the platforms were named, in the words of the workflow. */
export function platformSource(plan: PlatformPlan): string {
  return plan.source === 'go-platforms' ? 'go-platforms' : plan.source === 'environment' ? "the step's GOOS/GOARCH" : 'the build command'
}

/** "Platforms: linux/arm64, windows/amd64 (from go-platforms); …", for the log. */
export function describePlan(plan: PlatformPlan): string {
  const release = plan.release ? plan.release.join(', ') : 'those it sets'
  return `Platforms: ${release} (from ${platformSource(plan)}); the workloads run the runner's own ${plan.runner} build, and its profile builds every platform.`
}

/** The optimized builds in order: the runner's own first when it is built (listed, or for the benchmark to time), then the rest as listed. */
export function platformOrder(plan: PlatformPlan, runnerNeeded: boolean): Array<{ platform: string; released: boolean }> {
  const release = plan.release ?? []
  const runner = release.includes(plan.runner) || runnerNeeded ? [{ platform: plan.runner, released: release.includes(plan.runner) }] : []
  return [...runner, ...release.filter(platform => platform !== plan.runner).map(platform => ({ platform, released: true }))]
}

/** GOOS and GOARCH for a build for `platform`. */
export function platformVariables(platform: string): { GOOS: string; GOARCH: string } {
  const [GOOS, GOARCH] = platform.split('/')
  return { GOOS, GOARCH }
}

/**
 * What the commands that run the runner's own build get where the release
 * is for other platforms (GOOS or GOARCH in the step's environment, say):
 * the runner's GOOS and GOARCH, so a workload's or benchmark's own `go test`
 * builds for the runner too. Nothing where there is no plan.
 */
export function runnerVariables(plan: PlatformPlan | undefined): Record<string, string> {
  return plan ? platformVariables(plan.runner) : {}
}
