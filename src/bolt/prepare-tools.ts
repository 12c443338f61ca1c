import * as core from '../system/log'
import { commandEnv } from '../system/environment'
import { ActionError } from '../system/errors'
import { runTool } from '../system/exec'
import type { Config } from '../config'
import {
  BOLT_LLVM_MAJOR,
  BOLT_RUNTIME_LIBRARIES,
  PROGRAMS_ONLY,
  boltAptPackage,
  boltPlatformProblem,
  instrumentArgs,
  layoutFlags,
  parseBoltHelp,
  unknownFlags
} from '../llvm/llvm-bolt'
import { BoltTools } from './bolt-tools'
import { locateLlvmTool, type LocateRequest } from '../llvm/locate'
import type { StageOutcome } from '../report/stage'
import type { LlvmCapability, Toolchain } from '../toolchains/toolchain'
import { llvmDownload } from '../toolchains/llvm-toolchain'
import { hostSystem } from '../platform/host'

/** What the BOLT tools stage found: the tools, or why BOLT is skipped on this runner (bolt: if-supported). */
export type BoltSetup = { tools: BoltTools } | { skipped: string }

/**
 * Finds llvm-bolt and merge-fdata of the same LLVM as the profile tools
 * (for a compiler without LLVM, GCC: llvm-version's, else BOLT_LLVM_MAJOR),
 * the way llvm-profdata is found (a Debian or Ubuntu system has them in
 * bolt-N, not llvm-N), and checks that llvm-bolt takes every flag the
 * action will pass, before any build.
 */
export async function prepareBoltTools(
  config: Config,
  toolchain: Toolchain,
  platform: string = hostSystem(),
  arch = process.arch
): Promise<StageOutcome<BoltSetup>> {
  const platformProblem = boltPlatformProblem(platform, arch)
  if (platformProblem) {
    // bolt: true on such a runner was refused with the inputs.
    core.warning(`BOLT is skipped: ${platformProblem}. The programs stay PGO builds (bolt: if-supported).`)
    return { value: { skipped: platformProblem }, result: `skipped: ${platformProblem}`, status: 'warning' }
  }
  const compilerLlvm = toolchain.compiler.llvm
  const { llvm } = toolchain
  if (!llvm) throw new ActionError(`toolchain ${toolchain.spec.name} has no BOLT: its linker does not keep the relocations BOLT needs.`)
  if (config.bolt?.onUnsupported === 'fail' && config.binaries.length === 0) await refuseExpectedLibraries(llvm)
  const major = config.llvmVersion?.major ?? compilerLlvm?.major ?? BOLT_LLVM_MAJOR
  const bundled = await llvm.bundledTools()
  const request: Omit<LocateRequest, 'tool'> = {
    versionArgs: ['--version'],
    major,
    source: config.llvmTools,
    bundled: bundled?.mayHoldBolt ? bundled : undefined,
    needs: compilerLlvm
      ? `The profile tools are from LLVM ${major}`
      : `BOLT's tools for ${toolchain.compiler.name} are LLVM ${major}'s (llvm-version)`,
    whyMatch: compilerLlvm ? 'BOLT comes from the same LLVM' : 'llvm-bolt and merge-fdata must be of one LLVM',
    // Where rustup's llvm-tools would have been the first place to look, say why it was not.
    notes:
      config.llvmTools.kind === 'auto' && bundled && !bundled.mayHoldBolt
        ? [`${bundled.origin}: has no BOLT (the component does not include llvm-bolt or merge-fdata)`]
        : [],
    aptPackage: boltAptPackage(major),
    cwd: config.workingDirectory,
    download: llvmDownload(config, compilerLlvm?.major === major ? compilerLlvm : undefined),
    companions: { tools: ['merge-fdata'], libraries: BOLT_RUNTIME_LIBRARIES }
  }
  const bolt = await locateLlvmTool({ ...request, tool: 'llvm-bolt' })
  const mergeFdata = await locateLlvmTool({
    ...request,
    tool: 'merge-fdata',
    companions: { tools: ['llvm-bolt'], libraries: BOLT_RUNTIME_LIBRARIES }
  })
  core.info(`llvm-bolt: ${bolt.path} (LLVM ${bolt.version.full}, ${bolt.origin})`)
  core.info(`merge-fdata: ${mergeFdata.path} (LLVM ${mergeFdata.version.full}, ${mergeFdata.origin})`)
  await checkFlags(bolt.path, bolt.version.full, arch, config.workingDirectory)
  const tools = new BoltTools(bolt, mergeFdata, arch)
  return { value: { tools }, result: tools.description }
}

/**
 * bolt true on a build whose outputs will be libraries only (binaries
 * named them: refused with the inputs) fails now rather than after the
 * optimized build.
 */
async function refuseExpectedLibraries(llvm: LlvmCapability): Promise<void> {
  const libraries = await llvm.expectedLibraries()
  if (libraries.length === 0) return
  throw new ActionError(
    `bolt true: the build's outputs are shared libraries (${libraries.join(', ')}: the workspace has no programs), and ${PROGRAMS_ONLY}. ` +
      'Set bolt to if-supported to keep them PGO builds, or to false.'
  )
}

/** Fails now, naming them, when llvm-bolt would refuse a flag later, after the builds and workloads. */
async function checkFlags(bolt: string, version: string, arch: string, cwd: string): Promise<void> {
  const { stdout } = await runTool(bolt, ['--help-hidden'], {
    cwd,
    env: commandEnv(),
    what: 'Asking llvm-bolt for its options',
    quiet: true,
    capture: true
  })
  const flags = [...instrumentArgs('program', 'output', 'profile').filter(arg => arg.startsWith('-') && arg !== '-o'), ...layoutFlags(arch)]
  const refused = unknownFlags(flags, parseBoltHelp(stdout))
  if (refused.length > 0) {
    throw new ActionError(
      `llvm-bolt ${version} (${bolt}) does not take ${refused.join(', ')}, which the action passes (the layout rustc's own releases use). ` +
        'Use BOLT from a newer LLVM: LLVM 22 takes them all.'
    )
  }
  core.info(`llvm-bolt takes every flag the action passes: ${flags.join(' ')}`)
}
