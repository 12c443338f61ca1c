import type { Config } from '../inputs'
import { ClangToolchain } from './clang'
import { GoToolchain } from './go'
import { RustToolchain } from './rust'
import type { Toolchain } from './toolchain'
import { TOOLCHAIN_NAMES } from './catalog'
import { ActionError } from '../errors'

/** The adapter for the configured toolchain, after asking its compiler what it is. */
export async function openToolchain(config: Config): Promise<Toolchain> {
  switch (config.toolchain) {
    case 'rust':
      return RustToolchain.open(config)
    case 'clang':
      return ClangToolchain.open(config)
    case 'go':
      return GoToolchain.open(config)
    default:
      throw new ActionError(`Unknown toolchain '${String(config.toolchain)}': use one of ${TOOLCHAIN_NAMES.join(', ')}.`)
  }
}
