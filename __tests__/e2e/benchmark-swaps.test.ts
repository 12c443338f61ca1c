// The optimized build is never lost to the benchmark's turns, through dist/:
// a step killed while the plain copy is in place, a checkout whose disk fills
// up during the benchmark, a program the build wrote as a link, a benchmark
// that leaves a directory at a program's path or removes the hidden copies;
// and the post step takes from its journal only what the action wrote, and
// never renames over a file a later step wrote.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep } from '../support/runner'
import { sha256 } from '../support/tools'
import { checkout, expectSuccess, failureMessage, stepWorkDir, warningList } from '../support/workspace'

/** Benchmark lines that note the bytes the optimized side ran, in `record`, outside the checkout. */
function noteOptimized(program: string, record: string): string {
  return `if [ "$PGO_BENCHMARK_SIDE" = optimized ]; then sha256sum < ${program} | cut -c1-64 > ${record}; fi`
}

/** Files the swaps put beside the build's own, which must all be gone afterwards. */
function swapLeftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter(name => name.includes('.pgo-action-'))
}

/** A step killed while the plain copy is at ./textstat, and the job's later steps before post. */
async function killedDuringPlainSide(laterSteps?: (program: string) => void) {
  const job = createJob()
  const workspace = checkout(job, 'c-make')
  const seen = path.join(job.root, 'optimized-seen')
  const killNow = path.join(job.root, 'kill-now')
  const benchmark = [
    `if [ "$PGO_BENCHMARK_SIDE" = plain ] && [ -e ${seen} ]; then touch ${killNow}; sleep 60; fi`,
    './textstat 20 > /dev/null',
    noteOptimized('./textstat', seen)
  ].join('\n')
  const program = path.join(workspace, 'textstat')
  const result = await runStep({
    job,
    workspace,
    inputs: { build: 'make', binaries: 'textstat', workload: 'textstat 20', benchmark, 'benchmark-runs': '2', cache: 'false' },
    killMainWhen: () => fs.existsSync(killNow),
    laterSteps: laterSteps && (() => laterSteps(program))
  })
  return { result, workspace, program, optimizedSha256: () => fs.readFileSync(seen, 'utf8').trim() }
}

test('a step killed while the plain copy is in place: the post step puts the optimized build back, and says so', async () => {
  const { result, workspace, program, optimizedSha256 } = await killedDuringPlainSide()
  expect(result.exitCode).not.toBe(0)
  expect(warningList(result)).toContain(
    `The step ended during the benchmark, with the plain build at ${program}: the optimized build is back there now.`
  )
  expect(sha256(program)).toBe(optimizedSha256())
  expect(swapLeftovers(workspace)).toEqual([])
})

test('a later step writes the program anew before the post step: that file is left alone, and the log says where the optimized build is', async () => {
  const { result, workspace, program, optimizedSha256 } = await killedDuringPlainSide(written =>
    fs.writeFileSync(written, '#!/bin/sh\necho fallback build\n')
  )
  expect(result.exitCode).not.toBe(0)
  expect(fs.readFileSync(program, 'utf8')).toBe('#!/bin/sh\necho fallback build\n')
  const kept = swapLeftovers(workspace).filter(name => name.includes('-build-'))
  expect(kept).toHaveLength(1)
  expect(sha256(path.join(workspace, kept[0]))).toBe(optimizedSha256())
  expect(warningList(result)).toContain(
    `The step ended during the benchmark, with the plain build at ${program}, which now holds a file of 30 B that is not the copy the swap put there, written after the step ended: it is left as it is. ` +
      `The optimized build of that step is at ${path.join(workspace, kept[0])}.`
  )
  expect(result.log).not.toContain('the optimized build is back there now')
})

describe('a journal the workloads wrote, in a step without a benchmark', () => {
  const job = createJob()
  const journal = path.join(stepWorkDir(job), 'benchmark', 'swaps.json')

  /** A step whose workload, code from the pull request, writes `text` as the benchmark's journal. */
  async function withJournal(name: string, text: string) {
    const workspace = checkout(job, 'c-make', name)
    const forged = path.join(job.root, `${name}.json`)
    fs.writeFileSync(forged, text)
    const workload = `textstat 20 && mkdir -p ${path.dirname(journal)} && cp ${forged} ${journal}`
    return {
      workspace,
      result: await runStep({ job, workspace, inputs: { build: 'make', binaries: 'textstat', workload, cache: 'false' } })
    }
  }

  test('entries naming files outside the workspace, or names not its own, are named in a warning, and nothing is renamed or removed', async () => {
    const outside = path.join(job.root, 'outside')
    fs.mkdirSync(outside)
    const token = 'abcdef012345'
    const hidden = (file: string, kind: string) => path.join(path.dirname(file), `.${path.basename(file)}.pgo-action-${kind}-${token}`)
    const overwritten = path.join(outside, 'overwritten')
    const deleted = path.join(outside, 'deleted')
    for (const file of [overwritten, hidden(overwritten, 'build'), hidden(overwritten, 'other'), deleted])
      fs.writeFileSync(file, `the user's ${path.basename(file)}`)
    const before = Object.fromEntries(fs.readdirSync(outside).map(name => [name, fs.readFileSync(path.join(outside, name), 'utf8')]))
    const entries = [
      { path: overwritten, kept: hidden(overwritten, 'build'), other: hidden(overwritten, 'other'), otherSha256: '0'.repeat(64) },
      { path: path.join(job.root, 'forged', 'textstat'), kept: overwritten, other: deleted, otherSha256: '0'.repeat(64) }
    ]
    const { result } = await withJournal(
      'forged',
      JSON.stringify({ format: 'pgo-action benchmark swaps 2', visiting: 'the plain build', swaps: entries })
    )
    expectSuccess(result)
    expect(warningList(result)).toEqual(
      expect.arrayContaining([
        `${journal} names ${overwritten}, which the action could not have written (it is outside the workspace ${path.join(job.root, 'forged')}): it is left alone.`,
        `${journal} names ${entries[1].path}, which the action could not have written (its other names are not the action's hidden names beside it): it is left alone.`
      ])
    )
    expect(Object.fromEntries(fs.readdirSync(outside).map(name => [name, fs.readFileSync(path.join(outside, name), 'utf8')]))).toEqual(
      before
    )
  })

  test.each([
    ['cut short', '{"format":"pgo-action benchmark swaps 2","swaps":[{"path":"/', 'not JSON: cut short, or another kind of file'],
    ['with a null entry', '{"format":"pgo-action benchmark swaps 2","swaps":[null]}', 'another format, or an entry without its names']
  ])('a journal %s fails the post step with one clear error naming it', async (name, text, why) => {
    const { result } = await withJournal(name.replace(/ /g, '-'), text)
    expect(result.exitCode).not.toBe(0)
    expect(failureMessage(result)).toBe(
      `${journal} is not a journal of benchmark swaps this version reads (${why}): nothing was put back from it.`
    )
    expect(result.log).not.toMatch(/Unexpected end of JSON input|Cannot read properties|argument must be of type string/)
  })
})

test("a directory the benchmark leaves at the program's path: the optimized build is back, the leftover is named, and the outputs stand", async () => {
  const job = createJob()
  const workspace = checkout(job, 'c-make')
  const seen = path.join(job.root, 'optimized-seen')
  // The plain side's runs leave a directory where the program was; the runs find the programs on PATH.
  const benchmark = [
    'textstat 20 > /dev/null',
    'if [ "$PGO_BENCHMARK_SIDE" = plain ]; then rm -rf textstat && mkdir textstat; fi',
    noteOptimized('./textstat', seen)
  ].join('\n')
  const result = await runStep({
    job,
    workspace,
    inputs: { build: 'make', binaries: 'textstat', workload: 'textstat 20', benchmark, 'benchmark-runs': '2', cache: 'false' }
  })
  expectSuccess(result)
  const program = path.join(workspace, 'textstat')
  expect(sha256(program)).toBe(fs.readFileSync(seen, 'utf8').trim())
  expect(result.outputs.binaries).toBe(program)
  const leftover = swapLeftovers(workspace)
  expect(leftover).toHaveLength(1)
  expect(warningList(result)).toContain(
    `The optimized build is in place, but ${path.join(workspace, leftover[0])} (a directory the benchmark left at the path, which the swap moved there) could not be removed: it is not part of the build; remove it by hand.`
  )
  expect(result.log).not.toContain('do not release')
})

test('a benchmark that removes the hidden plain copy: the step names the copy and the run, and the optimized build is in place', async () => {
  const job = createJob()
  const workspace = checkout(job, 'c-make')
  const seen = path.join(job.root, 'optimized-seen')
  // A clean-up of dot files in the optimized side's runs.
  const benchmark = [
    './textstat 20 > /dev/null',
    noteOptimized('./textstat', seen),
    'if [ "$PGO_BENCHMARK_SIDE" = optimized ]; then rm -f .textstat.*; fi'
  ].join('\n')
  const result = await runStep({
    job,
    workspace,
    inputs: { build: 'make', binaries: 'textstat', workload: 'textstat 20', benchmark, 'benchmark-runs': '2', cache: 'false' }
  })
  expect(result.exitCode).not.toBe(0)
  const program = path.join(workspace, 'textstat')
  expect(failureMessage(result)).toMatch(
    new RegExp(
      `^The benchmark removed the plain build's copy ${workspace}/\\.textstat\\.pgo-action-other-[0-9a-f]{12} during the warm-up run of the optimized side, so the other side cannot run: the optimized build is in place at ${program}\\.`
    )
  )
  expect(result.log).not.toContain('ENOENT')
  expect(sha256(program)).toBe(fs.readFileSync(seen, 'utf8').trim())
  expect(swapLeftovers(workspace)).toEqual([])
})

describe('a checkout on a file system of its own', () => {
  const job = createJob()
  const workspace = path.join(job.root, 'small-disk')

  beforeAll(() => {
    fs.mkdirSync(workspace)
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', workspace], { stdio: 'pipe' })
    } catch (error) {
      throw new Error(`this test mounts a 16 MiB tmpfs as the checkout, which needs root (mount said: ${(error as Error).message})`)
    }
    fs.cpSync(checkout(job, 'c-make'), workspace, { recursive: true })
  })

  afterAll(() => {
    execFileSync('umount', [workspace])
  })

  test('that fills up while the plain side runs: every swap is a rename, and the build, written as a link, is left as it was', async () => {
    const seen = path.join(job.root, 'optimized-seen')
    const benchmark = [
      // The plain side's run writes into the checkout until its disk is full.
      'if [ "$PGO_BENCHMARK_SIDE" = plain ]; then cat /dev/zero > filler 2> /dev/null || true; fi',
      'bin/textstat 20 > /dev/null',
      noteOptimized('bin/textstat', seen)
    ].join('\n')
    const result = await runStep({
      job,
      workspace,
      inputs: {
        build: 'make && mkdir -p bin && ln -sf ../textstat bin/textstat',
        binaries: 'bin/textstat',
        workload: 'bin/textstat 20',
        benchmark,
        'benchmark-runs': '2',
        cache: 'false'
      }
    })
    expectSuccess(result)
    expect(fs.statSync(path.join(workspace, 'filler')).size).toBeGreaterThan(12 * 1024 * 1024)
    const linked = path.join(workspace, 'bin', 'textstat')
    expect(fs.readlinkSync(linked)).toBe('../textstat')
    expect(result.outputs.binaries).toBe(linked)
    expect(sha256(linked)).toBe(fs.readFileSync(seen, 'utf8').trim())
    expect(swapLeftovers(path.join(workspace, 'bin'))).toEqual([])
  })
})
