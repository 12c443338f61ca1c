// The optimized build is never lost to the benchmark's turns, through dist/:
// a step killed while the plain copy is in place, a checkout whose disk fills
// up during the benchmark, and a program the build wrote as a link.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep } from '../support/runner'
import { sha256 } from '../support/tools'
import { checkout, expectSuccess, warningList } from '../support/workspace'

/** Benchmark lines that note the bytes the optimized side ran, in `record`, outside the checkout. */
function noteOptimized(program: string, record: string): string {
  return `if [ "$PGO_BENCHMARK_SIDE" = optimized ]; then sha256sum < ${program} | cut -c1-64 > ${record}; fi`
}

/** Files the swaps put beside the build's own, which must all be gone afterwards. */
function swapLeftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter(name => name.includes('.pgo-action-'))
}

test('a step killed while the plain copy is in place: the post step puts the optimized build back, and says so', async () => {
  const job = createJob()
  const workspace = checkout(job, 'c-make')
  const seen = path.join(job.root, 'optimized-seen')
  const killNow = path.join(job.root, 'kill-now')
  const benchmark = [
    `if [ "$PGO_BENCHMARK_SIDE" = plain ] && [ -e ${seen} ]; then touch ${killNow}; sleep 60; fi`,
    './textstat 20 > /dev/null',
    noteOptimized('./textstat', seen)
  ].join('\n')
  const result = await runStep({
    job,
    workspace,
    inputs: { build: 'make', binaries: 'textstat', workload: 'textstat 20', benchmark, 'benchmark-runs': '2', cache: 'false' },
    killMainWhen: () => fs.existsSync(killNow)
  })
  expect(result.exitCode).not.toBe(0)
  const program = path.join(workspace, 'textstat')
  expect(warningList(result)).toContain(`The step ended during the benchmark, with the plain build at ${program}: the optimized build is back there now.`)
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
      inputs: { build: 'make && mkdir -p bin && ln -sf ../textstat bin/textstat', binaries: 'bin/textstat', workload: 'bin/textstat 20', benchmark, 'benchmark-runs': '2', cache: 'false' }
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
