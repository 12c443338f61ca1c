import { checkProfileForMake } from '../cc-variables'
import type { ToolchainSpec } from '../spec'

/** C and C++ with clang and any build system: nothing to detect it by, so toolchain auto falls back on it. */
export const CLANG_SPEC: ToolchainSpec = {
  name: 'clang',
  profileTool: 'llvm-profdata',
  can: { 'llvm-tools': true, bolt: true, 'go-platforms': false, 'default-pgo': false, 'rustup-tools': false },
  needsBinaries: true,
  defaultBuild: () => undefined,
  checkInputs(given, problems) {
    checkProfileForMake(given.singleProfile, 'clang', problems)
  }
}
