import { ClangToolchain } from './clang/clang'
import { CLANG_SPEC } from './clang/clang-spec'
import { GccToolchain } from './gcc/gcc'
import { GCC_SPEC } from './gcc/gcc-spec'
import { GoToolchain } from './go/go'
import { GO_SPEC } from './go/go-spec'
import { RustToolchain } from './rust/rust'
import { RUST_SPEC } from './rust/rust-spec'
import type { ToolchainSpec } from './spec'
import { TOOLCHAIN_NAMES } from './specs'
import type { Toolchain, ToolchainOptions } from './toolchain'
import { ActionError } from '../system/errors'

/** Each toolchain's spec beside its adapter's opener: the one table that ties a name to the code that runs its compiler. */
const ADAPTERS: ReadonlyArray<{ spec: ToolchainSpec; open(options: ToolchainOptions): Promise<Toolchain> }> = [
  { spec: RUST_SPEC, open: options => RustToolchain.open(options) },
  { spec: CLANG_SPEC, open: options => ClangToolchain.open(options) },
  { spec: GCC_SPEC, open: options => GccToolchain.open(options) },
  { spec: GO_SPEC, open: options => GoToolchain.open(options) }
]

/** The adapter for the configured toolchain, after asking its compiler what it is. */
export async function openToolchain(name: string, options: ToolchainOptions): Promise<Toolchain> {
  const adapter = ADAPTERS.find(entry => entry.spec.name === name)
  if (!adapter) throw new ActionError(`Unknown toolchain '${name}': use one of ${TOOLCHAIN_NAMES.join(', ')}.`)
  return adapter.open(options)
}
