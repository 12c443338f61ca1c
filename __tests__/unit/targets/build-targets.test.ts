import { targetsInCommand } from '../../../src/targets/build-targets'

describe('the targets a build command names', () => {
  test('--target and --target=, each once, in order, across commands; --target-dir is no target', () => {
    expect(targetsInCommand('cargo build --release --target x86_64-unknown-linux-musl', {})).toEqual(['x86_64-unknown-linux-musl'])
    expect(targetsInCommand('cargo build --target=aarch64-unknown-linux-gnu --target-dir out', {})).toEqual(['aarch64-unknown-linux-gnu'])
    expect(targetsInCommand('cargo build --target a-b-c&& cargo build --target d-e-f;\ncargo build --target a-b-c', {})).toEqual([
      'a-b-c',
      'd-e-f'
    ])
    expect(targetsInCommand('cargo build --release', {})).toEqual([])
  })

  test("only cargo's, cross's and maturin's --target is a Rust target", () => {
    expect(targetsInCommand('cmake --build b --target ninja && cargo build --release', {})).toEqual([])
    expect(targetsInCommand('cmake --build b --target ninja; ~/.cargo/bin/cargo build --target x86_64-unknown-linux-musl', {})).toEqual([
      'x86_64-unknown-linux-musl'
    ])
    expect(targetsInCommand('maturin build --release --target aarch64-unknown-linux-gnu --out dist', {})).toEqual([
      'aarch64-unknown-linux-gnu'
    ])
  })

  test('$NAME and ${NAME} come from the environment; anything else is refused, naming it', () => {
    expect(targetsInCommand('cargo build --target "$TARGET"', { TARGET: 'i686-unknown-linux-gnu' })).toEqual(['i686-unknown-linux-gnu'])
    expect(targetsInCommand('cargo build --target=${TARGET}', { TARGET: 'i686-unknown-linux-gnu' })).toEqual(['i686-unknown-linux-gnu'])
    expect(() => targetsInCommand('cargo build --target $TARGET', {})).toThrow(
      "build passes --target $TARGET, and TARGET is not set in the step's environment"
    )
    expect(() => targetsInCommand('cargo build --target $(uname -m)-unknown-linux-gnu', {})).toThrow(
      'which the action cannot read before the build runs'
    )
  })
})
