import * as path from 'node:path'
import { shellCommands } from '../../system/shell-words'
import type { BesideBuild } from '../toolchain'

/**
 * A cargo build beside the release: CARGO_TARGET_DIR, which wins over the
 * configuration's build.target-dir, sends every output into `dir`, so the
 * released programs in the target directory are never written. A build
 * command that names --target-dir itself would win over the variable.
 */
export function cargoBuildBeside(build: string, targetDirectory: string, dir: string): BesideBuild | { cannot: string } {
  if (
    shellCommands(build)
      .flat()
      .some(word => word === '--target-dir' || word.startsWith('--target-dir='))
  ) {
    return { cannot: 'the build command names --target-dir, so a second build would write over the release' }
  }
  const variantTarget = path.join(dir, 'target')
  return {
    env: { CARGO_TARGET_DIR: variantTarget },
    counterpart: released => {
      const relative = path.relative(targetDirectory, released)
      return relative.startsWith('..') || path.isAbsolute(relative) ? undefined : path.join(variantTarget, relative)
    }
  }
}
