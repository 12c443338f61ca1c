import { directoryToolFiles, systemToolLocations, toolFileName } from '../../../src/llvm/tool-paths'

describe('where LLVM tools are looked for', () => {
  test('Windows programs end in .exe', () => {
    expect(toolFileName('llvm-profdata', 'win32')).toBe('llvm-profdata.exe')
    expect(toolFileName('llvm-profdata', 'linux')).toBe('llvm-profdata')
    expect(toolFileName('llvm-profdata', 'darwin')).toBe('llvm-profdata')
  })

  test('Linux: the versioned name, the distributions\' per-version directories, then the plain name', () => {
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
    expect(systemToolLocations('llvm-profdata', 22, 'win32')[1]).toEqual({ file: 'C:\\Program Files\\LLVM\\bin\\llvm-profdata.exe', origin: 'system' })
  })

  test('a directory the user names: the tool in it, or in its bin/', () => {
    expect(directoryToolFiles('/opt/llvm', 'llvm-profdata', 'linux')).toEqual(['/opt/llvm/llvm-profdata', '/opt/llvm/bin/llvm-profdata'])
    expect(directoryToolFiles('C:\\llvm', 'llvm-profdata', 'win32')).toEqual(['C:\\llvm\\llvm-profdata.exe', 'C:\\llvm\\bin\\llvm-profdata.exe'])
  })
})
