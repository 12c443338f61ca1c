import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { BuildTree, compareTrees, listTree, removedFilesNamed } from '../../../src/system/build-tree'

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-tree-'))
  for (const [name, content] of Object.entries(files)) write(root, name, content)
  return root
}

function write(root: string, name: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true })
  fs.writeFileSync(path.join(root, name), content)
}

describe('the working tree between builds', () => {
  test('created and modified files are told apart; .git is not looked into', () => {
    const root = tree({ 'src/a.c': 'a', Makefile: 'm', '.git/HEAD': 'ref' })
    const before = listTree(root)
    write(root, 'src/a.o', 'object')
    write(root, 'Makefile', 'changed, and longer')
    write(root, '.git/index', 'new')
    const changes = compareTrees(before, listTree(root))
    expect(changes.created).toEqual([path.join(root, 'src/a.o')])
    expect(changes.modified).toEqual([path.join(root, 'Makefile')])
  })

  test('every build after the first starts from the tree as it was found', () => {
    const root = tree({ 'src/a.c': 'a', 'kept/.keep': '' })
    const builds = new BuildTree(root)
    builds.beforeBuild()
    write(root, 'src/a.o', 'instrumented object')
    write(root, 'build/CMakeFiles/x/a.o', 'instrumented object')
    write(root, 'build/CMakeCache.txt', 'CMAKE_C_COMPILER=clang -fprofile-generate')
    expect(builds.beforeBuild()?.removed.sort()).toEqual(
      ['build/CMakeCache.txt', 'build/CMakeFiles/x/a.o', 'src/a.o'].map(file => path.join(root, file))
    )
    expect([...listTree(root).keys()].sort()).toEqual([path.join(root, 'kept/.keep'), path.join(root, 'src/a.c')])
    expect(fs.existsSync(path.join(root, 'build'))).toBe(false)
    expect(fs.existsSync(path.join(root, 'kept'))).toBe(true)
  })
})

test('the removed files a failed command names, by their path in the tree', () => {
  const root = '/work/app'
  const removed = ['/work/app/data/input.txt', '/work/app/a', '/work/app/out/table.bin']
  expect(removedFilesNamed('failed to open input file [data/input.txt]: No such file or directory', removed, root)).toEqual([
    'data/input.txt'
  ])
  expect(removedFilesNamed("cat: '/work/app/out/table.bin': No such file or directory", removed, root)).toEqual(['out/table.bin'])
  expect(removedFilesNamed('cat: data/input.txt: No such file or directory\nsee out/table.bin', removed, root)).toEqual([
    'data/input.txt',
    'out/table.bin'
  ])
  // A bare name reads as a word; a longer name is another file.
  expect(removedFilesNamed('a fatal error: cannot open data/input.txt.gz', removed, root)).toEqual([])
})

describe('what the clean-up between builds never touches', () => {
  test("directories of the runner's and the action's inside the tree, and what links point to", () => {
    const root = tree({ 'src/a.c': 'a' })
    const outside = tree({ 'theirs.txt': "not the build's" })
    fs.symlinkSync(outside, path.join(root, 'link-out'))
    const runnerTemp = path.join(root, '_temp')
    const builds = new BuildTree(root, [runnerTemp])
    builds.beforeBuild()
    write(root, '_temp/pgo-action/step/merged.profdata', 'the profile')
    write(root, 'src/a.o', 'object')
    builds.beforeBuild()
    expect(fs.existsSync(path.join(runnerTemp, 'pgo-action/step/merged.profdata'))).toBe(true)
    expect(fs.existsSync(path.join(root, 'src/a.o'))).toBe(false)
    expect(fs.readFileSync(path.join(outside, 'theirs.txt'), 'utf8')).toBe("not the build's")
  })
})
