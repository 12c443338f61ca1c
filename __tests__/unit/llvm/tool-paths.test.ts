import { directoryToolFiles, rustupToolsDirectory, systemToolLocations, toolFileName } from '../../../src/llvm/tool-paths'
import { describeLlvm, isCompilersLlvm, parseLlvmVersion } from '../../../src/llvm/version'

describe('where LLVM tools are looked for', () => {
  test('Windows programs end in .exe', () => {
    expect(toolFileName('llvm-profdata', 'win32')).toBe('llvm-profdata.exe')
    expect(toolFileName('llvm-profdata', 'linux')).toBe('llvm-profdata')
    expect(toolFileName('llvm-profdata', 'darwin')).toBe('llvm-profdata')
  })

  test("Linux: the versioned name, the distributions' per-version directories, then the plain name", () => {
    expect(systemToolLocations('llvm-profdata', 22, 'linux')).toEqual([
      { onPath: 'llvm-profdata-22', origin: 'system' },
      { file: '/usr/lib/llvm-22/bin/llvm-profdata', origin: 'system' },
      { file: '/usr/lib64/llvm22/bin/llvm-profdata', origin: 'system' },
      { file: '/home/linuxbrew/.linuxbrew/opt/llvm@22/bin/llvm-profdata', origin: 'system' },
      { onPath: 'llvm-profdata', origin: 'system' }
    ])
  })

  test("macOS: Homebrew's llvm@N on Apple silicon and on Intel", () => {
    expect(systemToolLocations('llvm-profdata', 21, 'darwin')).toEqual([
      { onPath: 'llvm-profdata-21', origin: 'system' },
      { file: '/opt/homebrew/opt/llvm@21/bin/llvm-profdata', origin: 'system' },
      { file: '/usr/local/opt/llvm@21/bin/llvm-profdata', origin: 'system' },
      { onPath: 'llvm-profdata', origin: 'system' }
    ])
  })

  test("macOS with Apple's clang: only Xcode's llvm-profdata, through xcrun", () => {
    expect(systemToolLocations('llvm-profdata', 17, 'darwin', { apple: true })).toEqual([
      { command: ['xcrun', '--find', 'llvm-profdata'], origin: 'Xcode (xcrun)' }
    ])
  })

  test("Windows: .exe names and the LLVM installer's directory under Program Files", () => {
    expect(systemToolLocations('llvm-profdata', 22, 'win32', { programFiles: 'D:\\Programs' })).toEqual([
      { onPath: 'llvm-profdata-22.exe', origin: 'system' },
      { file: 'D:\\Programs\\LLVM\\bin\\llvm-profdata.exe', origin: 'system' },
      { onPath: 'llvm-profdata.exe', origin: 'system' }
    ])
    expect(systemToolLocations('llvm-profdata', 22, 'win32')[1]).toEqual({
      file: 'C:\\Program Files\\LLVM\\bin\\llvm-profdata.exe',
      origin: 'system'
    })
  })

  test('a directory the user names: the tool in it, or in its bin/', () => {
    expect(directoryToolFiles('/opt/llvm', 'llvm-profdata', 'linux')).toEqual(['/opt/llvm/llvm-profdata', '/opt/llvm/bin/llvm-profdata'])
    expect(directoryToolFiles('C:\\llvm', 'llvm-profdata', 'win32')).toEqual([
      'C:\\llvm\\llvm-profdata.exe',
      'C:\\llvm\\bin\\llvm-profdata.exe'
    ])
  })

  test("Rust on each system: rustup's llvm-tools, in the bin folder beside rustc's target-libdir", () => {
    // rustc --print sysroot, as rustup lays toolchains out on each system.
    expect(
      rustupToolsDirectory('/home/runner/.rustup/toolchains/stable-x86_64-unknown-linux-gnu', 'x86_64-unknown-linux-gnu', 'linux')
    ).toBe('/home/runner/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/lib/rustlib/x86_64-unknown-linux-gnu/bin')
    expect(rustupToolsDirectory('/Users/runner/.rustup/toolchains/stable-aarch64-apple-darwin', 'aarch64-apple-darwin', 'darwin')).toBe(
      '/Users/runner/.rustup/toolchains/stable-aarch64-apple-darwin/lib/rustlib/aarch64-apple-darwin/bin'
    )
    const windows = rustupToolsDirectory(
      'C:\\Users\\runneradmin\\.rustup\\toolchains\\stable-x86_64-pc-windows-msvc',
      'x86_64-pc-windows-msvc',
      'win32'
    )
    expect(windows).toBe(
      'C:\\Users\\runneradmin\\.rustup\\toolchains\\stable-x86_64-pc-windows-msvc\\lib\\rustlib\\x86_64-pc-windows-msvc\\bin'
    )
    expect(directoryToolFiles(windows, 'llvm-profdata', 'win32')[0]).toBe(`${windows}\\llvm-profdata.exe`)
  })
})

describe("Apple's clang and Xcode's llvm-profdata", () => {
  // `clang --version` of Xcode 16's Apple clang, as printed on a macOS runner
  // and copied into public build logs (clang-1600.0.26.6, arm64-apple-darwin24).
  const appleClang = [
    'Apple clang version 16.0.0 (clang-1600.0.26.6)',
    'Target: arm64-apple-darwin24.3.0',
    'Thread model: posix',
    'InstalledDir: /Applications/Xcode.app/Contents/Developer/Toolchains/XcodeDefault.xctoolchain/usr/bin'
  ].join('\n')
  // Not a recording: what LLVM's version printer (llvm/lib/Support/CommandLine.cpp)
  // writes for a build whose PACKAGE_VENDOR is Apple, as Xcode's tools are.
  const xcodeProfdata = 'Apple LLVM version 16.0.0\n  Optimized build.\n'
  // A Homebrew llvm@16's llvm-profdata, as the LLVM project's printer writes it.
  const homebrewProfdata = 'Homebrew LLVM version 16.0.6\n  Optimized build.\n'

  test("both read in Apple's numbering", () => {
    expect(parseLlvmVersion(appleClang)).toEqual({ major: 16, full: '16.0.0', apple: true })
    expect(parseLlvmVersion(xcodeProfdata)).toEqual({ major: 16, full: '16.0.0', apple: true })
    expect(describeLlvm({ major: 16, full: '16.0.0', apple: true })).toBe('Apple LLVM 16.0.0')
  })

  test("Xcode's tool matches Apple's clang; Homebrew's LLVM 16 does not, though its major is the same", () => {
    const clang = parseLlvmVersion(appleClang)!
    expect(isCompilersLlvm(parseLlvmVersion(xcodeProfdata), clang.major, true)).toBe(true)
    expect(isCompilersLlvm(parseLlvmVersion(homebrewProfdata), clang.major, true)).toBe(false)
    // And the other way: Xcode's tool is no upstream clang 16's.
    expect(isCompilersLlvm(parseLlvmVersion(xcodeProfdata), 16, false)).toBe(false)
    expect(isCompilersLlvm(undefined, 16, false)).toBe(false)
  })

  test("the only place searched for Apple's clang is xcrun's answer, on macOS", () => {
    expect(systemToolLocations('llvm-profdata', 16, 'darwin', { apple: true })).toEqual([
      { command: ['xcrun', '--find', 'llvm-profdata'], origin: 'Xcode (xcrun)' }
    ])
  })
})
