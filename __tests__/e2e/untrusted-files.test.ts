// Files and directories a pull request or the runner provides, through
// dist/: ELF programs whose section headers claim more than the file holds,
// wheels that are links or named with markup, a Cargo.lock out of the
// checkout or above it, and read-only mounts. Each is set aside with a
// warning that names it, or fails with a sentence: never a hang, a huge
// allocation or a raw Node error.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, REPO_ROOT, runStep } from '../support/runner'
import { foreignElements, renderMarkdown } from '../support/workflow-commands'
import { checkout, expectSuccess, failureMessage, warningList, warnings } from '../support/workspace'

const CRAFT = path.join(REPO_ROOT, '__tests__', 'support', 'craft-elf.py')

describe('an optimized program with crafted section headers counts as having no symbol table', () => {
  test.each([
    ['many-sections', /it claims 2097152 section headers, more than the 262144 the action reads/],
    ['huge-names', /it claims a section name table of 140737488355327 bytes/],
    ['short-entries', /it claims section headers of 8 bytes, where an ELF64 one has 64/],
    ['offset-past-2-53', /it claims an offset of 9223372036854776000/]
  ])('%s', async (variant, claim) => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    const result = await runStep({
      job,
      workspace,
      inputs: { build: `make && python3 ${CRAFT} textstat ${variant}`, binaries: 'textstat', workload: 'textstat 20', cache: 'false' }
    })
    expectSuccess(result)
    const warning = warningList(result).find(line =>
      line.startsWith(`The action does not read ${path.join(workspace, 'textstat')}: it is not a well-formed ELF file: `)
    )
    expect(warning).toMatch(claim)
    expect(result.log).toContain('textstat: its symbols do not tell whether a workload ran it (counted as trained) (no symbol table)')
  })
})

describe('a damaged Mach-O or PE program the build wrote is named by its own format', () => {
  // 64-bit Mach-O claiming 2^31-1 load commands; a PE file claiming 65535 sections and 2^31 symbols.
  const machO =
    String.raw`\xcf\xfa\xed\xfe\x0c\x00\x00\x01\x00\x00\x00\x00\x02\x00\x00\x00\xff\xff\xff\x7f\x00\x01\x00\x00` +
    String.raw`\x00`.repeat(8)
  const pe =
    String.raw`MZ` +
    String.raw`\x00`.repeat(58) +
    String.raw`\x40\x00\x00\x00PE\x00\x00\x64\x86\xff\xff\x00\x00\x00\x00\x10\x00\x00\x00\x00\x00\x00\x80\x00\x00\x00\x00`
  test.each([
    ['Mach-O', machO, 'it claims 2147483647 load commands in 256 bytes'],
    ['PE', pe, 'it claims 65535 sections and 2147483648 symbols']
  ])('%s', async (format, bytes, claim) => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    const build = `make && printf '${bytes}' > other-system && chmod +x other-system`
    const result = await runStep({
      job,
      workspace,
      inputs: { build, binaries: 'textstat\nother-system', workload: 'textstat 20', cache: 'false' }
    })
    expectSuccess(result)
    expect(warningList(result)).toContain(
      `The action does not read ${path.join(workspace, 'other-system')}: it is not a well-formed ${format} file: ${claim}.`
    )
    expect(result.log).not.toContain('well-formed ELF')
  })
})

test('wheels the build wrote: one named with markup stays text, one that is a link to /dev/zero is set aside, named', async () => {
  const job = createJob()
  const workspace = checkout(job, 'c-make')
  // A build command that names a wheel builder, so that the action looks for the wheels it wrote.
  const build =
    "make && mkdir -p dist && : pip wheel && printf 'not a zip' > 'dist/hot<img src=x>-1.0-py3-none-any.whl' && ln -sf /dev/zero dist/zero-1.0-py3-none-any.whl"
  const result = await runStep({ job, workspace, inputs: { build, binaries: 'textstat', workload: 'textstat 20', cache: 'false' } })
  expectSuccess(result)
  expect(warnings(result)).toContain("Set aside 'dist/zero-1.0-py3-none-any.whl': a wheel the build writes is a regular file")
  expect(result.outputs.wheels).toBe(path.join(workspace, 'dist', 'hot<img src=x>-1.0-py3-none-any.whl'))
  expect(foreignElements(renderMarkdown(result.summary))).toEqual([])
})

describe('a Cargo.lock the checkout does not hold as its own file', () => {
  test("one above the checkout is not read: its cc is not the project's", async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    fs.writeFileSync(path.join(job.root, 'Cargo.lock'), 'version = 4\n\n[[package]]\nname = "cc"\nversion = "1.2.5"\n')
    const result = await runStep({ job, workspace, env: { CC: 'gcc' }, inputs: { workload: 'hotloop 20', cache: 'false' } })
    expectSuccess(result)
    expect(result.log).not.toContain('cc 1.2.5')
  })

  test('one that is a link out of the checkout is left aside with a warning naming it, and the build goes on', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-cc')
    const outside = path.join(job.root, 'elsewhere.lock')
    fs.renameSync(path.join(workspace, 'Cargo.lock'), outside)
    fs.symlinkSync(outside, path.join(workspace, 'Cargo.lock'))
    const result = await runStep({ job, workspace, inputs: { workload: 'ccmix 20', cache: 'false' }, env: { CC: 'clang-22' } })
    expectSuccess(result)
    expect(warnings(result)).toContain(
      `${path.join(workspace, 'Cargo.lock')} is a symbolic link to ${fs.realpathSync(outside)}, outside ${workspace}: it is left aside`
    )
  })
})

describe('read-only mounts', () => {
  const mounted: string[] = []
  function readOnly(dir: string): void {
    try {
      execFileSync('mount', ['--bind', dir, dir], { stdio: 'pipe' })
      mounted.push(dir)
      execFileSync('mount', ['-o', 'remount,bind,ro', dir], { stdio: 'pipe' })
    } catch (error) {
      throw new Error(`this test bind-mounts a directory read-only, which needs root (mount said: ${(error as Error).message})`)
    }
  }
  afterAll(() => mounted.forEach(dir => execFileSync('umount', [dir])))

  test('RUNNER_TEMP read-only: a sentence that says so, before any build', async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    readOnly(job.runnerTemp)
    const result = await runStep({
      job,
      workspace,
      inputs: { build: 'make', binaries: 'textstat', workload: 'textstat 20', cache: 'false' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain('cannot make its work directory')
    expect(failureMessage(result)).toContain(': the file system is read-only. It lives in RUNNER_TEMP')
    expect(fs.existsSync(path.join(workspace, 'textstat'))).toBe(false)
  })

  test('the checkout read-only: the build fails with its command and what it said', async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    readOnly(workspace)
    const result = await runStep({
      job,
      workspace,
      inputs: { build: 'make', binaries: 'textstat', workload: 'textstat 20', cache: 'false' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(/The instrumented build failed: `make` exited with code 2/)
    expect(failureMessage(result)).toContain('Read-only file system')
  })
})

test('a raw profile larger than any profile (a 5 GiB sparse file) is left out of the merge, named', async () => {
  const job = createJob()
  const workspace = checkout(job, 'c-make')
  const workload = 'textstat 20\ntruncate -s 5G "$PGO_PROFILE_DIR/huge.profraw"'
  const result = await runStep({ job, workspace, inputs: { build: 'make', binaries: 'textstat', workload, cache: 'false' } })
  expectSuccess(result)
  expect(warnings(result)).toContain('huge.profraw: it holds 5.0 GiB, more than the 4.0 GiB a profile may have')
})
