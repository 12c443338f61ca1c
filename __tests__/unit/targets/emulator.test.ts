import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { emulatorEnv, findEmulation, writeEmulatorWrappers } from '../../../src/targets/emulator'
import { cargoLinkerVariable, linksWithHostCompiler, parseTriple, runsNatively } from '../../../src/targets/triples'
import { checkThirtyTwoBitLibraries, crossLinker } from '../../../src/toolchains/rust/cargo-cross'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-emulator-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** A directory holding an executable of each name, to stand for PATH. */
function binDir(name: string, programs: string[]): string {
  const bin = path.join(dir, name)
  fs.mkdirSync(bin, { recursive: true })
  for (const program of programs) fs.writeFileSync(path.join(bin, program), '#!/bin/sh\n', { mode: 0o755 })
  return bin
}

describe('which targets a runner runs itself', () => {
  test('x86-64 runs x86_64 and i686 Linux programs, musl too; ARM64 runs aarch64', () => {
    expect(runsNatively(parseTriple('x86_64-unknown-linux-musl'), 'x64')).toBe(true)
    expect(runsNatively(parseTriple('i686-unknown-linux-gnu'), 'x64')).toBe(true)
    expect(runsNatively(parseTriple('aarch64-unknown-linux-gnu'), 'x64')).toBe(false)
    expect(runsNatively(parseTriple('aarch64-unknown-linux-gnu'), 'arm64')).toBe(true)
    expect(runsNatively(parseTriple('x86_64-pc-windows-gnu'), 'x64', 'linux')).toBe(false)
  })

  test("macOS and Windows runners run their own system's programs for their CPU, and no other system's", () => {
    expect(runsNatively(parseTriple('aarch64-apple-darwin'), 'arm64', 'darwin')).toBe(true)
    expect(runsNatively(parseTriple('x86_64-apple-darwin'), 'x64', 'darwin')).toBe(true)
    expect(runsNatively(parseTriple('x86_64-pc-windows-msvc'), 'x64', 'win32')).toBe(true)
    // 32-bit programs run on 64-bit Windows (WOW64).
    expect(runsNatively(parseTriple('i686-pc-windows-msvc'), 'x64', 'win32')).toBe(true)
    expect(runsNatively(parseTriple('aarch64-pc-windows-msvc'), 'x64', 'win32')).toBe(false)
    expect(runsNatively(parseTriple('x86_64-unknown-linux-gnu'), 'x64', 'darwin')).toBe(false)
    expect(runsNatively(parseTriple('x86_64-apple-darwin'), 'x64', 'linux')).toBe(false)
  })

  test("cargo's linker variable for a triple", () => {
    expect(cargoLinkerVariable('aarch64-unknown-linux-gnu')).toBe('CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER')
  })
})

describe('the emulator for a foreign target', () => {
  const sysroot = path.join(dir, 'sysroot')
  fs.mkdirSync(path.join(sysroot, 'lib'), { recursive: true })
  const none = path.join(dir, 'no-binfmt')

  test('a native target needs none', () => {
    expect(findEmulation('x86_64-unknown-linux-gnu', { choice: 'auto', runnerArch: 'x64' })).toBeUndefined()
  })

  test('x86-64 macOS on an Apple silicon runner: Rosetta 2, said as an emulator is, with nothing to wrap or set', () => {
    const emulation = findEmulation('x86_64-apple-darwin', { choice: 'auto', runnerArch: 'arm64', runnerSystem: 'darwin' })
    expect(emulation).toEqual({
      target: 'x86_64-apple-darwin',
      description: 'Rosetta 2, which translates x86-64 programs on Apple silicon'
    })
    expect(writeEmulatorWrappers(['/w/target/x86_64-apple-darwin/release/tool'], path.join(dir, 'rosetta'), emulation!)).toBeUndefined()
    expect(emulatorEnv(emulation!)).toEqual({})
    expect(findEmulation('aarch64-apple-darwin', { choice: 'auto', runnerArch: 'arm64', runnerSystem: 'darwin' })).toBeUndefined()
    // The other way, and other systems' programs, do not run at all.
    expect(() => findEmulation('aarch64-apple-darwin', { choice: 'auto', runnerArch: 'x64', runnerSystem: 'darwin' })).toThrow(
      /and x86-64 macOS on Apple silicon \(Rosetta 2\): build it on a runner that runs it/
    )
    expect(() => findEmulation('x86_64-pc-windows-msvc', { choice: 'auto', runnerArch: 'x64', runnerSystem: 'linux' })).toThrow(
      /do not run on this x86-64 runner/
    )
  })

  test('qemu-user from PATH, with the sysroot', () => {
    const bin = binDir('qemu', ['qemu-aarch64'])
    const emulation = findEmulation('aarch64-unknown-linux-gnu', {
      choice: 'auto',
      sysroot,
      runnerArch: 'x64',
      binfmtDir: none,
      searchPath: bin
    })
    expect(emulation).toEqual({
      target: 'aarch64-unknown-linux-gnu',
      qemu: path.join(bin, 'qemu-aarch64'),
      sysroot,
      description: `qemu-aarch64 (${path.join(bin, 'qemu-aarch64')}), sysroot ${sysroot}`
    })
  })

  test("the kernel's binfmt_misc, where it runs them; qemu asks for qemu-user even then", () => {
    const binfmt = path.join(dir, 'binfmt')
    fs.mkdirSync(binfmt, { recursive: true })
    fs.writeFileSync(path.join(binfmt, 'qemu-aarch64'), 'enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\n')
    const emulation = findEmulation('aarch64-unknown-linux-musl', { choice: 'auto', runnerArch: 'x64', binfmtDir: binfmt, searchPath: '' })
    expect(emulation).toEqual({ target: 'aarch64-unknown-linux-musl', description: "the kernel's binfmt_misc (qemu-aarch64)" })
    expect(() =>
      findEmulation('aarch64-unknown-linux-musl', { choice: 'qemu', runnerArch: 'x64', binfmtDir: binfmt, searchPath: '' })
    ).toThrow(/no emulator is installed/)
  })

  test('none installed: the error names the target, the runner and the package', () => {
    expect(() =>
      findEmulation('aarch64-unknown-linux-gnu', { choice: 'auto', sysroot, runnerArch: 'x64', binfmtDir: none, searchPath: '' })
    ).toThrow(
      'aarch64-unknown-linux-gnu programs do not run on this x86-64 runner, and no emulator is installed: the workloads run them under qemu-aarch64. Install qemu-user'
    )
  })

  test('a sysroot that is not a directory is named', () => {
    expect(() =>
      findEmulation('aarch64-unknown-linux-gnu', { choice: 'auto', sysroot: path.join(dir, 'nowhere'), runnerArch: 'x64' })
    ).toThrow(/emulator-sysroot .*nowhere is not a directory/)
  })

  test('wrappers run each program under qemu with the sysroot; binfmt needs only QEMU_LD_PREFIX', () => {
    const emulation = { target: 'aarch64-unknown-linux-gnu', qemu: '/usr/bin/qemu-aarch64', sysroot: '/opt/my root', description: '' }
    const wrappers = writeEmulatorWrappers(['/w/target/aarch64-unknown-linux-gnu/release/tool'], path.join(dir, 'wrappers'), emulation)
    expect(fs.readFileSync(path.join(wrappers as string, 'tool'), 'utf8')).toBe(
      '#!/bin/sh\nexec /usr/bin/qemu-aarch64 -L \'/opt/my root\' /w/target/aarch64-unknown-linux-gnu/release/tool "$@"\n'
    )
    expect(emulatorEnv(emulation)).toEqual({})
    expect(emulatorEnv({ ...emulation, qemu: undefined })).toEqual({ QEMU_LD_PREFIX: '/opt/my root' })
  })
})

describe("a cross build's linker", () => {
  test("the user's, which must be installed; else none is needed for the host's CPU", () => {
    expect(crossLinker('x86_64-unknown-linux-musl', 'x86_64-unknown-linux-gnu', {}, [])).toBeUndefined()
    // 32-bit x86 links with the host's cc and -m32 (or its cross gcc, where one is on PATH); an ARM64 host has no such mode.
    expect(linksWithHostCompiler(parseTriple('i686-unknown-linux-gnu'), 'x86_64')).toBe(true)
    expect(linksWithHostCompiler(parseTriple('i686-unknown-linux-gnu'), 'aarch64')).toBe(false)
    expect(() =>
      crossLinker(
        'aarch64-unknown-linux-gnu',
        'x86_64-unknown-linux-gnu',
        { CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER: '/nowhere/gcc' },
        []
      )
    ).toThrow('is not installed')
  })

  test("macOS and Windows targets need no cross gcc: Apple's and Microsoft's linkers take each CPU of their system", () => {
    expect(crossLinker('x86_64-apple-darwin', 'aarch64-apple-darwin', { PATH: '' }, [])).toBeUndefined()
    expect(crossLinker('aarch64-pc-windows-msvc', 'x86_64-pc-windows-msvc', { PATH: '' }, [])).toBeUndefined()
  })

  test('without one, the error names the package and the variable', () => {
    expect(() => crossLinker('s390x-unknown-linux-gnu', 'x86_64-unknown-linux-gnu', { PATH: '' }, [])).toThrow(
      'The build targets s390x-unknown-linux-gnu, which needs a linker for that CPU, and none is set or installed: install gcc-s390x-linux-gnu (Debian and Ubuntu), or set CARGO_TARGET_S390X_UNKNOWN_LINUX_GNU_LINKER to the linker.'
    )
  })
})

describe('a 32-bit x86 build on an x86-64 host', () => {
  test('without the 32-bit C library for cc -m32, fails before any build, naming both Debian routes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-no-multilib-'))
    // A stand-in cc that, like gcc without multilib, names crt1.o by its bare name.
    fs.writeFileSync(path.join(dir, 'cc'), '#!/bin/sh\necho crt1.o\n', { mode: 0o755 })
    const path_ = process.env.PATH
    process.env.PATH = `${dir}:/bin`
    try {
      await expect(checkThirtyTwoBitLibraries('i686-unknown-linux-gnu', 'x86_64-unknown-linux-gnu', {}, [], dir)).rejects.toThrow(
        'install gcc-multilib, or gcc-i686-linux-gnu with libc6-dev-i386-cross and libc6-i386'
      )
      // A linker the workflow named, and musl's own C library, need no check.
      await expect(
        checkThirtyTwoBitLibraries(
          'i686-unknown-linux-gnu',
          'x86_64-unknown-linux-gnu',
          { CARGO_TARGET_I686_UNKNOWN_LINUX_GNU_LINKER: 'x' },
          [],
          dir
        )
      ).resolves.toBeUndefined()
      await expect(checkThirtyTwoBitLibraries('i686-unknown-linux-musl', 'x86_64-unknown-linux-gnu', {}, [], dir)).resolves.toBeUndefined()
    } finally {
      process.env.PATH = path_
    }
  })
})
