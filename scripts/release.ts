// Makes a release of pgo-action: `npm run release -- 1.2.0`.
//
// It refuses, before it changes anything, unless the work tree is clean,
// the version is newer than every release tag, CHANGELOG.md has an entry
// for it, dist/ is exactly what the build makes of src/, and the tests
// pass. Then it tags vX.Y.Z (annotated, with the changelog entry), moves
// the major tag vN to it (a bare tag: GitHub's immutable releases lock a
// release's own tag, so the tag that moves has no release), makes the
// branch releases/vN on a new major, and writes the release notes. It
// pushes nothing: it prints the commands that publish what it made.
//
// RELEASE_BUILD_COMMAND and RELEASE_TEST_COMMAND replace `npm run build`
// and `npm test` (its own test runs it in a throwaway repository).
import { execFileSync, spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

interface Version {
  major: number
  minor: number
  patch: number
}

class Refusal extends Error {}

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)$/

function parseVersion(text: string): Version | undefined {
  const match = SEMVER.exec(text.trim())
  return match ? { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) } : undefined
}

const show = (version: Version) => `${version.major}.${version.minor}.${version.patch}`
const compare = (a: Version, b: Version) => a.major - b.major || a.minor - b.minor || a.patch - b.patch

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trimEnd()
}

/** Runs a command of the workflow's own (the build, the tests) with its output shown; a failure is a refusal naming it. */
function runChecked(command: string, cwd: string, what: string, fix: string): void {
  console.log(`$ ${command}`)
  const result = spawnSync('bash', ['-c', command], { cwd, stdio: 'inherit' })
  if (result.status !== 0) throw new Refusal(`${what}: \`${command}\` exited with ${result.status ?? result.signal}. ${fix}`)
}

function releaseTags(cwd: string): Version[] {
  return git(['tag', '--list', 'v*'], cwd)
    .split('\n')
    .flatMap(tag => (/^v\d+\.\d+\.\d+$/.test(tag) ? [parseVersion(tag) as Version] : []))
    .sort(compare)
}

/** The changelog's entry for the version: the lines under its heading (## 1.2.0, ## [1.2.0] or ## v1.2.0), up to the next heading of that level. */
function changelogEntry(changelog: string, version: string): string | undefined {
  const lines = changelog.split('\n')
  const heading = new RegExp(`^## \\[?v?${version.replace(/\./g, '\\.')}\\]?(\\s|$)`)
  const start = lines.findIndex(line => heading.test(line))
  if (start < 0) return undefined
  const end = lines.findIndex((line, index) => index > start && /^## /.test(line))
  const body = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim()
  return body || undefined
}

function checkVersion(given: string | undefined, cwd: string): Version {
  const version = given ? parseVersion(given) : undefined
  if (!version) throw new Refusal(`'${given ?? ''}' is not a version: give one as 1.2.0 (npm run release -- 1.2.0).`)
  const newest = releaseTags(cwd).at(-1)
  if (newest && compare(version, newest) <= 0)
    throw new Refusal(`v${show(version)} is not newer than the last release, v${show(newest)}: give a version above it.`)
  return version
}

function checkCleanTree(cwd: string): void {
  const changes = git(['status', '--porcelain'], cwd)
  if (changes)
    throw new Refusal(`The work tree has changes that are not committed:\n${changes}\nCommit or stash them: a release tags a commit.`)
}

function checkChangelog(version: Version, cwd: string): string {
  const file = path.join(cwd, 'CHANGELOG.md')
  const entry = fs.existsSync(file) ? changelogEntry(fs.readFileSync(file, 'utf8'), show(version)) : undefined
  if (!entry)
    throw new Refusal(`CHANGELOG.md has no entry for ${show(version)}: add a section "## ${show(version)}" that says what changed.`)
  return entry
}

function checkDist(cwd: string): void {
  runChecked(process.env.RELEASE_BUILD_COMMAND ?? 'npm run build', cwd, 'The build failed', 'Fix the build first.')
  const changed = git(['status', '--porcelain', '--', 'dist'], cwd)
  if (changed) {
    git(['checkout', '--', 'dist'], cwd)
    git(['clean', '-fdq', '--', 'dist'], cwd)
    throw new Refusal(`dist/ does not match src/: the build changed\n${changed}\nRun the build, commit dist/, and release that commit.`)
  }
}

function tagRelease(version: Version, notes: string, cwd: string): string[] {
  const tag = `v${show(version)}`
  const major = `v${version.major}`
  const newMajor = !releaseTags(cwd).some(earlier => earlier.major === version.major)
  const notesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-action-release-')), `${tag}.md`)
  fs.writeFileSync(notesFile, `${notes}\n`)
  git(['tag', '--annotate', tag, '--file', notesFile], cwd)
  git(['tag', '--force', major, `${tag}^{commit}`], cwd)
  const branch = `releases/${major}`
  if (newMajor && !git(['branch', '--list', branch], cwd)) git(['branch', branch, `${tag}^{commit}`], cwd)
  return [
    `Tagged ${tag}, moved ${major} to it${newMajor ? `, and made the branch ${branch}` : ''}. The release notes are in ${notesFile}.`,
    'To publish:',
    `  git push origin ${tag}`,
    `  git push --force origin ${major}`,
    ...(newMajor ? [`  git push origin ${branch}`] : []),
    `  gh release create ${tag} --verify-tag --title ${tag} --notes-file ${notesFile}`
  ]
}

function release(given: string | undefined, cwd: string): string[] {
  checkCleanTree(cwd)
  const version = checkVersion(given, cwd)
  const notes = checkChangelog(version, cwd)
  checkDist(cwd)
  runChecked(process.env.RELEASE_TEST_COMMAND ?? 'npm test', cwd, 'The tests failed', 'A release is made from a commit whose tests pass.')
  return tagRelease(version, notes, cwd)
}

try {
  for (const line of release(process.argv[2], process.cwd())) console.log(line)
} catch (error) {
  if (!(error instanceof Refusal)) throw error
  console.error(`Release refused: ${error.message}`)
  process.exitCode = 1
}
