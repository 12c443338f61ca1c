import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { pairSideFiles } from '../../../src/benchmark/sides'
import { Swaps } from '../../../src/benchmark/swaps'
import { BuildNotRestored } from '../../../src/benchmark/swap-files'
import { finishJournal, readJournal, whyNotOurs } from '../../../src/benchmark/swap-journal'

function buildDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-sides-'))
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text, { mode: 0o755 })
    return path.join(dir, name)
  }
  return { dir, write }
}

/** One program the build wrote as `optimized`, with a plain copy beside the build's directory; the swaps' warnings go to `warned`. */
async function oneProgram() {
  const { dir, write } = buildDir()
  const built = write('app', 'optimized')
  const journal = path.join(dir, 'swaps.json')
  const warned: string[] = []
  const files = pairSideFiles({
    plain: new Map([[built, write('plain-copy', 'plain')]]),
    optimized: new Map([[built, write('optimized-copy', 'optimized')]])
  })
  const swaps = await Swaps.prepare(files, journal, { warn: line => warned.push(line) })
  return { dir, built, journal, swaps, warned }
}

/** What the post step says, and whether it failed, with the directory as the workspace. */
async function postStep(journal: string, workspace: string): Promise<{ said: string[]; failed?: string }> {
  const said: string[] = []
  try {
    await finishJournal(journal, workspace, line => said.push(line))
    return { said }
  } catch (error) {
    return { said, failed: (error as Error).message }
  }
}

describe("each side's files at the build's paths", () => {
  test("paired by the path the build wrote; each turn puts that side's bytes there, and the build's own file comes back by rename", async () => {
    const { dir, write } = buildDir()
    const built = write('libhot.so', 'optimized')
    const inode = fs.statSync(built).ino
    const files = pairSideFiles({
      plain: new Map([
        [built, write('plain-copy', 'plain')],
        ['/elsewhere/x', '/p/x']
      ]),
      optimized: new Map([[built, write('optimized-copy', 'optimized')]])
    })
    expect(files).toEqual([
      { path: built, copies: { plain: path.join(dir, 'plain-copy'), optimized: path.join(dir, 'optimized-copy') }, library: true }
    ])
    const swaps = await Swaps.prepare(files, path.join(dir, 'journal', 'swaps.json'))
    swaps.turn('plain', 'warm-up')
    expect(fs.readFileSync(built, 'utf8')).toBe('plain')
    swaps.turn('optimized', 'warm-up')
    expect(fs.readFileSync(built, 'utf8')).toBe('optimized')
    swaps.turn('plain', 'pair 1')
    swaps.finish()
    expect(fs.readFileSync(built, 'utf8')).toBe('optimized')
    expect(fs.statSync(built).ino).toBe(inode)
    expect(fs.statSync(built).mode & 0o777).toBe(0o755)
    expect(fs.readdirSync(dir).sort()).toEqual(['journal', 'libhot.so', 'optimized-copy', 'plain-copy'])
    expect(fs.readdirSync(path.join(dir, 'journal'))).toEqual([])
  })

  test('a program the build wrote as a link is a link again afterwards, to the same target', async () => {
    const { dir, write } = buildDir()
    write('tool', 'optimized')
    fs.mkdirSync(path.join(dir, 'bin'))
    const linked = path.join(dir, 'bin', 'tool')
    fs.symlinkSync('../tool', linked)
    const swaps = await Swaps.prepare(
      pairSideFiles({
        plain: new Map([[linked, write('plain-copy', 'plain')]]),
        optimized: new Map([[linked, write('optimized-copy', 'optimized')]])
      }),
      path.join(dir, 'swaps.json')
    )
    swaps.turn('plain', 'warm-up')
    expect(fs.lstatSync(linked).isSymbolicLink()).toBe(false)
    expect(fs.readFileSync(path.join(dir, 'tool'), 'utf8')).toBe('optimized')
    swaps.finish()
    expect(fs.readlinkSync(linked)).toBe('../tool')
  })

  test('a path that cannot take the build back is named, with where the optimized file is', async () => {
    const { built, swaps } = await oneProgram()
    swaps.turn('plain', 'warm-up')
    // The benchmark left a directory with files in it where the program was.
    fs.rmSync(built)
    fs.mkdirSync(built)
    fs.writeFileSync(path.join(built, 'x'), '')
    expect(() => swaps.finish()).toThrow(BuildNotRestored)
    expect(() => swaps.finish()).toThrow(`${built} (`)
    expect(fs.readFileSync(swaps.swaps[0].kept, 'utf8')).toBe('optimized')
  })

  test("a directory the plain side's run left at the path: the build goes back, and only the leftover is named", async () => {
    const { built, journal, swaps, warned } = await oneProgram()
    swaps.turn('plain', 'warm-up')
    fs.rmSync(built)
    fs.mkdirSync(built)
    swaps.turn('optimized', 'warm-up')
    expect(() => swaps.finish()).not.toThrow()
    expect(warned).toEqual([
      expect.stringContaining(
        `${swaps.swaps[0].other} (a directory the benchmark left at the path, which the swap moved there) could not be removed`
      )
    ])
    expect(fs.readFileSync(built, 'utf8')).toBe('optimized')
    expect(fs.statSync(swaps.swaps[0].other).isDirectory()).toBe(true)
    expect(fs.existsSync(journal)).toBe(false)
  })

  test('a benchmark that removes the plain copy: the next turn names the copy and the run, and the optimized build stays', async () => {
    const { built, swaps } = await oneProgram()
    swaps.turn('plain', 'warm-up')
    swaps.turn('optimized', 'warm-up')
    swaps.turn('plain', 'pair 1')
    swaps.turn('optimized', 'pair 1')
    fs.rmSync(swaps.swaps[0].other)
    expect(() => swaps.turn('plain', 'pair 2')).toThrow(
      `The benchmark removed the plain build's copy ${swaps.swaps[0].other} during pair 1 of the optimized side, so the other side cannot run: the optimized build is in place at ${built}.`
    )
    expect(fs.readFileSync(built, 'utf8')).toBe('optimized')
    swaps.finish()
    expect(fs.readFileSync(built, 'utf8')).toBe('optimized')
  })

  test("a benchmark that removes the optimized file from its path: the next turn says so, and it comes back from the action's copy", async () => {
    const { built, swaps, warned } = await oneProgram()
    swaps.turn('plain', 'warm-up')
    swaps.turn('optimized', 'warm-up')
    fs.rmSync(built)
    expect(() => swaps.turn('plain', 'pair 1')).toThrow(
      `The benchmark removed ${built} during the warm-up run of the optimized side, so the sides cannot take turns there.`
    )
    swaps.finish()
    expect(fs.readFileSync(built, 'utf8')).toBe('optimized')
    expect(fs.statSync(built).mode & 0o777).toBe(0o755)
    expect(warned[0]).toMatch(
      new RegExp(`^The benchmark removed the optimized build's file at ${built}: it is put back there from the action's copy`)
    )
  })

  test("a benchmark that removes the optimized file set aside during the plain side's run: named, and it comes back over the plain copy", async () => {
    const { built, swaps } = await oneProgram()
    swaps.turn('plain', 'warm-up')
    fs.rmSync(swaps.swaps[0].kept)
    expect(() => swaps.turn('optimized', 'warm-up')).toThrow(
      `The benchmark removed the optimized build's file set aside as ${swaps.swaps[0].kept} during the warm-up run of the other side.`
    )
    expect(fs.readFileSync(built, 'utf8')).toBe('plain')
    swaps.finish()
    expect(fs.readFileSync(built, 'utf8')).toBe('optimized')
    swaps.finish()
    expect(fs.readFileSync(built, 'utf8')).toBe('optimized')
  })
})

describe('the post step and the journal', () => {
  test('a step killed in the middle of a turn: the journal puts the build back, and says where', async () => {
    const { dir, built, journal, swaps } = await oneProgram()
    // The first of a turn's two renames, as a SIGKILL would leave it.
    fs.renameSync(built, swaps.swaps[0].kept)
    const { said, failed } = await postStep(journal, dir)
    expect(failed).toBeUndefined()
    expect(fs.readFileSync(built, 'utf8')).toBe('optimized')
    expect(said).toEqual([`The step ended during the benchmark, with the plain build at ${built}: the optimized build is back there now.`])
    expect(fs.readdirSync(dir).sort()).toEqual(['app', 'optimized-copy', 'plain-copy'])
    expect((await postStep(journal, dir)).failed).toBeUndefined()
  })

  test('a step killed with the plain copy in place: the build goes back over that copy', async () => {
    const { dir, built, journal, swaps } = await oneProgram()
    swaps.turn('plain', 'warm-up')
    const { said } = await postStep(journal, dir)
    expect(fs.readFileSync(built, 'utf8')).toBe('optimized')
    expect(said).toEqual([`The step ended during the benchmark, with the plain build at ${built}: the optimized build is back there now.`])
  })

  test('a file written at the path after the step ended, even in place: left alone, and named with where the optimized build is', async () => {
    const { dir, built, journal, swaps } = await oneProgram()
    swaps.turn('plain', 'warm-up')
    // A later step writes the path anew, into the same inode.
    fs.writeFileSync(built, 'a fallback build')
    const { said, failed } = await postStep(journal, dir)
    expect(failed).toBeUndefined()
    expect(fs.readFileSync(built, 'utf8')).toBe('a fallback build')
    expect(fs.readFileSync(swaps.swaps[0].kept, 'utf8')).toBe('optimized')
    expect(said).toEqual([
      `The step ended during the benchmark, with the plain build at ${built}, which now holds a file of 16 B that is not the copy the swap put there, written after the step ended: it is left as it is. ` +
        `The optimized build of that step is at ${swaps.swaps[0].kept}.`
    ])
  })

  test('the optimized file gone from beside a path that holds the plain copy: the post step fails, naming both, and claims nothing is in place', async () => {
    const { dir, built, journal, swaps } = await oneProgram()
    swaps.turn('plain', 'warm-up')
    fs.rmSync(swaps.swaps[0].kept)
    const { said, failed } = await postStep(journal, dir)
    expect(failed).toBe(
      `The step ended during the benchmark, with the plain build at ${built}, and the optimized file set aside beside it is gone (${swaps.swaps[0].kept}; removed during the benchmark): that path does not hold the optimized build, do not release it.`
    )
    expect(said).toEqual([])
  })

  test.each([
    ['not JSON', 'swaps'],
    ['cut short', '{"format":"pgo-action benchmark swaps 2","swaps":[{"path":"/x'],
    ['empty', ''],
    ['a null entry', JSON.stringify({ format: 'pgo-action benchmark swaps 2', swaps: [null] })],
    ['an empty entry', JSON.stringify({ format: 'pgo-action benchmark swaps 2', swaps: [{}] })],
    [
      'an entry without its sha256',
      JSON.stringify({ format: 'pgo-action benchmark swaps 2', swaps: [{ path: '/a', kept: '/b', other: '/c' }] })
    ],
    ['null', 'null']
  ])('a journal that is %s: one clear error naming it', (_, text) => {
    const { dir } = buildDir()
    const journal = path.join(dir, 'swaps.json')
    fs.writeFileSync(journal, text)
    expect(() => readJournal(journal)).toThrow(
      new RegExp(
        `^${journal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a journal of benchmark swaps this version reads \\(.+\\): nothing was put back from it\\.$`
      )
    )
  })

  test('entries the action could not have written are named and left alone: outside the workspace, other names, through a link', async () => {
    const { dir: workspace } = buildDir()
    const { dir: elsewhere, write } = buildDir()
    const victim = write('victim', 'precious')
    fs.symlinkSync(elsewhere, path.join(workspace, 'link'))
    const token = 'a'.repeat(12)
    const named = (file: string) => ({
      path: file,
      kept: path.join(path.dirname(file), `.${path.basename(file)}.pgo-action-build-${token}`),
      other: path.join(path.dirname(file), `.${path.basename(file)}.pgo-action-other-${token}`)
    })
    const sha = '0'.repeat(64)
    expect(whyNotOurs({ ...named(victim), otherSha256: sha }, workspace)).toBe(`it is outside the workspace ${workspace}`)
    expect(whyNotOurs({ ...named(path.join(workspace, 'link', 'victim')), otherSha256: sha }, workspace)).toBe(
      `it is outside the workspace ${workspace}`
    )
    expect(whyNotOurs({ path: path.join(workspace, 'app'), kept: victim, other: victim, otherSha256: sha }, workspace)).toBe(
      "its other names are not the action's hidden names beside it"
    )
    expect(whyNotOurs({ ...named(`${workspace}/a/../app`), otherSha256: sha }, workspace)).toBe('not a plain absolute path')
    expect(whyNotOurs({ ...named(path.join(workspace, 'app')), otherSha256: sha }, workspace)).toBeUndefined()

    const journal = path.join(workspace, 'swaps.json')
    write(`.victim.pgo-action-build-${token}`, 'forged')
    write(`.victim.pgo-action-other-${token}`, 'forged')
    fs.writeFileSync(
      journal,
      JSON.stringify({
        format: 'pgo-action benchmark swaps 2',
        visiting: 'the plain build',
        swaps: [{ ...named(victim), otherSha256: sha }]
      })
    )
    const { said, failed } = await postStep(journal, workspace)
    expect(failed).toBeUndefined()
    expect(said).toEqual([
      `${journal} names ${victim}, which the action could not have written (it is outside the workspace ${workspace}): it is left alone.`
    ])
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious')
    expect(fs.readdirSync(elsewhere).sort()).toEqual([`.victim.pgo-action-build-${token}`, `.victim.pgo-action-other-${token}`, 'victim'])
  })
})
