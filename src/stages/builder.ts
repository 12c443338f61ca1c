// The stages room: one module per PGO stage (detect the toolchain, prepare
// the profile tool, restore and save the profile, the builds, workloads,
// merge, stability, default.pgo, benchmark, the LTO advice with its
// variant's own profile and its rule for shipping, upload; collect and
// fan-in for shards), and what they share: the builder the three builds use (this
// file), one build per Go platform, the context every stage gets, a
// profile's life, the files a profile is put together from, and the
// shards' manifest. pipeline.ts runs them in order. Not the BOLT room,
// which runs after them.
// May import: benchmark, cache, config, constants, fit, libraries, llvm, outputs, platform, report, settings, system, targets, toolchains, workloads.
import * as core from '../system/log'
import * as path from 'node:path'
import { BuildTree } from '../system/build-tree'
import { commandEnv, type Env } from '../system/environment'
import { ActionError } from '../system/errors'
import { runShell } from '../system/exec'
import type { Config } from '../config'
import { watchBinaryPatterns } from '../outputs/binaries'
import type { FitReport } from '../report/run-report'
import type { BuildSetup, BuildVariant, Toolchain } from '../toolchains/toolchain'
import type { FitNames } from '../fit/baseline'
import { protectedDirectories } from '../system/workdir'
import { displayPath } from '../system/paths'
import { printable } from '../system/untrusted-text'
import { splitRegularWheels, watchWheels } from '../libraries/wheels'

/** Function names kept from the fit warnings, to show what a stale profile looks like. */
const FIT_EXAMPLES = 5
/** Function names kept of each kind, for the summary's full list: enough for any real reading, bounded for a summary. */
const FIT_NAMES = 2000

export interface BuildOutput {
  programs: string[]
  /** How well the profile fit, when the toolchain says (LLVM does, Go does not). */
  fit?: FitReport
  /** Every function the compiler's fit warnings named, for the fit per program and the profile's baseline. */
  fitNames?: FitNames
  /** The Python wheels the build wrote (maturin, pip wheel, python -m build). */
  wheels: string[]
}

/**
 * Runs the user's build command, with the toolchain's settings for each
 * variant, and finds the programs it wrote: from `binaries`, or from the
 * toolchain's own knowledge of where its programs land.
 */
export class Builder {
  private readonly tree?: BuildTree
  /** Files each build would warn about again (a pattern's match that no build writes). */
  private readonly warned = new Set<string>()
  private lastRemoved: string[] = []

  constructor(
    private readonly config: Config,
    readonly toolchain: Toolchain
  ) {
    if (toolchain.traits.reusesObjects) this.tree = new BuildTree(config.workingDirectory, protectedDirectories())
  }

  async build(variant: BuildVariant, what: string): Promise<BuildOutput> {
    const setup = await this.toolchain.prepareBuild(variant)
    try {
      return await this.run(variant, setup, what)
    } finally {
      setup.cleanup?.()
    }
  }

  private async run(variant: BuildVariant, setup: BuildSetup, what: string): Promise<BuildOutput> {
    const { config, toolchain } = this
    setup.notes.forEach(note => core.info(note))
    setup.warnings.forEach(warning => core.warning(warning))
    this.resetTree()
    // make and CMake call programs up to date whatever the flags, so only the plain build may take them as they are;
    // cargo and go rebuild when the flags change, so up to date means built with these very flags.
    const upToDate = {
      accept: variant.kind === 'plain' || !toolchain.traits.reusesObjects,
      what,
      warned: this.warned,
      platforms: toolchain.platforms !== undefined
    }
    const watch =
      config.binaries.length > 0
        ? await watchBinaryPatterns(config.binaries, config.workingDirectory, config.workspace, upToDate)
        : await toolchain.watchPrograms(variant)
    if (!watch) {
      throw new ActionError(`binaries is required for toolchain ${toolchain.spec.name}: list the programs the build produces.`)
    }

    const wheelWatch = watchWheels(config.build, config.workingDirectory, protectedDirectories())
    const names = await runBuildCommand(config, toolchain, setup.env, what)
    const fit = fitReportOf(names)
    if (fit.missing + fit.mismatched > 0) core.info(describeHiddenWarnings(fit))
    const programs = await watch.programs()
    const { regular: wheels, others } = splitRegularWheels(wheelWatch.written())
    refuseLineBreaks([...programs, ...wheels], config.workingDirectory)
    if (others.length > 0) {
      const named = others.map(wheel => `'${printable(displayPath(wheel, config.workingDirectory))}'`).join(', ')
      core.warning(
        `Set aside ${named}: a wheel the build writes is a regular file, and these are links or special files, which the action neither installs, uploads nor benchmarks.`
      )
    }
    wheels.forEach(wheel => core.info(`Wheel: ${displayPath(wheel, config.workingDirectory)}`))
    return toolchain.traits.warnsOfFit ? { programs, fit, fitNames: names, wheels } : { programs, wheels }
  }

  /** What the last reset of the tree removed: files the builds and workloads before it wrote into working-directory. */
  get removedFiles(): readonly string[] {
    return this.lastRemoved
  }

  private resetTree(): void {
    const reset = this.tree?.beforeBuild()
    if (!reset) return
    this.lastRemoved = reset.removed
    core.info(`Removed ${reset.removed.length} files the previous build and workloads created, so this build compiles everything again.`)
    if (reset.modified.length > 0) {
      const shown = reset.modified.slice(0, 5).map(file => path.relative(this.config.workingDirectory, file))
      core.warning(
        `The previous build changed ${reset.modified.length} files that were there before it (${shown.join(', ')}${reset.modified.length > 5 ? ', …' : ''}); ` +
          'if they are build outputs, this build may reuse them.'
      )
    }
  }
}

/**
 * Runs the build command with the variables of one build, and names the
 * functions the compiler's fit warnings are about: the action asked for a
 * warning per function itself, so they are counted and listed, not left to
 * bury the build's own messages.
 */
export async function runBuildCommand(config: Config, toolchain: Toolchain, env: Env, what: string): Promise<FitNames> {
  const names = { missing: new Set<string>(), mismatched: new Set<string>() }
  core.info(`$ ${config.build}`)
  const { leftover } = await runShell(config.build, {
    cwd: config.workingDirectory,
    env: commandEnv(env),
    what,
    onLine: line => {
      const warning = toolchain.profileFitWarning(line)
      if (warning?.functionName) (warning.missing > 0 ? names.missing : names.mismatched).add(warning.functionName)
    },
    shownInLog: toolchain.traits.warnsOfFit ? line => toolchain.profileFitWarning(line) === undefined : undefined
  })
  if (leftover) core.warning(leftover)
  return names
}

/** The functions named, counted once each (a function compiled in several units is warned of in each), with a bounded list for the summary. */
function fitReportOf(names: FitNames): FitReport {
  const listed = (kind: ReadonlySet<string>) => [...kind].slice(0, FIT_NAMES)
  const examples = [...names.missing, ...names.mismatched].slice(0, FIT_EXAMPLES)
  return {
    missing: names.missing.size,
    mismatched: names.mismatched.size,
    examples,
    functions: { missing: listed(names.missing), mismatched: listed(names.mismatched) }
  }
}

/** One line in place of the compiler's warning per function. */
function describeHiddenWarnings(fit: FitReport): string {
  const total = fit.missing + fit.mismatched
  const examples = fit.examples.map(name => printable(name)).join(', ')
  return (
    `The compiler warned of ${total} function${total === 1 ? '' : 's'} the profile does not fit (${fit.missing} without profile data, ${fit.mismatched} changed since profiling); ` +
    `those warnings are left out of the log above, and the job summary lists every function (Profile, under Fit to the code). The first: ${examples}.`
  )
}

/**
 * Programs are named one a line: in the binaries output, on PATH and in the
 * log. A path with a line break in it would add lines of the build's
 * choosing to each, so such a program is refused.
 */
function refuseLineBreaks(programs: string[], cwd: string): void {
  const broken = programs.filter(program => /[\r\n]/.test(program))
  if (broken.length === 0) return
  throw new ActionError(
    `The build wrote ${broken.map(program => `'${printable(displayPath(program, cwd))}'`).join(', ')}, whose path holds a line break. ` +
      'Programs are listed one a line (the binaries output), so the action takes none with a line break in its path: rename it in the build, or leave it out of binaries.'
  )
}
