import * as core from '../system/log'
import type { Builder } from './builder'
import { ActionError } from '../system/errors'
import { displayPath } from '../system/paths'
import { platformOrder } from '../targets/go-platforms'
import type { BuildVariant, PlatformCapability, Toolchain } from '../toolchains/toolchain'

type OptimizedVariant = Extract<BuildVariant, { kind: 'optimized' }>

/** The programs one platform's optimized build wrote. */
export interface PlatformBuild {
  platform: string
  programs: string[]
  /** Part of the release; false for the runner's own when it is built only for the benchmark to time. */
  released: boolean
}

/**
 * The optimized build once for each platform, every one with the same
 * profile: the runner's own first where the benchmark needs it. A program
 * is taken for the platform whose build wrote it (as `go version -m`
 * records), so a `binaries` pattern that matches every platform's
 * directory gives each build its own; a path two platforms wrote is
 * refused, since the first platform's program is gone.
 */
export async function buildEachPlatform(
  builder: Builder,
  variant: OptimizedVariant,
  platforms: PlatformCapability,
  runnerNeeded: boolean,
  cwd: string
): Promise<PlatformBuild[]> {
  const { plan } = platforms
  if (!plan.release) return [...(await asTheBuildSetsThem(builder, variant, platforms, cwd)).values()]
  const builds: PlatformBuild[] = []
  const builtFor = new Map<string, string>()
  for (const { platform, released } of platformOrder(plan, runnerNeeded)) {
    const { programs } = await builder.build({ ...variant, platform }, `The optimized build for ${platform}`)
    const own = await programsFor(platforms, programs, platform)
    for (const program of own) {
      const earlier = builtFor.get(program)
      if (earlier) throw overwritten(program, earlier, platform, cwd)
      builtFor.set(program, platform)
    }
    if (own.length === 0) {
      throw new ActionError(
        `The optimized build for ${platform} wrote no program for ${platform}` +
          (programs.length ? ` (it found ${names(programs, cwd)}, built for other platforms).` : '.') +
          ' Check that the build command leaves GOOS and GOARCH to the action.'
      )
    }
    core.info(`${platform}${released ? '' : ' (for the benchmark only)'}: ${names(own, cwd)}`)
    builds.push({ platform, programs: own, released })
  }
  return builds
}

/**
 * The programs of a build the runner runs (the workloads', the benchmark's
 * plain build) that are for the runner: a `binaries` pattern that reaches
 * into every platform's directory also matches the programs an earlier step left,
 * and those are left out, said in the log. None for the runner means the
 * build got past the action's GOOS and GOARCH (a script that sets them, go
 * called by its full path), which fails the step.
 */
export async function runnerPrograms(toolchain: Toolchain, programs: string[], what: string, cwd: string): Promise<string[]> {
  const { platforms } = toolchain
  if (!platforms) return programs
  const { plan } = platforms
  const own: string[] = []
  const foreign: string[] = []
  for (const program of programs) {
    const platform = await platforms.programPlatform(program)
    if (!platform || platform === plan.runner) own.push(program)
    else foreign.push(`${displayPath(program, cwd)} (${platform})`)
  }
  if (own.length === 0) {
    throw new ActionError(
      `${what} made programs for another platform than the runner's ${plan.runner}: ${foreign.join(', ')}. ` +
        "This runner runs them, so this build must be for it: set GOOS and GOARCH in go-platforms or the step's env, not in a script the build calls, and call go by its name."
    )
  }
  if (foreign.length > 0) core.info(`Left out of ${what.toLowerCase()}, being for other platforms: ${foreign.join(', ')}`)
  return own
}

/** One build as the command writes it (it sets GOOS or GOARCH itself); its programs are grouped by the platform each records. */
async function asTheBuildSetsThem(
  builder: Builder,
  variant: OptimizedVariant,
  platforms: PlatformCapability,
  cwd: string
): Promise<Map<string, PlatformBuild>> {
  const { programs } = await builder.build(variant, 'The optimized build')
  const builds = new Map<string, PlatformBuild>()
  for (const program of programs) {
    const platform = (await platforms.programPlatform(program)) ?? 'unknown'
    const build = builds.get(platform) ?? { platform, programs: [], released: true }
    build.programs.push(program)
    builds.set(platform, build)
  }
  for (const build of builds.values()) core.info(`${build.platform}: ${names(build.programs, cwd)}`)
  return builds
}

async function programsFor(platforms: PlatformCapability, programs: string[], platform: string): Promise<string[]> {
  const own: string[] = []
  for (const program of programs) if ((await platforms.programPlatform(program)) === platform) own.push(program)
  return own
}

function overwritten(program: string, earlier: string, platform: string, cwd: string): ActionError {
  return new ActionError(
    `The optimized builds for ${earlier} and ${platform} both wrote ${displayPath(program, cwd)}, so the ${earlier} program is lost. ` +
      'Give each platform its own output path: the action sets GOOS and GOARCH for each build, so `go build -o "bin/$GOOS-$GOARCH/" ./...` ' +
      '(the default build with go-platforms) keeps them apart.'
  )
}

function names(programs: string[], cwd: string): string {
  return programs.map(program => displayPath(program, cwd)).join(', ')
}
