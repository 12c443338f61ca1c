import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { judgeSides, judgeSidesUnrecorded, loadedFiles, pairSideFiles, type SideHashes } from '../../../src/benchmark/sides'
import { BuildNotRestored, finishJournal, Swaps } from '../../../src/benchmark/swaps'

function entry(name: string, plain: string, optimized: string, library = name.endsWith('.so')): SideHashes {
  return { file: { path: `/w/${name}`, copies: { plain: `/p/${name}`, optimized: `/o/${name}` }, library }, plain, optimized }
}

describe('telling the benchmark\'s sides apart', () => {
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
    expect(judgeSides([entry('libhot.so', 'P', 'O'), entry('libcold.so', 'Q', 'R')], { plain: new Set(['P']), optimized: new Set(['O']) }).how).toBe(
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
    how: "each side runs its own programs, first on PATH and at the paths the build wrote; which files each side loaded is not checked on macOS, whose loader keeps no record of it"
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
    expect(loadedFiles(output, '/w').sort()).toEqual(['/lib/x86_64-linux-gnu/libgcc_s.so.1', '/side/libscore.so', '/w/target/release/hotloop', '/w/target/release/libhotlib.so'])
  })
})

describe("each side's files at the build's paths", () => {
  function buildDir() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-sides-'))
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text, { mode: 0o755 })
      return path.join(dir, name)
    }
    return { dir, write }
  }

  test("paired by the path the build wrote; each turn puts that side's bytes there, and the build's own file comes back by rename", () => {
    const { dir, write } = buildDir()
    const built = write('libhot.so', 'optimized')
    const inode = fs.statSync(built).ino
    const files = pairSideFiles({ plain: new Map([[built, write('plain-copy', 'plain')], ['/elsewhere/x', '/p/x']]), optimized: new Map([[built, write('optimized-copy', 'optimized')]]) })
    expect(files).toEqual([{ path: built, copies: { plain: path.join(dir, 'plain-copy'), optimized: path.join(dir, 'optimized-copy') }, library: true }])
    const swaps = Swaps.prepare(files, path.join(dir, 'journal', 'swaps.json'))
    swaps.turn('plain')
    expect(fs.readFileSync(built, 'utf8')).toBe('plain')
    swaps.turn('optimized')
    expect(fs.readFileSync(built, 'utf8')).toBe('optimized')
    swaps.turn('plain')
    swaps.finish()
    expect(fs.readFileSync(built, 'utf8')).toBe('optimized')
    expect(fs.statSync(built).ino).toBe(inode)
    expect(fs.statSync(built).mode & 0o777).toBe(0o755)
    expect(fs.readdirSync(dir).sort()).toEqual(['journal', 'libhot.so', 'optimized-copy', 'plain-copy'])
    expect(fs.readdirSync(path.join(dir, 'journal'))).toEqual([])
  })

  test('a program the build wrote as a link is a link again afterwards, to the same target', () => {
    const { dir, write } = buildDir()
    write('tool', 'optimized')
    fs.mkdirSync(path.join(dir, 'bin'))
    const linked = path.join(dir, 'bin', 'tool')
    fs.symlinkSync('../tool', linked)
    const swaps = Swaps.prepare(pairSideFiles({ plain: new Map([[linked, write('plain-copy', 'plain')]]), optimized: new Map([[linked, write('optimized-copy', 'optimized')]]) }), path.join(dir, 'swaps.json'))
    swaps.turn('plain')
    expect(fs.lstatSync(linked).isSymbolicLink()).toBe(false)
    expect(fs.readFileSync(path.join(dir, 'tool'), 'utf8')).toBe('optimized')
    swaps.finish()
    expect(fs.readlinkSync(linked)).toBe('../tool')
  })

  test('a step killed in the middle of a turn: the journal puts the build back, and says where', () => {
    const { dir, write } = buildDir()
    const built = write('app', 'optimized')
    const journal = path.join(dir, 'swaps.json')
    const swaps = Swaps.prepare(pairSideFiles({ plain: new Map([[built, write('plain-copy', 'plain')]]), optimized: new Map([[built, write('optimized-copy', 'optimized')]]) }), journal)
    // The first of a turn's two renames, as a SIGKILL would leave it.
    fs.renameSync(built, swaps.swaps[0].kept)
    const said: string[] = []
    finishJournal(journal, line => said.push(line))
    expect(fs.readFileSync(built, 'utf8')).toBe('optimized')
    expect(said).toEqual([`The step ended during the benchmark, with the plain build at ${built}: the optimized build is back there now.`])
    expect(fs.readdirSync(dir).sort()).toEqual(['app', 'optimized-copy', 'plain-copy'])
    expect(() => finishJournal(journal, () => undefined)).not.toThrow()
  })

  test('a path that cannot take the build back is named, with where the optimized file is', () => {
    const { dir, write } = buildDir()
    const built = write('app', 'optimized')
    const swaps = Swaps.prepare(pairSideFiles({ plain: new Map([[built, write('plain-copy', 'plain')]]), optimized: new Map([[built, write('optimized-copy', 'optimized')]]) }), path.join(dir, 'swaps.json'))
    swaps.turn('plain')
    // The benchmark left a directory with files in it where the program was.
    fs.rmSync(built)
    fs.mkdirSync(built)
    fs.writeFileSync(path.join(built, 'x'), '')
    expect(() => swaps.finish()).toThrow(BuildNotRestored)
    expect(() => swaps.finish()).toThrow(`${built} (`)
    expect(fs.readFileSync(swaps.swaps[0].kept, 'utf8')).toBe('optimized')
  })
})
