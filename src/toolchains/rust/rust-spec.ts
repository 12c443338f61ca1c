import type { ToolchainSpec } from '../spec'

export const RUST_SPEC: ToolchainSpec = {
  name: 'rust',
  marker: 'Cargo.toml',
  profileTool: 'llvm-profdata',
  can: { 'llvm-tools': true, bolt: true, 'go-platforms': false, 'default-pgo': false, 'rustup-tools': true },
  needsBinaries: false,
  defaultBuild: () => 'cargo build --release',
  checkInputs(given, problems) {
    if (given.build) checkRustflagsInBuild(given.build, problems)
  }
}

/**
 * cargo takes its rustflags from one source only, and the action's
 * CARGO_ENCODED_RUSTFLAGS comes first: rustflags a build command sets for
 * itself (RUSTFLAGS=… cargo build, --config with rustflags) would be dropped
 * without a word, so such a command is refused with the way that works.
 */
function checkRustflagsInBuild(build: string, problems: string[]): void {
  const assigned = /(?:^|[\s;&|(])(?:export\s+)?((?:CARGO_ENCODED_)?RUSTFLAGS)=/.exec(build)?.[1]
  const viaConfig = /--config[\s=]\S*rustflags/.test(build)
  if (!assigned && !viaConfig) return
  problems.push(
    `build sets ${assigned ?? 'rustflags through --config'} itself (${build}). The action passes your rustflags and its profile flags together in ` +
      "CARGO_ENCODED_RUSTFLAGS, which cargo prefers to every other source, so these flags would be dropped. Set RUSTFLAGS in the step's env: " +
      'or the flags in .cargo/config.toml instead: the action reads both and keeps them.'
  )
}
