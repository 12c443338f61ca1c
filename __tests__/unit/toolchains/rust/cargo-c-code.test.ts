import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { ccTargetCompiler, checkCcTargetCompiler, cratesCompilingC } from '../../../../src/toolchains/rust/cargo-c-code'

const HOST = 'x86_64-unknown-linux-gnu'
const MUSL = 'x86_64-unknown-linux-musl'

describe('the C compiler cc runs for a target', () => {
  test("cc's own table: x86-64 musl takes x86_64-linux-musl-gcc or musl-gcc, aarch64 its GNU cross compiler", () => {
    expect(ccTargetCompiler(MUSL, HOST, {}, undefined)).toEqual({
      candidates: ['x86_64-linux-musl-gcc', 'musl-gcc'],
      why: `cc's compiler for ${MUSL}`,
      fromTable: true
    })
    expect(ccTargetCompiler('aarch64-unknown-linux-gnu', HOST, {}, undefined)?.candidates).toEqual(['aarch64-linux-gnu-gcc'])
  })

  test('a CC variable, or the host itself, leaves it to the user and cc', () => {
    expect(ccTargetCompiler(MUSL, HOST, { CC_x86_64_unknown_linux_musl: 'clang-22' }, undefined)).toBeUndefined()
    expect(ccTargetCompiler(MUSL, HOST, { TARGET_CC: 'musl-clang' }, undefined)).toBeUndefined()
    expect(ccTargetCompiler(MUSL, HOST, { CC: 'cc' }, undefined)).toBeUndefined()
    expect(ccTargetCompiler(HOST, HOST, {}, undefined)).toBeUndefined()
    expect(ccTargetCompiler('mips-unknown-linux-gnu', HOST, {}, undefined)).toBeUndefined()
  })

  test('CROSS_COMPILE comes first, then a linker named <prefix>-gcc, as cc takes them', () => {
    expect(ccTargetCompiler(MUSL, HOST, { CROSS_COMPILE: 'x86_64-alpine-linux-musl-' }, 'x86_64-other-gcc')).toEqual({
      candidates: ['x86_64-alpine-linux-musl-gcc'],
      why: 'CROSS_COMPILE is x86_64-alpine-linux-musl-',
      fromTable: false
    })
    expect(ccTargetCompiler('aarch64-unknown-linux-gnu', HOST, {}, '/opt/cross/bin/aarch64-none-linux-gnu-gcc')?.candidates).toEqual([
      'aarch64-none-linux-gnu-gcc'
    ])
    expect(ccTargetCompiler('aarch64-unknown-linux-gnu', HOST, {}, 'clang')?.candidates).toEqual(['aarch64-linux-gnu-gcc'])
  })
})

const id = (name: string) => `registry+https://github.com/rust-lang/crates.io-index#${name}@1.0.0`
const member = 'path+file:///work/app#0.1.0'
const edge = (name: string, ...kinds: Array<string | null>) => ({ pkg: id(name), dep_kinds: kinds.map(kind => ({ kind })) })

/** app → zstd → zstd-sys (cc); app's build and dev dependencies use cc too, for the host or for tests. */
const metadata = {
  packages: [
    { id: member, name: 'app' },
    ...['cc', 'zstd-sys', 'zstd', 'builder-helper', 'bench-helper', 'pure'].map(name => ({ id: id(name), name }))
  ],
  workspace_members: [member],
  resolve: {
    nodes: [
      { id: member, deps: [edge('zstd', null), edge('builder-helper', 'build'), edge('bench-helper', 'dev'), edge('pure', null)] },
      { id: id('zstd'), deps: [edge('zstd-sys', null)] },
      { id: id('zstd-sys'), deps: [edge('cc', 'build')] },
      // A build dependency's own build script compiles for the host.
      { id: id('builder-helper'), deps: [edge('cc', 'build')] },
      // A dev dependency is not built by cargo build.
      { id: id('bench-helper'), deps: [edge('cc', 'build')] },
      { id: id('pure'), deps: [] },
      { id: id('cc'), deps: [] }
    ]
  }
}

describe('which crates compile C for the target', () => {
  test('those reached through normal dependencies whose build script uses cc', () => {
    expect(cratesCompilingC(metadata)).toEqual(['zstd-sys'])
  })

  test('a workspace member that uses cc itself', () => {
    const own = {
      ...metadata,
      resolve: {
        nodes: [
          { id: member, deps: [edge('cc', 'build')] },
          { id: id('cc'), deps: [] }
        ]
      }
    }
    expect(cratesCompilingC(own)).toEqual(['app'])
  })

  test('no resolve graph, no crates', () => {
    expect(cratesCompilingC({ ...metadata, resolve: null })).toEqual([])
  })
})

describe('the check before any build', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-cc-target-'))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
  // A stand-in cargo that answers metadata with the graph above, and records that it was asked.
  const bin = path.join(dir, 'bin')
  const asked = path.join(dir, 'asked')
  fs.mkdirSync(bin)
  fs.writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify(metadata))
  fs.writeFileSync(path.join(bin, 'cargo'), `#!/bin/sh\necho "$*" >> '${asked}'\ncat '${dir}/metadata.json'\n`, { mode: 0o755 })
  const request = { triple: MUSL, host: HOST, linker: undefined, cwd: dir, lockHasCc: true }
  const PATH = `${bin}:/bin:/usr/bin`

  test('fails, naming the crate, the compilers cc looks for, the package and the variable, when none is on PATH', async () => {
    await expect(checkCcTargetCompiler({ ...request, env: { PATH } })).rejects.toThrow(
      `zstd-sys compiles C for ${MUSL} through the cc crate, which runs x86_64-linux-musl-gcc or musl-gcc (cc's compiler for ${MUSL}), and none is on PATH: ` +
        `install musl-tools (Debian and Ubuntu: it gives musl-gcc), or set CC_x86_64_unknown_linux_musl to a C compiler for ${MUSL}.`
    )
    expect(fs.readFileSync(asked, 'utf8')).toContain(`metadata --format-version 1 --filter-platform ${MUSL}`)
  })

  test('asks cargo nothing when the compiler is on PATH, or when Cargo.lock has no cc', async () => {
    fs.rmSync(asked, { force: true })
    const withMusl = path.join(dir, 'musl')
    fs.mkdirSync(withMusl)
    fs.writeFileSync(path.join(withMusl, 'musl-gcc'), '#!/bin/sh\n', { mode: 0o755 })
    await expect(checkCcTargetCompiler({ ...request, env: { PATH: `${withMusl}:${PATH}` } })).resolves.toBeUndefined()
    await expect(checkCcTargetCompiler({ ...request, env: { PATH }, lockHasCc: false })).resolves.toBeUndefined()
    expect(fs.existsSync(asked)).toBe(false)
  })
})
