import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { countOutputs, isSharedLibrary, libraryAliases, withLibrariesFirst } from '../../../src/libraries/kinds'

describe("shared libraries among a build's outputs", () => {
  test('known by their names on each system', () => {
    expect(['libx.so', 'libx.so.1', 'libx.so.1.2.3', 'libx.dylib', 'x.dll'].every(isSharedLibrary)).toBe(true)
    expect(['hotloop', 'tool.exe', 'libx.a', 'x.so.txt', 'so'].some(isSharedLibrary)).toBe(false)
  })

  test('their directories first on LD_LIBRARY_PATH, once each; none for programs alone', () => {
    const env = { LD_LIBRARY_PATH: '/usr/lib:/b', PATH: '/bin' }
    expect(withLibrariesFirst({ PATH: '/p:/bin' }, ['/b/libx.so', '/b/liby.so', '/c/tool'], 'linux', env)).toEqual({
      PATH: '/p:/bin',
      LD_LIBRARY_PATH: '/b:/usr/lib'
    })
    expect(withLibrariesFirst({ PATH: '/p:/bin' }, ['/c/tool'], 'linux', env)).toEqual({ PATH: '/p:/bin' })
  })

  test('counted in the words of a stage row', () => {
    expect(countOutputs(['a'])).toBe('1 program')
    expect(countOutputs(['a', 'b'])).toBe('2 programs')
    expect(countOutputs(['liba.so'])).toBe('1 library')
    expect(countOutputs(['a', 'liba.so', 'libb.so'])).toBe('1 program and 2 libraries')
    expect(countOutputs([])).toBe('0 programs')
  })
})

test("a library's other names: the links beside it that lead to it, through each other too", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-aliases-'))
  fs.writeFileSync(path.join(dir, 'libz.so.1.2.13'), 'elf')
  fs.writeFileSync(path.join(dir, 'libother.so'), 'elf')
  fs.symlinkSync('libz.so.1.2.13', path.join(dir, 'libz.so.1'))
  fs.symlinkSync('libz.so.1', path.join(dir, 'libz.so'))
  fs.symlinkSync('libother.so', path.join(dir, 'libother.so.1'))
  fs.symlinkSync('missing.so', path.join(dir, 'libbroken.so'))
  expect(libraryAliases(path.join(dir, 'libz.so.1.2.13'))).toEqual(['libz.so', 'libz.so.1'])
  expect(libraryAliases(path.join(dir, 'tool'))).toEqual([])
})
