import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { candidatePaths, programsWritten, snapshot, type CargoProgramTargets } from '../../../../src/toolchains/rust/cargo-programs'

function targetDir(): { targets: CargoProgramTargets; write: (relative: string) => string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-cargo-target-'))
  const write = (relative: string): string => {
    const file = path.join(root, relative)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.rmSync(file, { force: true })
    fs.writeFileSync(file, `${relative} ${Date.now()} ${Math.random()}`)
    return file
  }
  return { targets: { targetDirectory: root, bins: ['cli', 'server'], examples: ['demo'], cdylibs: ['fast_lib'] }, write }
}

describe('finding the programs a cargo build wrote', () => {
  test('candidates: each bin and example under every profile directory of each triple', () => {
    const { targets, write } = targetDir()
    write('x86_64-unknown-linux-gnu/release/.keep')
    write('x86_64-unknown-linux-gnu/dist/.keep')
    const root = targets.targetDirectory
    expect(candidatePaths(targets, ['x86_64-unknown-linux-gnu'], '').sort()).toEqual(
      [
        'x86_64-unknown-linux-gnu/dist/cli',
        'x86_64-unknown-linux-gnu/dist/server',
        'x86_64-unknown-linux-gnu/dist/examples/demo',
        'x86_64-unknown-linux-gnu/release/cli',
        'x86_64-unknown-linux-gnu/release/server',
        'x86_64-unknown-linux-gnu/release/examples/demo'
      ]
        .map(p => path.join(root, p))
        .sort()
    )
    expect(candidatePaths(targets, ['custom/my-target.json'], '.exe')).toEqual([])
  })

  test("a workspace without programs is taken for its cdylibs, as cargo names each target's file", () => {
    const { targets, write } = targetDir()
    write('x86_64-unknown-linux-gnu/release/.keep')
    write('aarch64-apple-darwin/release/.keep')
    write('x86_64-pc-windows-msvc/release/.keep')
    const libraries = { ...targets, bins: [], examples: [] }
    const root = targets.targetDirectory
    expect(candidatePaths(libraries, ['x86_64-unknown-linux-gnu', 'aarch64-apple-darwin', 'x86_64-pc-windows-msvc'], '')).toEqual(
      [
        'x86_64-unknown-linux-gnu/release/libfast_lib.so',
        'aarch64-apple-darwin/release/libfast_lib.dylib',
        'x86_64-pc-windows-msvc/release/fast_lib.dll'
      ].map(p => path.join(root, p))
    )
    // Beside programs, a cdylib is a part of the crate, not an output the action optimizes on its own.
    expect(candidatePaths(targets, ['x86_64-unknown-linux-gnu'], '').some(p => p.endsWith('.so'))).toBe(false)
  })

  test('the programs that appeared or changed, not the ones left from before', () => {
    const { targets, write } = targetDir()
    const triple = 'x86_64-unknown-linux-gnu'
    const stale = write(`${triple}/debug/cli`)
    write(`${triple}/release/.keep`)
    const before = snapshot(candidatePaths(targets, [triple], ''))
    const cli = write(`${triple}/release/cli`)
    const demo = write(`${triple}/release/examples/demo`)
    expect(programsWritten(before, snapshot(candidatePaths(targets, [triple], '')))).toEqual([cli, demo].sort())
    expect(fs.existsSync(stale)).toBe(true)
  })

  test('a relinked program counts as written even at the same size', () => {
    const { targets, write } = targetDir()
    const triple = 't'
    const server = write(`${triple}/release/server`)
    const before = snapshot(candidatePaths(targets, [triple], ''))
    write(`${triple}/release/server`)
    expect(programsWritten(before, snapshot(candidatePaths(targets, [triple], '')))).toEqual([server])
  })

  test('an up-to-date build wrote nothing: the newest copy of each program is its output', () => {
    const { targets, write } = targetDir()
    const triple = 't'
    write(`${triple}/debug/cli`)
    const newer = write(`${triple}/release/cli`)
    fs.utimesSync(newer, new Date(), new Date(Date.now() + 5000))
    const unchanged = snapshot(candidatePaths(targets, [triple], ''))
    expect(programsWritten(unchanged, unchanged)).toEqual([newer])
  })
})
