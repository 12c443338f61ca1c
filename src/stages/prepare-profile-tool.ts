import type { Config } from '../config'
import type { ProfileTool } from '../llvm/profile-tool'
import type { StageOutcome } from '../report/stage'
import type { Toolchain } from '../toolchains/toolchain'

/** The tool that merges and reads the toolchain's profiles (llvm-profdata of the compiler's LLVM, Go's pprof), ready, and the toolchain's checks before any build. */
export async function prepareProfileTool(config: Config, toolchain: Toolchain): Promise<StageOutcome<ProfileTool>> {
  const { tool, result } = await toolchain.prepareProfileTool({ config, needs: { instrumentation: mayInstrument(config) } })
  return { value: tool, result }
}

/** Whether the run may build instrumented programs: not when it is told to use a given profile. */
export function mayInstrument(config: Config): boolean {
  return config.profiles.length === 0 && config.profileHash === undefined && config.profileArtifacts === undefined && config.mode !== 'use'
}
