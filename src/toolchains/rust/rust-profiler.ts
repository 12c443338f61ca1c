// Which Rust targets can build instrumented programs at all: rustc's
// -Cprofile-generate links the profiler runtime (profiler_builtins) from
// the target's standard library, and rustup ships it for most targets but
// not for every one.

/**
 * Why a build for `triple` cannot be instrumented, or undefined. The GNU
 * Windows targets' standard library carries no profiler runtime, on stable
 * and nightly alike (rust-lang/rust#122613): rustc stops with E0463 ("can't
 * find crate for profiler_builtins") after the dependencies have built.
 * The MSVC and gnullvm Windows targets have it.
 */
export function profilerRuntimeProblem(triple: string): string | undefined {
  const gnu = /^(\w+)-pc-windows-gnu$/.exec(triple)
  if (!gnu) return undefined
  const [, cpu] = gnu
  return (
    `The build targets ${triple}, whose Rust standard library ships no profiler runtime (profiler_builtins, rust-lang/rust#122613): ` +
    'the instrumented build would fail with E0463 after the dependencies have built. ' +
    `Build for ${cpu}-pc-windows-msvc (or ${cpu}-pc-windows-gnullvm), whose standard library has it, or set profile to a profile made for the same code elsewhere, so that no instrumented build runs.`
  )
}
