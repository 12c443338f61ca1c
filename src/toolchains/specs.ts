// Every toolchain's spec, for the inputs: the names toolchain may take, what
// toolchain auto goes by, and which toolchains can do what. Adding a
// toolchain adds its folder and its spec here.
import { CLANG_SPEC } from './clang/clang-spec'
import { GCC_SPEC } from './gcc/gcc-spec'
import { GO_SPEC } from './go/go-spec'
import { RUST_SPEC } from './rust/rust-spec'
import type { Ability, ToolchainSpec } from './spec'

export const TOOLCHAIN_SPECS: readonly ToolchainSpec[] = [RUST_SPEC, CLANG_SPEC, GCC_SPEC, GO_SPEC]

export const TOOLCHAIN_NAMES: readonly string[] = TOOLCHAIN_SPECS.map(spec => spec.name)

/** toolchain auto, where no toolchain's marker file is in working-directory. */
export const FALLBACK_SPEC: ToolchainSpec = CLANG_SPEC

export function specOf(name: string): ToolchainSpec {
  const spec = TOOLCHAIN_SPECS.find(candidate => candidate.name === name)
  if (!spec) throw new Error(`no toolchain is called ${name}`)
  return spec
}

/** The toolchains that can do `ability`, as a sentence names them: "rust and clang". */
export function namesThatCan(ability: Ability): string {
  const names = TOOLCHAIN_SPECS.filter(spec => spec.can[ability]).map(spec => spec.name)
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}
