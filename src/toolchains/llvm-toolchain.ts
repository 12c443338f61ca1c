import * as core from '../system/log'
import type { Config } from '../config'
import type { LlvmVersion } from '../llvm/version'
import type { Env } from '../system/environment'
import { ActionError } from '../system/errors'
import { llvmFitWarning, type ProfileFitWarning } from '../llvm/fit-warnings'
import { locateLlvmTool } from '../llvm/locate'
import { LlvmProfdata } from '../llvm/profdata'
import {
  isLlvmProfileOfWorkload,
  isLlvmRawProfile,
  LLVM_NO_PROFILE_OF_LINE,
  llvmNoProfilesAdvice,
  llvmWorkloadEnv
} from '../llvm/raw-profiles'
import type {
  LlvmCapability,
  BuildSetup,
  BuildTraits,
  BuildVariant,
  CompilerInfo,
  OptimizedCheck,
  OptimizedCheckRequest,
  PreflightNeeds,
  PreparedProfileTool,
  ProfileToolRequest,
  WorkloadProfiles
} from './toolchain'
import { instrumentedPrograms, refuseStillInstrumented } from './instrumented-programs'
import type { ToolchainSpec } from './spec'

/** Where and which LLVM release the llvm-* inputs download, for the compiler's LLVM where it has one. */
export function llvmDownload(config: Config, compilerLlvm: LlvmVersion | undefined) {
  return {
    mirror: config.llvmMirror,
    exact: config.llvmVersion?.exact,
    compilerVersion: compilerLlvm?.full,
    archiveSha256: config.llvmArchiveSha256
  }
}

/** What every build on LLVM's instrumentation has in common; an adapter adds the rest. */
export function llvmTraits(
  own: Pick<BuildTraits, 'reusesObjects' | 'flagsAdvice' | 'keepSymbolsAdvice' | 'cannotInstrument' | 'targets'>
): BuildTraits {
  return { ...own, profilingBuildName: 'Instrumented build', profileExtension: '.profdata', warnsOfFit: true, runnerEnv: {} }
}

/**
 * What every toolchain built on LLVM's instrumentation shares (clang and
 * rustc): the raw profiles the workloads write and how they are named,
 * llvm-profdata of the compiler's LLVM, the proof in the programs that the
 * build took the flags, and the warnings the compiler prints while it
 * applies a profile. An adapter on LLVM adds how its build takes the flags.
 */
export abstract class LlvmToolchain {
  abstract readonly spec: ToolchainSpec
  abstract readonly compiler: CompilerInfo
  abstract readonly traits: BuildTraits
  abstract readonly llvm: LlvmCapability
  readonly workloads: WorkloadProfiles = {
    env: (profileDir: string, number: number): Env => llvmWorkloadEnv(profileDir, number),
    isRaw: isLlvmRawProfile,
    isOfWorkload: isLlvmProfileOfWorkload,
    noProfileOfLineReason: LLVM_NO_PROFILE_OF_LINE,
    noProfilesAdvice: llvmNoProfilesAdvice,
    perProgram: false
  }
  /** How the compiler signs the .comment section of what it builds ("clang version 22.1.8"), where every program does not carry that anyway. */
  protected readonly compilerSignature?: RegExp

  abstract prepareBuild(variant: BuildVariant): Promise<BuildSetup>

  /** Checks only this toolchain makes before any build (Rust: the C compiler behind the cc crate; clang: its profile runtime). */
  protected abstract preflight(needs: PreflightNeeds): Promise<void>

  profileFitWarning(line: string): ProfileFitWarning | undefined {
    return llvmFitWarning(line)
  }

  /** llvm-profdata of the compiler's LLVM, found or installed as llvm-tools says, then the toolchain's own checks. */
  async prepareProfileTool({ config, needs }: ProfileToolRequest): Promise<PreparedProfileTool> {
    const compilerLlvm = this.compiler.llvm
    if (!compilerLlvm) throw new ActionError(`${this.compiler.name} did not say which LLVM it uses.`)
    const major = config.llvmVersion?.major ?? compilerLlvm.major
    if (major !== compilerLlvm.major) {
      core.warning(
        `llvm-version ${major} differs from the compiler's LLVM ${compilerLlvm.full}: the compiler may reject or silently ignore a profile from LLVM ${major}.`
      )
    }
    const tool = await locateLlvmTool({
      tool: 'llvm-profdata',
      // Before LLVM 15 a bare --version is refused; every version answers it after a subcommand.
      versionArgs: ['merge', '--version'],
      major,
      source: config.llvmTools,
      bundled: await this.llvm.bundledTools(),
      needs: `${this.compiler.name} uses LLVM ${compilerLlvm.full}`,
      cwd: config.workingDirectory,
      download: llvmDownload(config, compilerLlvm),
      apple: this.compiler.apple
    })
    core.info(`llvm-profdata: ${tool.path} (LLVM ${tool.version.full}, ${tool.origin})`)
    await this.preflight(needs)
    const profdata = new LlvmProfdata(tool, { name: this.compiler.name, llvm: compilerLlvm })
    return { tool: profdata, result: profdata.description }
  }

  checkProfilingBuild(programs: string[], profileDir: string, cwd: string): Promise<string[]> {
    return instrumentedPrograms({
      programs,
      profileDir,
      cwd,
      toolchain: this.spec.name,
      signature: this.compilerSignature,
      flagsAdvice: this.traits.flagsAdvice
    })
  }

  async checkOptimizedBuild(request: OptimizedCheckRequest): Promise<OptimizedCheck> {
    await refuseStillInstrumented(request.built, request.rawProfileDir, request.cwd, this.traits.flagsAdvice)
    return { confirmations: [] }
  }
}
