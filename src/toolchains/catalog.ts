// What the inputs need to know about toolchains, as plain data, so that input
// validation does not depend on the adapters (which run compilers).

export const TOOLCHAIN_NAMES = ['rust', 'clang', 'go'] as const
export type ToolchainName = (typeof TOOLCHAIN_NAMES)[number]

/** The build each toolchain runs when the `build` input is empty. */
export const DEFAULT_BUILD: Record<ToolchainName, string | undefined> = {
  rust: 'cargo build --release',
  go: 'go build -o bin/ ./...',
  clang: undefined
}

/** Go's default build where it makes several platforms: each into a directory of its own (bin/linux-arm64/). */
export const GO_PLATFORMS_BUILD = 'go build -o "bin/$GOOS-$GOARCH/" ./...'

/** For `toolchain: auto`: the first marker file present in the working directory decides. */
export const DETECTION_MARKERS: ReadonlyArray<readonly [file: string, toolchain: ToolchainName]> = [
  ['Cargo.toml', 'rust'],
  ['go.mod', 'go']
]
export const FALLBACK_TOOLCHAIN: ToolchainName = 'clang'

/**
 * Toolchains whose programs BOLT can rewrite: linked by a C compiler driver
 * that can keep the link's relocations. Go's linker cannot, and BOLT does
 * not understand Go's runtime tables.
 */
/** Toolchains that profile with LLVM's instrumentation and tools; Go samples with pprof, so the llvm-* inputs do not apply to it. */
export const LLVM_TOOLCHAINS: readonly ToolchainName[] = ['rust', 'clang']

export const BOLT_TOOLCHAINS: readonly ToolchainName[] = ['rust', 'clang']
