import { ClangToolchain } from './clang/clang'
import { GoToolchain } from './go/go'
import { RustToolchain } from './rust/rust'
import type { Toolchain, ToolchainOptions } from './toolchain'
import { TOOLCHAIN_NAMES, type ToolchainName } from './catalog'
import { ActionError } from '../system/errors'

/** The adapter for the configured toolchain, after asking its compiler what it is. */
export async function openToolchain(name: ToolchainName, options: ToolchainOptions): Promise<Toolchain> {
  switch (name) {
    case 'rust':
      return RustToolchain.open(options)
    case 'clang':
      return ClangToolchain.open(options)
    case 'go':
      return GoToolchain.open(options)
    default:
      throw new ActionError(`Unknown toolchain '${String(name)}': use one of ${TOOLCHAIN_NAMES.join(', ')}.`)
  }
}
