import { checkProfileForMake } from '../cc-variables'
import type { ToolchainSpec } from '../spec'

/** C and C++ with GCC and any build system: chosen by name (toolchain: gcc), as nothing in a project says which compiler it wants. */
export const GCC_SPEC: ToolchainSpec = {
  name: 'gcc',
  profileTool: 'gcov-tool',
  can: { 'llvm-tools': false, bolt: true, 'go-platforms': false, 'default-pgo': false, 'rustup-tools': false },
  needsBinaries: true,
  defaultBuild: () => undefined,
  checkInputs(given, problems) {
    checkProfileForMake(given.singleProfile, 'gcc', problems)
  }
}
