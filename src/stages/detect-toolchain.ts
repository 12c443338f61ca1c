import * as core from '../system/log'
import type { Config } from '../config'
import { ActionError } from '../system/errors'
import type { StageOutcome } from '../report/stage'
import { describePlan } from '../targets/go-platforms'
import { openToolchain } from '../toolchains'
import type { Toolchain } from '../toolchains/toolchain'
import { mayInstrument } from './prepare-profile-tool'
import { toolchainScratchDir } from '../system/workdir'

/** Asks the compiler what it is: its version and the LLVM the profile tools must match. */
export async function detectToolchain(config: Config): Promise<StageOutcome<Toolchain>> {
  const toolchain = await openToolchain(config.toolchain, {
    workingDirectory: config.workingDirectory,
    llvmMajor: config.llvmVersion?.major,
    build: config.build,
    goPlatforms: config.goPlatforms,
    scratchDir: toolchainScratchDir(process.env)
  })
  const { cannotInstrument } = toolchain.traits
  if (cannotInstrument && mayInstrument(config)) throw new ActionError(cannotInstrument)
  const plan = toolchain.platforms?.plan
  if (!plan) return { value: toolchain, result: toolchain.compiler.description }
  core.info(describePlan(plan))
  if (!plan.release && config.benchmark) {
    throw new ActionError(
      `build sets GOOS or GOARCH itself, so its programs are for another platform than this runner's ${plan.runner}, and the benchmark cannot time them. ` +
        "Name the platforms in go-platforms instead (the action then also builds the runner's own for the benchmark), or leave out benchmark."
    )
  }
  const platforms = plan.release ? plan.release.join(', ') : 'as build sets them'
  return { value: toolchain, result: `${toolchain.compiler.description}; platforms ${platforms}` }
}
