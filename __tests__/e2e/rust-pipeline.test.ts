// The whole pipeline through dist/, on a single-program cargo project.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep, type StepResult } from '../support/runner'
import { checkout, expectSuccess, stepWorkDir } from '../support/workspace'
import { capture, countOf, profileFunctions, rustHost, rustLlvmProfdata, sha256 } from '../support/tools'

describe('toolchain rust, end to end', () => {
  const job = createJob()
  const workspace = checkout(job, 'rust-hot')
  let result: StepResult

  beforeAll(async () => {
    result = await runStep({
      job,
      workspace,
      inputs: { workload: 'hotloop 40\n# a comment line is not a command\nhotloop 10 | grep hotloop' }
    })
    expectSuccess(result)
  })

  test('sets the outputs: profile path and hash, programs, no cache hit', () => {
    const { outputs } = result
    expect(outputs['cache-hit']).toBe('false')
    expect(fs.existsSync(outputs['profile-path'])).toBe(true)
    expect(outputs['profile-hash']).toBe(sha256(outputs['profile-path']))
    expect(outputs.binaries.split('\n')).toEqual([path.join(workspace, 'target', rustHost(), 'release', 'hotloop')])
  })

  test('the profile holds the hot functions with counts, and not the function that never ran', () => {
    const functions = profileFunctions(rustLlvmProfdata(), result.outputs['profile-path'])
    expect(countOf(functions, 'fixture_fill_random')).toBeGreaterThan(1000)
    expect(countOf(functions, 'fixture_score_bytes')).toBeGreaterThan(1000)
    expect(countOf(functions, 'fixture_never_called')).toBe(0)
  })

  test('each workload wrote its own raw profiles', () => {
    const raw = fs.readdirSync(path.join(stepWorkDir(job), 'raw'))
    expect(raw.filter(name => name.startsWith('w1_')).length).toBeGreaterThan(0)
    expect(raw.filter(name => name.startsWith('w2_')).length).toBeGreaterThan(0)
    expect(raw.every(name => /^w\d+_[\d_]+\.profraw$/.test(name))).toBe(true)
  })

  test('the optimized program runs, and differs from a plain release build of the same code', () => {
    const optimized = result.outputs.binaries
    expect(capture(optimized, ['5'])).toMatch(/^hotloop 5 [0-9a-f]+\n$/)
    const plainTarget = path.join(job.root, 'plain-target')
    capture('cargo', ['build', '--release', '--quiet', '--target', rustHost(), '--target-dir', plainTarget], workspace)
    const plain = path.join(plainTarget, rustHost(), 'release', 'hotloop')
    expect(capture(plain, ['5'])).toBe(capture(optimized, ['5']))
    expect(sha256(plain)).not.toBe(sha256(optimized))
  })

  test('the job summary has a row for each stage and the profile statistics', () => {
    const { summary } = result
    for (const stage of ['Toolchain', 'Profile tools', 'Instrumented build', 'Workloads', 'Merge', 'Optimized build']) {
      expect(summary).toMatch(new RegExp(`\\| ✅ \\| ${stage} \\|[^\\n]*\\| \\d+\\.\\d s \\|`))
    }
    expect(summary).toMatch(/\| Merged from \| \d+ raw profiles/)
    expect(summary).toMatch(/\| Functions \| [\d,]+ of [\d,]+ ran/)
    expect(summary).toContain('`hotloop::fixture_fill_random`')
    expect(summary).toContain(result.outputs['profile-hash'])
    expect(summary).toMatch(/\| Fit to the code \| \d+ functions? without profile data, \d+ changed since profiling/)
  })

  test('each stage has its own log group', () => {
    for (const stage of ['Configuration', 'Toolchain', 'Profile tools', 'Instrumented build', 'Workloads', 'Merge', 'Optimized build']) {
      expect(result.log).toContain(`::group::${stage}\n`)
    }
  })
})
