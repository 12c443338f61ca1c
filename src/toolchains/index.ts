import type { Config } from '../inputs'
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
    case 'go':
      throw new ActionError(`toolchain ${config.toolchain} is not supported yet: this version of the action builds Rust projects.`)
    default:
      throw new ActionError(`Unknown toolchain '${String(config.toolchain)}': use one of ${TOOLCHAIN_NAMES.join(', ')}.`)
  }
}
