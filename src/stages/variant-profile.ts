import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Amplifying } from '../settings/settings'
import { ActionError } from '../system/errors'
import type { BesideBuild } from '../toolchains/toolchain'
import { runBuildCommand } from './builder'
import type { RunContext } from './run-context'
import { runWorkloads } from './run-workloads'
import { judgeDropped } from './merge'
import { discardBuildTimeProfiles } from './profiling-build'

/**
 * The variant's own profile (advice). The release's profile cannot serve
 * it: cargo hashes lto and codegen-units into -C metadata, so every symbol
 * the profile names a function by has another hash in the variant, whose
 * build would then find no profile data for any of them. So the variant is
 * built instrumented with its own settings, beside the release, the
 * workloads run its programs (first on PATH), and their raw profiles are
 * merged: both sides of the comparison are then equally profiled.
 */
export async function profileVariant(run: RunContext, released: string[], amplifying: Amplifying, beside: BesideBuild): Promise<string> {
  const { config, toolchain, dirs } = run
  const rawDir = path.join(dirs.advice.profile, 'raw')
  fs.rmSync(dirs.advice.profile, { recursive: true, force: true })
  fs.mkdirSync(rawDir, { recursive: true })
  const setup = await toolchain.prepareBuild({ kind: 'instrumented', profileDir: rawDir })
  try {
    await runBuildCommand(
      config,
      toolchain,
      { ...setup.env, ...amplifying.variables, ...beside.env },
      `The variant's instrumented build (${amplifying.change})`
    )
  } finally {
    setup.cleanup?.()
  }
  const programs = released.map(program => beside.counterpart(program) as string)
  const missing = programs.filter(program => !fs.existsSync(program))
  if (missing.length > 0) throw new ActionError(`The variant's instrumented build wrote no ${missing.join(', ')}.`)
  discardBuildTimeProfiles(rawDir)
  const instrumented = await toolchain.checkProfilingBuild(programs, rawDir, config.workingDirectory)
  core.info("The workloads run again, on the variant's instrumented programs, for its own profile.")
  const raw = await runWorkloads(config, toolchain, instrumented, {
    profileDir: rawDir,
    logDir: path.join(dirs.advice.profile, 'logs'),
    emulatorDir: dirs.emulator
  })
  const profile = path.join(dirs.advice.profile, `variant${toolchain.traits.profileExtension}`)
  const outcome = await run.profileTool.merge(
    raw.value.files.map(file => ({ file })),
    profile
  )
  // The same limit as the release's merge: a variant trained on less than its workload would not be a fair comparison.
  judgeDropped(outcome, raw.value.files.length, "the variant's profile")
  core.info(`The variant's profile: ${raw.value.files.length - outcome.dropped.length} raw profiles merged into ${profile}.`)
  return profile
}
