// The release command, run in a throwaway repository: the tags it makes,
// and each way it refuses before it changes anything.
import { execFileSync, spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

const ROOT = path.resolve(__dirname, '..', '..')
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx')
const SCRIPT = path.join(ROOT, 'scripts', 'release.ts')

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim()
}

/** A repository shaped like this one: a changelog, src/ and the dist/ the build makes of it. */
function throwawayRepo(): string {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'release-test-'))
  git(repo, 'init', '-q', '-b', 'main')
  git(repo, 'config', 'user.email', 'test@example.com')
  git(repo, 'config', 'user.name', 'Test')
  fs.mkdirSync(path.join(repo, 'src'))
  fs.mkdirSync(path.join(repo, 'dist'))
  fs.writeFileSync(path.join(repo, 'src', 'index.js'), 'one\n')
  fs.writeFileSync(path.join(repo, 'dist', 'index.js'), 'one\n')
  fs.writeFileSync(path.join(repo, 'CHANGELOG.md'), '# Changelog\n\n## 1.0.0\n\nThe first release.\n')
  commitAll(repo, 'first')
  return repo
}

function commitAll(repo: string, message: string): void {
  git(repo, 'add', '-A')
  git(repo, 'commit', '-q', '-m', message)
}

function release(repo: string, version: string, env: Record<string, string> = {}): { status: number | null; output: string } {
  const result = spawnSync(TSX, [SCRIPT, version], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, RELEASE_BUILD_COMMAND: 'cp src/index.js dist/index.js', RELEASE_TEST_COMMAND: 'true', ...env }
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

const commitOf = (repo: string, ref: string) => git(repo, 'rev-parse', `${ref}^{commit}`)

describe('the release command', () => {
  let repo: string

  beforeAll(() => {
    repo = throwawayRepo()
  })

  test('the first release: vX.Y.Z with the changelog entry, the major tag on it, and releases/vN', () => {
    const { status, output } = release(repo, '1.0.0')
    expect(status).toBe(0)
    expect(output).toContain('Tagged v1.0.0, moved v1 to it, and made the branch releases/v1.')
    expect(output).toContain('git push --force origin v1')
    expect(output).toMatch(/gh release create v1\.0\.0 --verify-tag --title v1\.0\.0 --notes-file \S+v1\.0\.0\.md/)
    expect(git(repo, 'tag', '--list', '--format=%(refname:short) %(objecttype)')).toBe('v1 commit\nv1.0.0 tag')
    expect(git(repo, 'tag', '--list', '--format=%(contents)', 'v1.0.0')).toBe('The first release.')
    expect(commitOf(repo, 'v1')).toBe(commitOf(repo, 'HEAD'))
    expect(commitOf(repo, 'releases/v1')).toBe(commitOf(repo, 'HEAD'))
    const notesFile = /--notes-file (\S+)/.exec(output)![1]
    expect(fs.readFileSync(notesFile, 'utf8')).toBe('The first release.\n')
  })

  test('a later release moves the major tag, and makes no branch', () => {
    fs.appendFileSync(path.join(repo, 'CHANGELOG.md'), '\n## 1.1.0\n\nMore.\n')
    commitAll(repo, 'more')
    const { status, output } = release(repo, 'v1.1.0')
    expect(status).toBe(0)
    expect(output).toContain('Tagged v1.1.0, moved v1 to it. ')
    expect(commitOf(repo, 'v1')).toBe(commitOf(repo, 'HEAD'))
    expect(commitOf(repo, 'v1.0.0')).not.toBe(commitOf(repo, 'HEAD'))
    expect(git(repo, 'tag', '--list', '--format=%(contents)', 'v1.1.0')).toBe('More.')
  })

  describe('refuses, changing nothing', () => {
    const tagsBefore = () => git(repo, 'tag', '--list', '--format=%(refname:short) %(objectname)')

    test.each([
      ['a version that is not one', 'one', {}, "'one' is not a version: give one as 1.2.0"],
      ['a version not newer than the last release', '1.0.5', {}, 'v1.0.5 is not newer than the last release, v1.1.0'],
      ['a version the changelog has no entry for', '1.2.0', {}, 'CHANGELOG.md has no entry for 1.2.0: add a section "## 1.2.0"'],
      ['failing tests', '1.1.1', { RELEASE_TEST_COMMAND: 'exit 3' }, 'The tests failed: `exit 3` exited with 3.']
    ])('%s', (_what, version, env, message) => {
      if (version === '1.1.1' && !fs.readFileSync(path.join(repo, 'CHANGELOG.md'), 'utf8').includes('## 1.1.1')) {
        fs.appendFileSync(path.join(repo, 'CHANGELOG.md'), '\n## 1.1.1\n\nA fix.\n')
        commitAll(repo, 'fix')
      }
      const before = tagsBefore()
      const { status, output } = release(repo, version, env)
      expect(status).toBe(1)
      expect(output).toContain(`Release refused: ${message}`)
      expect(tagsBefore()).toBe(before)
    })

    test('dist/ that does not match src/: the build is undone, and the step names the file', () => {
      fs.writeFileSync(path.join(repo, 'src', 'index.js'), 'two\n')
      commitAll(repo, 'src only')
      const before = tagsBefore()
      const { status, output } = release(repo, '1.1.1')
      expect(status).toBe(1)
      expect(output).toContain('Release refused: dist/ does not match src/: the build changed\n M dist/index.js')
      expect(git(repo, 'status', '--porcelain')).toBe('')
      expect(tagsBefore()).toBe(before)
    })

    test('a work tree with changes', () => {
      fs.writeFileSync(path.join(repo, 'dist', 'index.js'), 'two\n')
      const { status, output } = release(repo, '1.1.1')
      expect(status).toBe(1)
      expect(output).toContain('Release refused: The work tree has changes that are not committed:\n M dist/index.js')
    })
  })
})
