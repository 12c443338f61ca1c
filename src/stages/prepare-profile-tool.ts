import * as core from '../system/log'
import { ActionError } from '../system/errors'
import type { Config } from '../config'
import { locateLlvmTool } from '../llvm/locate'
import { LlvmProfdata } from '../llvm/profdata'
import type { ProfileTool } from '../llvm/profile-tool'
import type { StageOutcome } from '../report/stage'
import type { Toolchain } from '../toolchains/toolchain'

/** Finds the llvm-profdata that matches the compiler's LLVM, installing it where it can. */
export async function prepareProfileTool(config: Config, toolchain: Toolchain): Promise<StageOutcome<ProfileTool>> {
  const own = toolchain.ownProfileTool?.()
  if (own) {
    const prepared = await own.prepare?.()
    return { value: own, result: prepared ? `${own.description}; ${prepared}` : own.description }
  }
  const compilerLlvm = toolchain.compiler.llvm
  if (!compilerLlvm) throw new ActionError(`toolchain ${toolchain.name} does not use LLVM profile tools.`)
  const major = config.llvmVersion?.major ?? compilerLlvm.major
  if (major !== compilerLlvm.major) {
    core.warning(
      `llvm-version ${major} differs from the compiler's LLVM ${compilerLlvm.full}: ` +
        `the compiler may reject or silently ignore a profile from LLVM ${major}.`
    )
  }
  const tool = await locateLlvmTool({
    tool: 'llvm-profdata',
    // Before LLVM 15 a bare --version is refused; every version answers it after a subcommand.
    versionArgs: ['merge', '--version'],
    major,
    source: config.llvmTools,
    bundled: await toolchain.bundledLlvmTools?.(),
    needs: `${toolchain.compiler.name} uses LLVM ${compilerLlvm.full}`,
    cwd: config.workingDirectory,
    download: { mirror: config.llvmMirror, exact: config.llvmVersion?.exact, compilerVersion: compilerLlvm.full, archiveSha256: config.llvmArchiveSha256 },
    apple: toolchain.compiler.apple
  })
  core.info(`llvm-profdata: ${tool.path} (LLVM ${tool.version.full}, ${tool.origin})`)
  await toolchain.preflight?.({ instrumentation: mayInstrument(config) })
  const profdata = new LlvmProfdata(tool, { name: toolchain.compiler.name, llvm: compilerLlvm })
  return { value: profdata, result: profdata.description }
}

/** Whether the run may build instrumented programs: not when it is told to use a given profile. */
export function mayInstrument(config: Config): boolean {
  return config.profiles.length === 0 && config.profileHash === undefined && config.profileArtifacts === undefined && config.mode !== 'use'
}
