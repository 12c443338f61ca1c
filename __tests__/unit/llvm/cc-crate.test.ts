import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  ccCompiler,
  ccCompilerVariables,
  ccVersionsInLock,
  compilerProgram,
  findCargoLock,
  identifyCompiler,
  judgeCcCrate,
  keepAwayVariables
} from '../../../src/llvm/cc-crate'

const rustc = { name: 'rustc 1.95.0', llvm: { major: 22, full: '22.1.2' } }
const clang = (full: string) => ({ kind: 'clang' as const, llvm: { major: Number(full.split('.')[0]), full } })

describe('the cc crate in a Rust build', () => {
  test('cc versions from Cargo.lock', () => {
    const lock = [
      'version = 4',
      '[[package]]\nname = "cc"\nversion = "1.2.30"\nsource = "registry+https://github.com/rust-lang/crates.io-index"',
      '[[package]]\nname = "ccmix"\nversion = "0.1.0"',
      '[[package]]\nname = "cc"\nversion = "1.0.83"'
    ].join('\n\n')
    expect(ccVersionsInLock(lock)).toEqual(['1.2.30', '1.0.83'])
    expect(ccVersionsInLock('[[package]]\nname = "cc-traits"\nversion = "2.0.0"\n')).toEqual([])
  })

  test('a crafted lock: a version with markup or a line break is no version, and a huge lock is only text', () => {
    expect(ccVersionsInLock('[[package]]\nname = "cc"\nversion = "1.2.3<img src=x>"\n')).toEqual([])
    expect(ccVersionsInLock('[[package]]\nname = "cc"\nversion = "1.2.3\n::error::x"\n')).toEqual([])
    expect(ccVersionsInLock('[[package]]\nname = "cc"\nversion = "1.2.3"\n' + '[x]\n'.repeat(100000))).toEqual(['1.2.3'])
  })

  test('the Cargo.lock of the checkout, never one above it', () => {
    const top = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-lock-'))
    const checkout = path.join(top, 'checkout')
    fs.mkdirSync(path.join(checkout, 'crates', 'tool'), { recursive: true })
    fs.writeFileSync(path.join(top, 'Cargo.lock'), '')
    expect(findCargoLock(path.join(checkout, 'crates', 'tool'), checkout)).toBeUndefined()
    fs.writeFileSync(path.join(checkout, 'Cargo.lock'), '')
    expect(findCargoLock(path.join(checkout, 'crates', 'tool'), checkout)).toBe(path.join(checkout, 'Cargo.lock'))
  })

  test("the compiler variables cc reads, in cc's order", () => {
    expect(ccCompilerVariables('x86_64-unknown-linux-gnu', 'x86_64-unknown-linux-gnu')).toEqual([
      'CC_x86_64-unknown-linux-gnu',
      'CC_x86_64_unknown_linux_gnu',
      'HOST_CC',
      'CC'
    ])
    expect(ccCompilerVariables('aarch64-unknown-linux-gnu', 'x86_64-unknown-linux-gnu')[2]).toBe('TARGET_CC')
  })

  test('the first variable set wins; cc is the default outside Windows', () => {
    const host = 'x86_64-unknown-linux-gnu'
    expect(ccCompiler({ CC: 'gcc', CC_x86_64_unknown_linux_gnu: 'clang-22' }, host, host, 'linux')).toEqual({
      command: 'clang-22',
      from: 'CC_x86_64_unknown_linux_gnu'
    })
    expect(ccCompiler({}, host, host, 'linux')).toEqual({ command: 'cc', from: "cc's default" })
    expect(ccCompiler({}, 'x86_64-pc-windows-msvc', 'x86_64-pc-windows-msvc', 'win32')).toBeUndefined()
  })

  test('compiler wrappers and version texts', () => {
    expect(compilerProgram('sccache clang-22')).toBe('clang-22')
    expect(compilerProgram('/usr/bin/clang -m64')).toBe('/usr/bin/clang')
    expect(identifyCompiler('Debian clang version 22.1.8 (1~deb12u1)\nTarget: x86_64-pc-linux-gnu')).toEqual(clang('22.1.8'))
    expect(identifyCompiler('Apple clang version 17.0.0 (clang-1700.0.13.5)')).toEqual({ kind: 'apple-clang' })
    expect(identifyCompiler('cc (Debian 12.2.0-14) 12.2.0\nCopyright (C) 2022 Free Software Foundation, Inc.')).toEqual({ kind: 'gcc' })
  })

  test('no cc crate: nothing to say', () => {
    expect(judgeCcCrate({ ccVersions: [], rustc })).toBeUndefined()
  })

  test('cc before 1.2.2 or from 1.8.0 leaves C code unprofiled, whatever the compiler', () => {
    for (const version of ['1.0.83', '1.2.1', '1.8.0', '1.11.1']) {
      const verdict = judgeCcCrate({
        ccVersions: [version],
        compiler: { command: 'clang-18', from: 'CC', identity: clang('18.1.3') },
        rustc
      })
      expect(verdict).toEqual({
        level: 'info',
        message: `cc ${version} (Cargo.lock): C code the cc crate compiles is built without profile data: only the Rust code is profiled and optimized.`
      })
    }
  })

  test("a clang of rustc's LLVM major profiles the C code too", () => {
    const verdict = judgeCcCrate({
      ccVersions: ['1.2.30'],
      compiler: { command: 'clang-22', from: 'CC', identity: clang('22.1.8') },
      rustc
    })
    expect(verdict).toEqual({
      level: 'info',
      message:
        "cc 1.2.30 (Cargo.lock) passes rustc's profile flags to clang-22 (CC), clang 22.1.8: its LLVM 22 is rustc's, so the C code is profiled and optimized too."
    })
  })

  test('a clang of another LLVM major gets the flags kept away (cc 1.2.16 to 1.7.x), saying how to profile the C code too', () => {
    const verdict = judgeCcCrate({ ccVersions: ['1.7.2'], compiler: { command: 'clang-18', from: 'CC', identity: clang('18.1.3') }, rustc })
    expect(verdict).toEqual({
      level: 'info',
      keepAway: true,
      message:
        "cc 1.7.2 (Cargo.lock) passes rustc's profile flags to the C compiler, and the C compiler clang-18 (CC) is clang 18.1.3 (LLVM 18), while rustc 1.95.0 uses LLVM 22.1.2: " +
        'the action keeps the flags from it with -fno-profile-generate -fno-profile-use in CFLAGS_<target> and CXXFLAGS_<target>, which cc gives last. ' +
        'C code the cc crate compiles is built without profile data: only the Rust code is profiled and optimized. ' +
        'To profile the C code too, set CC (or CC_<target>) to clang from LLVM 22, such as clang-22.'
    })
  })

  test('before cc 1.2.16 the CFLAGS come first and cannot keep the flags away: refused, naming both and the fix', () => {
    const verdict = judgeCcCrate({
      ccVersions: ['1.2.15'],
      compiler: { command: 'clang-18', from: 'CC', identity: clang('18.1.3') },
      rustc
    })
    expect(verdict?.level).toBe('error')
    expect(verdict?.message).toBe(
      "cc 1.2.15 (Cargo.lock) passes rustc's profile flags to the C compiler, and the C compiler clang-18 (CC) is clang 18.1.3 (LLVM 18), while rustc 1.95.0 uses LLVM 22.1.2. " +
        "Its C objects would count into rustc's LLVM 22 profile runtime in another LLVM's layout, and in the optimized build it would read a profile in LLVM 22's format; " +
        'before cc 1.2.16 CFLAGS come before the flags cc passes on, so the action cannot keep them away.\n' +
        'Fix: set CC (or CC_<target>) to clang from LLVM 22, such as clang-22; or update cc to 1.2.16 or newer, where the action keeps the flags away, or to 1.8.0 or newer, which leaves C code unprofiled.'
    )
    // A workspace with an old and a new cc: the old one decides.
    expect(
      judgeCcCrate({ ccVersions: ['1.2.15', '1.2.30'], compiler: { command: 'clang-18', from: 'CC', identity: clang('18.1.3') }, rustc })
        ?.level
    ).toBe('error')
  })

  test("Apple's clang, the macOS runners' cc, never matches rustc's LLVM: the flags are kept from it", () => {
    const verdict = judgeCcCrate({
      ccVersions: ['1.2.30'],
      compiler: { command: 'cc', from: "cc's default", identity: { kind: 'apple-clang' } },
      rustc
    })
    expect(verdict?.keepAway).toBe(true)
    expect(verdict?.message).toContain("is Apple's clang, whose LLVM and profile formats are Apple's own")
  })

  test("the keeping flags go after the target's own CFLAGS_<target> and CXXFLAGS_<target>, for each target", () => {
    expect(keepAwayVariables(['aarch64-apple-darwin'], { CFLAGS_aarch64_apple_darwin: '-O3' })).toEqual({
      'CFLAGS_aarch64-apple-darwin': '-fno-profile-generate -fno-profile-use',
      'CXXFLAGS_aarch64-apple-darwin': '-fno-profile-generate -fno-profile-use'
    })
    expect(
      keepAwayVariables(['x86_64-apple-darwin', 'aarch64-apple-darwin'], { 'CFLAGS_x86_64-apple-darwin': ' -march=haswell ' })
    ).toEqual({
      'CFLAGS_x86_64-apple-darwin': '-march=haswell -fno-profile-generate -fno-profile-use',
      'CXXFLAGS_x86_64-apple-darwin': '-fno-profile-generate -fno-profile-use',
      'CFLAGS_aarch64-apple-darwin': '-fno-profile-generate -fno-profile-use',
      'CXXFLAGS_aarch64-apple-darwin': '-fno-profile-generate -fno-profile-use'
    })
  })

  test('GCC: refused while cc passed the flags to it (1.2.2 to 1.2.8), unprofiled after', () => {
    const gcc = { command: 'cc', from: "cc's default", identity: { kind: 'gcc' as const } }
    const early = judgeCcCrate({ ccVersions: ['1.2.5'], compiler: gcc, rustc })
    expect(early?.level).toBe('error')
    expect(early?.message).toContain('Fix: update cc to 1.2.9 or newer, or set CC to clang-22.')
    expect(judgeCcCrate({ ccVersions: ['1.2.30'], compiler: gcc, rustc })).toEqual({
      level: 'info',
      message:
        "cc 1.2.30 (Cargo.lock) passes rustc's profile flags only to clang, and the C compiler is cc (cc's default): C code the cc crate compiles is built without profile data: only the Rust code is profiled and optimized."
    })
  })

  test('a compiler that does not say what it is gets a warning', () => {
    expect(judgeCcCrate({ ccVersions: ['1.2.30'], compiler: { command: 'mycc', from: 'CC' }, rustc })?.level).toBe('warning')
  })
})
