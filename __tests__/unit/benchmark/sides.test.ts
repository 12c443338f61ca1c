import { judgeSides, judgeSidesUnrecorded, loadedFiles, type SideHashes } from '../../../src/benchmark/sides'

function entry(name: string, plain: string, optimized: string, library = name.endsWith('.so')): SideHashes {
  return { file: { path: `/w/${name}`, copies: { plain: `/p/${name}`, optimized: `/o/${name}` }, library }, plain, optimized }
}

describe("telling the benchmark's sides apart", () => {
  test('each side loaded its own copy: told apart, saying which', () => {
    expect(judgeSides([entry('libhot.so', 'P', 'O')], { plain: new Set(['P']), optimized: new Set(['O']) })).toEqual({
      told: true,
      how: "each side loaded its own libhot.so (the dynamic loader's record of the warm-up runs)"
    })
  })

  test('both sides loaded one copy: not told apart', () => {
    const judged = judgeSides([entry('libhot.so', 'P', 'O')], { plain: new Set(['O']), optimized: new Set(['O']) })
    expect(judged.told).toBe(false)
    expect(judged.how).toMatch(/^both sides loaded the same libhot\.so/)
  })

  test('a library neither side loaded: not told apart; a program the loader does not name: told by PATH and its path', () => {
    expect(judgeSides([entry('libhot.so', 'P', 'O')], { plain: new Set(), optimized: new Set() })).toEqual({
      told: false,
      how: 'neither side was seen to load libhot.so, so the runs may not have used the builds at all'
    })
    expect(judgeSides([entry('tool', 'P', 'O')], { plain: new Set(), optimized: new Set() }).told).toBe(true)
    // A program beside a library the benchmark never loads (the program links the code statically): the programs' verdict, the library named as not measured.
    expect(judgeSides([entry('tool', 'P', 'O'), entry('libhot.so', 'Q', 'R')], { plain: new Set(), optimized: new Set() })).toEqual({
      told: true,
      how: 'each side runs its own programs, first on PATH and at the paths the build wrote; neither side loaded libhot.so, so the speedup does not measure it'
    })
    expect(
      judgeSides([entry('libhot.so', 'P', 'O'), entry('libcold.so', 'Q', 'R')], { plain: new Set(['P']), optimized: new Set(['O']) }).how
    ).toBe(
      "each side loaded its own libhot.so (the dynamic loader's record of the warm-up runs); neither side loaded libcold.so, so the speedup does not measure it"
    )
  })

  test('builds of the same bytes: nothing to compare; no files at one path: PATH alone', () => {
    expect(judgeSides([entry('tool', 'S', 'S')], { plain: new Set(['S']), optimized: new Set(['S']) }).told).toBe(false)
    expect(judgeSides([], { plain: new Set(), optimized: new Set() }).told).toBe(true)
  })
})

test('where the loader keeps no record (macOS, Windows): told apart by the bytes alone, saying the loading was not checked', () => {
  expect(judgeSidesUnrecorded([entry('libhot.dylib', 'P', 'O')], 'macOS')).toEqual({
    told: true,
    how: 'each side runs its own programs, first on PATH and at the paths the build wrote; which files each side loaded is not checked on macOS, whose loader keeps no record of it'
  })
  expect(judgeSidesUnrecorded([entry('hot.exe', 'S', 'S')], 'Windows').told).toBe(false)
  expect(judgeSidesUnrecorded([], 'Windows').told).toBe(true)
})

describe("the loader's record", () => {
  test('libraries loaded and programs started, by path, resolved from the benchmark directory', () => {
    const output = [
      '     25531:\tfile=target/release/libhotlib.so [0];  dynamically loaded by /usr/lib/_ctypes.so [0]',
      '     25531:\tfile=libgcc_s.so.1 [0];  needed by target/release/libhotlib.so [0]',
      '     25531:\tfile=/lib/x86_64-linux-gnu/libgcc_s.so.1 [0];  generating link map',
      '     25514:\ttransferring control: ./target/release/hotloop',
      '     25140:\tfile=libscore.so [0];  needed by ./runscore [0]',
      '     25140:\tcalling init: /side/libscore.so',
      '     25515:\ttransferring control: bash'
    ].join('\n')
    expect(loadedFiles(output, '/w').sort()).toEqual([
      '/lib/x86_64-linux-gnu/libgcc_s.so.1',
      '/side/libscore.so',
      '/w/target/release/hotloop',
      '/w/target/release/libhotlib.so'
    ])
  })
})
