import type { Env } from '../system/environment'
import { llvmFitWarning, type ProfileFitWarning } from '../llvm/fit-warnings'
import { isLlvmProfileOfWorkload, isLlvmRawProfile, LLVM_NO_PROFILE_OF_LINE, llvmNoProfilesAdvice, llvmWorkloadEnv } from '../llvm/raw-profiles'
import type { BuildSetup, BuildVariant, CompilerInfo, Toolchain } from './toolchain'

/**
 * What every toolchain built on LLVM's instrumentation shares (clang and
 * rustc): the raw profiles the workloads write and how they are named, the
 * merged profile's format, and the warnings the compiler prints while it
 * applies one. An adapter on LLVM adds only how its build takes the flags.
 */
export abstract class LlvmToolchain implements Partial<Toolchain> {
  abstract readonly compiler: CompilerInfo
  readonly profileFormat = 'llvm'
  readonly profilingBuildName = 'Instrumented build'
  readonly profileExtension = '.profdata'
  readonly noProfileOfLineReason = LLVM_NO_PROFILE_OF_LINE

  abstract prepareBuild(variant: BuildVariant): Promise<BuildSetup>

  isRawProfile(fileName: string): boolean {
    return isLlvmRawProfile(fileName)
  }

  workloadEnv(profileDir: string, number: number): Env {
    return llvmWorkloadEnv(profileDir, number)
  }

  isProfileOfWorkload(fileName: string, number: number): boolean {
    return isLlvmProfileOfWorkload(fileName, number)
  }

  noProfilesAdvice(programs: string[]): string {
    return llvmNoProfilesAdvice(programs)
  }

  profileFitWarning(line: string): ProfileFitWarning | undefined {
    return llvmFitWarning(line)
  }
}
