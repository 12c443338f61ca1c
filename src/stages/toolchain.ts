import type { Config } from '../config'
import type { StageOutcome } from '../report/stage'
import { openToolchain } from '../toolchains'
import type { Toolchain } from '../toolchains/toolchain'

/** Asks the compiler what it is: its version and the LLVM the profile tools must match. */
export async function detectToolchain(config: Config): Promise<StageOutcome<Toolchain>> {
  const toolchain = await openToolchain(config.toolchain, { workingDirectory: config.workingDirectory, llvmMajor: config.llvmVersion?.major, build: config.build })
  return { value: toolchain, result: toolchain.compiler.description }
}
