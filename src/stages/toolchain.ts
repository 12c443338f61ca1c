import type { Config } from '../inputs'
import type { StageOutcome } from '../stage'
import { openToolchain } from '../toolchains'
import type { Toolchain } from '../toolchains/toolchain'

/** Asks the compiler what it is: its version and the LLVM the profile tools must match. */
export async function detectToolchain(config: Config): Promise<StageOutcome<Toolchain>> {
  const toolchain = await openToolchain(config)
  return { value: toolchain, result: toolchain.compiler.description }
}
