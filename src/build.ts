import * as core from '@actions/core'
import { commandEnv } from './environment'
import { ActionError } from './errors'
import { runShell } from './exec'
import type { Config } from './inputs'
import { expandBinaryPatterns } from './programs'
import type { FitReport } from './report'
import type { BuildVariant, Toolchain } from './toolchains/toolchain'

/** Function names kept from the fit warnings, to show what a stale profile looks like. */
const FIT_EXAMPLES = 5

export interface BuildOutput {
  programs: string[]
  fit: FitReport
}

/**
 * Runs the user's build command once, with the toolchain's settings for this
 * variant, and finds the programs it wrote: from `binaries`, or from the
 * toolchain's own knowledge of where its programs land.
 */
export async function runBuild(config: Config, toolchain: Toolchain, variant: BuildVariant, what: string): Promise<BuildOutput> {
  const setup = await toolchain.prepareBuild(variant)
  setup.notes.forEach(note => core.info(note))
  setup.warnings.forEach(warning => core.warning(warning))
  const watch = config.binaries.length === 0 ? await toolchain.watchPrograms?.(variant) : undefined
  if (config.binaries.length === 0 && !watch) {
    throw new ActionError(`binaries is required for toolchain ${toolchain.name}: list the programs the build produces.`)
  }

  const fit: FitReport = { missing: 0, mismatched: 0, examples: [] }
  core.info(`$ ${config.build}`)
  await runShell(config.build, {
    cwd: config.workingDirectory,
    env: commandEnv(setup.env),
    what,
    onLine: line => {
      const warning = toolchain.profileFitWarning(line)
      if (!warning) return
      fit.missing += warning.missing
      fit.mismatched += warning.mismatched
      if (warning.functionName && fit.examples.length < FIT_EXAMPLES) fit.examples.push(warning.functionName)
    }
  })
  const programs = watch ? await watch.programs() : await expandBinaryPatterns(config.binaries, config.workingDirectory)
  return { programs, fit }
}
