import { profilerRuntimeProblem } from '../../../../src/toolchains/rust/rust-profiler'

test('the GNU Windows targets have no profiler runtime; MSVC, gnullvm and the rest do', () => {
  expect(profilerRuntimeProblem('x86_64-pc-windows-gnu')).toMatch(/Build for x86_64-pc-windows-msvc \(or x86_64-pc-windows-gnullvm\)/)
  expect(profilerRuntimeProblem('i686-pc-windows-gnu')).toMatch(/Build for i686-pc-windows-msvc/)
  for (const triple of ['x86_64-pc-windows-msvc', 'x86_64-pc-windows-gnullvm', 'aarch64-apple-darwin', 'x86_64-unknown-linux-gnu']) {
    expect({ triple, problem: profilerRuntimeProblem(triple) }).toEqual({ triple, problem: undefined })
  }
})
