import {
  chooseRelease,
  compareVersions,
  expandVersions,
  releasePlatform,
  releasesFor,
  RELEASE_ASSETS,
  type ReleasePlatform
} from '../../../src/llvm/releases'

describe('the release archive table', () => {
  test('version words expand to every patch in a range', () => {
    expect(expandVersions('17.0.2 17.0.4-6')).toEqual(['17.0.2', '17.0.4', '17.0.5', '17.0.6'])
    expect(() => expandVersions('17.0')).toThrow('malformed version word')
  })

  test('no version is listed twice for one platform', () => {
    for (const platform of Object.keys(RELEASE_ASSETS) as ReleasePlatform[]) {
      const words = RELEASE_ASSETS[platform].flatMap(([versions]) => expandVersions(versions))
      expect(new Set(words).size).toBe(words.length)
    }
  })

  test.each([
    // From 19 on: LLVM-<version>-<OS>-<arch>, except Linux ARM64 in 19 and Windows throughout.
    ['Linux-X64', '22.1.2', 'LLVM-22.1.2-Linux-X64.tar.xz'],
    ['Linux-X64', '19.1.0', 'LLVM-19.1.0-Linux-X64.tar.xz'],
    ['Linux-ARM64', '20.1.8', 'LLVM-20.1.8-Linux-ARM64.tar.xz'],
    ['Linux-ARM64', '19.1.7', 'clang+llvm-19.1.7-aarch64-linux-gnu.tar.xz'],
    ['macOS-ARM64', '22.1.8', 'LLVM-22.1.8-macOS-ARM64.tar.xz'],
    ['macOS-X64', '20.1.7', 'LLVM-20.1.7-macOS-X64.tar.xz'],
    ['Windows-X64', '22.1.2', 'clang+llvm-22.1.2-x86_64-pc-windows-msvc.tar.xz'],
    ['Windows-ARM64', '21.1.8', 'clang+llvm-21.1.8-aarch64-pc-windows-msvc.tar.xz'],
    // Up to 18: clang+llvm-<version>-<triple>, Linux builds named after the distribution they were built on.
    ['Linux-X64', '18.1.8', 'clang+llvm-18.1.8-x86_64-linux-gnu-ubuntu-18.04.tar.xz'],
    ['Linux-X64', '17.0.6', 'clang+llvm-17.0.6-x86_64-linux-gnu-ubuntu-22.04.tar.xz'],
    ['Linux-X64', '16.0.0', 'clang+llvm-16.0.0-x86_64-linux-gnu-ubuntu-18.04.tar.xz'],
    ['Linux-X64', '14.0.6', 'clang+llvm-14.0.6-x86_64-linux-gnu-rhel-8.4.tar.xz'],
    ['macOS-ARM64', '18.1.8', 'clang+llvm-18.1.8-arm64-apple-macos11.tar.xz'],
    ['macOS-ARM64', '17.0.6', 'clang+llvm-17.0.6-arm64-apple-darwin22.0.tar.xz'],
    ['macOS-X64', '15.0.7', 'clang+llvm-15.0.7-x86_64-apple-darwin21.0.tar.xz'],
    ['Windows-X64', '18.1.8', 'clang+llvm-18.1.8-x86_64-pc-windows-msvc.tar.xz']
  ] as const)('%s %s: %s', (platform, version, asset) => {
    expect(releasesFor(platform).get(version)).toBe(asset)
  })

  test.each([
    ['Linux-X64', '18.1.3'], // that release had no x86_64 Linux archive
    ['Linux-X64', '17.0.1'],
    ['macOS-X64', '22.1.2'], // Intel Macs stopped getting archives after 20.1.7
    ['macOS-ARM64', '21.1.3'],
    ['Windows-X64', '17.0.6'], // Windows had only installers before 18
    ['Windows-ARM64', '19.1.7']
  ] as const)('%s %s has no archive', (platform, version) => {
    expect(releasesFor(platform).has(version)).toBe(false)
  })

  test('versions sort numerically', () => {
    expect(['22.1.10', '22.1.9', '9.0.1'].sort(compareVersions)).toEqual(['9.0.1', '22.1.9', '22.1.10'])
    expect([...releasesFor('Linux-X64').keys()].slice(-1)).toEqual(['22.1.8'])
  })

  test.each([
    ['linux', 'x64', 'Linux-X64'],
    ['linux', 'arm64', 'Linux-ARM64'],
    ['darwin', 'arm64', 'macOS-ARM64'],
    ['darwin', 'x64', 'macOS-X64'],
    ['win32', 'x64', 'Windows-X64'],
    ['win32', 'arm64', 'Windows-ARM64'],
    ['freebsd', 'x64', undefined],
    ['linux', 'riscv64', undefined]
  ])('%s %s is %s', (platform, arch, expected) => {
    expect(releasePlatform(platform, arch)).toBe(expected)
  })
})

describe('which release to download', () => {
  test("the compiler's own LLVM version when it was released", () => {
    expect(chooseRelease({ major: 22, compilerVersion: '22.1.2' }, 'Linux-X64')).toMatchObject({
      version: '22.1.2',
      asset: 'LLVM-22.1.2-Linux-X64.tar.xz',
      why: "the compiler's own LLVM version"
    })
  })

  test("the newest of the major when the compiler's version was never released (rustc on 17.0.0, or a branch past a tag)", () => {
    expect(chooseRelease({ major: 17, compilerVersion: '17.0.0' }, 'Linux-X64')).toMatchObject({ version: '17.0.6' })
    expect(chooseRelease({ major: 22, compilerVersion: '22.1.9' }, 'Linux-X64')).toMatchObject({ version: '22.1.8' })
  })

  test("the newest of the major when the compiler's version has no archive for this platform", () => {
    const choice = chooseRelease({ major: 21, compilerVersion: '21.1.3' }, 'macOS-ARM64')
    expect(choice).toMatchObject({ version: '21.1.8', asset: 'LLVM-21.1.8-macOS-ARM64.tar.xz' })
    expect('why' in choice && choice.why).toContain("the compiler's LLVM 21.1.3 has no release archive for it")
  })

  test('a compiler version of another major is not taken (llvm-version names another major)', () => {
    expect(chooseRelease({ major: 21, compilerVersion: '22.1.2' }, 'Linux-X64')).toMatchObject({ version: '21.1.8' })
  })

  test('an exact llvm-version is used as is, or refused naming the newest known', () => {
    expect(chooseRelease({ major: 20, exact: '20.1.5' }, 'Linux-ARM64')).toMatchObject({
      version: '20.1.5',
      asset: 'LLVM-20.1.5-Linux-ARM64.tar.xz'
    })
    const missing = chooseRelease({ major: 22, exact: '22.1.9' }, 'Linux-X64')
    expect(missing).toEqual({
      missing:
        'LLVM 22.1.9 has no official release archive for Linux-X64 that this action knows of (the newest LLVM 22 it knows is 22.1.8; set llvm-version to 22 to take it)'
    })
  })

  test('a major with no archive for the platform says where there is one', () => {
    expect(chooseRelease({ major: 22 }, 'macOS-X64')).toEqual({
      missing:
        'the LLVM project published no release archive of LLVM 22 for macOS-X64 (it did for Linux-X64, Linux-ARM64, macOS-ARM64, Windows-X64, Windows-ARM64)'
    })
    expect(chooseRelease({ major: 17 }, 'Windows-X64')).toMatchObject({
      missing: expect.stringContaining('no release archive of LLVM 17 for Windows-X64')
    })
    expect(chooseRelease({ major: 9 }, 'Linux-X64')).toEqual({
      missing: 'the LLVM project published no release archive of LLVM 9 for Linux-X64'
    })
  })
})
