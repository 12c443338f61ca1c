import { countOutputs, isSharedLibrary, libraryPathWith } from '../../../src/libraries/kinds'

describe('shared libraries among a build\'s outputs', () => {
  test('known by their names on each system', () => {
    expect(['libx.so', 'libx.so.1', 'libx.so.1.2.3', 'libx.dylib', 'x.dll'].every(isSharedLibrary)).toBe(true)
    expect(['hotloop', 'tool.exe', 'libx.a', 'x.so.txt', 'so'].some(isSharedLibrary)).toBe(false)
  })

  test('their directories first on LD_LIBRARY_PATH, once each; none for programs alone', () => {
    expect(libraryPathWith(['/b/libx.so', '/b/liby.so', '/c/tool'], '/usr/lib:/b')).toBe('/b:/usr/lib')
    expect(libraryPathWith(['/c/tool'], '/usr/lib')).toBeUndefined()
  })

  test('counted in the words of a stage row', () => {
    expect(countOutputs(['a'])).toBe('1 program')
    expect(countOutputs(['a', 'b'])).toBe('2 programs')
    expect(countOutputs(['liba.so'])).toBe('1 library')
    expect(countOutputs(['a', 'liba.so', 'libb.so'])).toBe('1 program and 2 libraries')
    expect(countOutputs([])).toBe('0 programs')
  })
})
