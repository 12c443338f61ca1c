// bolt: the optimized programs rewritten by llvm-bolt with a profile from
// a second workload run, end to end through dist/ with the real llvm-bolt
// and merge-fdata (Debian's bolt-22), the Rust and C fixtures, and the local
// cache service.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { LocalActionsServices } from '../support/actions-services'
import { flipByteOfFileInArchive } from '../support/cache-archive'
import { createJob, runStep, type Job, type StepResult } from '../support/runner'
import { capture, rustHost, sha256 } from '../support/tools'
import { checkout, expectSuccess, failureMessage, FIXTURES, groupLog, stageRow, stepWorkDir, warnings } from '../support/workspace'

const BOLT_STAGES = ['BOLT instrument', 'BOLT workloads', 'BOLT merge', 'BOLT optimize']

/** The section names of an ELF file, as readelf lists them. */
function sectionNames(file: string): string[] {
  return [...capture('readelf', ['-S', '-W', file]).matchAll(/^\s*\[\s*\d+\]\s+(\S+)/gm)].map(match => match[1])
}

function hasBoltMark(file: string): boolean {
  return sectionNames(file).includes('.note.bolt_info')
}

/** A plain release build of the Rust fixture, for comparing what the programs print. */
function plainRustProgram(job: Job): string {
  const source = checkout(job, 'rust-hot', 'plain-source')
  capture('cargo', ['build', '--release', '--quiet', '--target', rustHost()], source)
  return path.join(source, 'target', rustHost(), 'release', 'hotloop')
}

describe('BOLT on a Rust program, and its profile reused from the cache', () => {
  let services: LocalActionsServices
  const job = createJob()
  const marker = path.join(job.root, 'workload-runs.log')
  const inputs = { workload: `hotloop 30\necho ran >> ${marker}`, bolt: 'true' }
  const workloadRuns = () => (fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim().split('\n').length : 0)
  const step = (env: Record<string, string> = {}) =>
    runStep({ job, workspace: checkout(job, 'rust-hot'), inputs, env: { ...services.env(), ...env } })
  let first: StepResult
  let firstProgram: string

  beforeAll(async () => {
    services = await LocalActionsServices.start()
    first = await step()
    expectSuccess(first)
    firstProgram = sha256(first.outputs.binaries)
  })
  afterAll(() => services.stop())

  test("the program at its own path carries BOLT's mark; the PGO build is kept in the run's directory without it", () => {
    const program = first.outputs.binaries
    expect(program).toBe(path.join(job.root, 'workspace', 'target', rustHost(), 'release', 'hotloop'))
    expect(hasBoltMark(program)).toBe(true)
    const pgoBuild = path.join(stepWorkDir(job), 'bolt', 'pgo', 'hotloop')
    expect(hasBoltMark(pgoBuild)).toBe(false)
    expect(first.summary).toContain(`The PGO build is kept at \`${pgoBuild}\``)
  })

  test('the BOLTed program prints what the plain build and the PGO build print', () => {
    const expected = capture(plainRustProgram(job), ['7'])
    expect(expected).toMatch(/^hotloop 7 [0-9a-f]+\n$/)
    expect(capture(first.outputs.binaries, ['7'])).toBe(expected)
    expect(capture(path.join(stepWorkDir(job), 'bolt', 'pgo', 'hotloop'), ['7'])).toBe(expected)
  })

  test('the optimized build linked with its relocations kept, through the rustflags', () => {
    expect(groupLog(first, 'Optimized build')).toContain('-Clink-arg=-Wl,--emit-relocs')
    expect(sectionNames(path.join(stepWorkDir(job), 'bolt', 'pgo', 'hotloop'))).toContain('.rela.text')
  })

  test('a row with its time and a log group for each BOLT stage; the workloads ran twice', () => {
    expect(stageRow(first, 'BOLT tools')).toMatch(/\| ✅ \| BOLT tools \| llvm-bolt 22\.\d+\.\d+ \(system\) \|/)
    for (const name of BOLT_STAGES) {
      expect(stageRow(first, name)).toMatch(new RegExp(`^\\| ✅ \\| ${name} \\|[^\\n]*\\| \\d+\\.\\d s \\|$`))
      expect(first.log).toContain(`::group::${name}\n`)
    }
    expect(stageRow(first, 'BOLT workloads')).toMatch(/\| 2 commands, [1-9]\d* BOLT profiles? \(/)
    expect(workloadRuns()).toBe(2)
  })

  test("the summary reports BOLT's dyno stats for the program", () => {
    expect(first.summary).toContain('### BOLT')
    expect(first.summary).toContain('| BOLT profile | made by this run |')
    expect(first.summary).toMatch(/\| taken branches \| [\d,]+ \| [\d,]+ \| (=|[+−][\d.<]+%) \|/)
    expect(first.summary).toMatch(/\| executed instructions \| [\d,]+ \| [\d,]+ \| (=|[+−][\d.<]+%) \|/)
    expect(first.summary).toMatch(
      /\| ✅ \| Save BOLT profile \| saved as pgo-v2-bolt-Linux-X64-rust-llvm22-[0-9a-f]{16}-[0-9a-f]{64}-[0-9a-f]{16}-r\d+\.1 \|/
    )
  })

  test('a second step restores both profiles: no workload runs, and BOLT writes the same bytes again', async () => {
    const second = await step()
    expectSuccess(second)
    expect(second.outputs['cache-hit']).toBe('true')
    expect(workloadRuns()).toBe(2)
    expect(stageRow(second, 'Restore BOLT profile')).toMatch(/\| ✅ \| Restore BOLT profile \| hit, fits the program \(checked\) \|/)
    for (const name of ['BOLT instrument', 'BOLT workloads', 'BOLT merge']) {
      expect(stageRow(second, name)).toContain(`| ⏭️ | ${name} | the cached BOLT profile fits these programs |`)
    }
    expect(stageRow(second, 'BOLT optimize')).toContain('| ✅ | BOLT optimize |')
    expect(second.summary).toMatch(/\| BOLT profile \| the cache \(key pgo-v2-bolt-/)
    expect(hasBoltMark(second.outputs.binaries)).toBe(true)
    expect(sha256(second.outputs.binaries)).toBe(firstProgram)
  })

  test('a program that is not the one the BOLT profile was recorded on gets a new BOLT profile, under its own key', async () => {
    // The same code and PGO profile, but no build ID: other bytes, so other addresses for llvm-bolt.
    const relinked = await step({ RUSTFLAGS: '-Clink-arg=-Wl,--build-id=none' })
    expectSuccess(relinked)
    expect(stageRow(relinked, 'Restore profile')).toContain('hit')
    expect(stageRow(relinked, 'Restore BOLT profile')).toContain('no cached BOLT profiles for these programs')
    expect(stageRow(relinked, 'BOLT workloads')).toContain('| ✅ |')
    expect(relinked.outputs['cache-hit']).toBe('false')
    expect(workloadRuns()).toBe(3)
    expect(hasBoltMark(relinked.outputs.binaries)).toBe(true)
    const keys = services
      .cacheEntries()
      .map(entry => entry.key)
      .filter(key => key.startsWith('pgo-v2-bolt-'))
    expect(keys).toHaveLength(2)
  })

  test('a cached BOLT profile whose file is not what was recorded is a warning, and a new one', async () => {
    const key = /saved as (pgo-v2-bolt-\S+)/.exec(stageRow(first, 'Save BOLT profile'))![1]
    const entry = services.cacheEntries().find(candidate => candidate.key === key)!
    const profile = path.join(stepWorkDir(job), 'cache', 'bolt', 'pgo-bolt-profile', 'hotloop.fdata')
    services.replaceCacheBlob(key, flipByteOfFileInArchive(entry.bytes, profile))
    const damaged = await step()
    expectSuccess(damaged)
    expect(warnings(damaged)).toMatch(
      /The cached BOLT profiles under pgo-v2-bolt-\S+ could not be used: hotloop\.fdata has sha256 [0-9a-f]{64}, not the recorded [0-9a-f]{64}\. Making new ones\./
    )
    expect(stageRow(damaged, 'Restore BOLT profile')).toContain('⚠️')
    expect(stageRow(damaged, 'BOLT workloads')).toContain('| ✅ |')
    expect(hasBoltMark(damaged.outputs.binaries)).toBe(true)
    expect(sha256(damaged.outputs.binaries)).toBe(firstProgram)
  })
})

describe('BOLT on a C program built by make', () => {
  const job = createJob()
  const workspace = checkout(job, 'c-make')
  let result: StepResult

  beforeAll(async () => {
    result = await runStep({
      job,
      workspace,
      inputs: { build: 'make', binaries: 'textstat', workload: 'textstat 200\ntextstat 50', bolt: 'true', cache: 'false' }
    })
    expectSuccess(result)
  })

  test('clang linked with the relocations kept, through CC', () => {
    expect(groupLog(result, 'Optimized build')).toMatch(/clang-22 -fprofile-use=\S+ .*-Wl,--emit-relocs .*-o textstat main\.o tokens\.o/)
    expect(stageRow(result, 'BOLT tools')).toMatch(/llvm-bolt 22\.\d+\.\d+ \(beside clang\)/)
  })

  test("the program carries BOLT's mark and prints what a plain build prints", () => {
    expect(result.outputs.binaries).toBe(path.join(workspace, 'textstat'))
    expect(hasBoltMark(result.outputs.binaries)).toBe(true)
    const plainDir = path.join(job.root, 'plain')
    fs.cpSync(path.join(FIXTURES, 'c-make'), plainDir, { recursive: true })
    capture('make', ['-s', 'CC=clang-22'], plainDir)
    expect(capture(result.outputs.binaries, ['7'])).toBe(capture(path.join(plainDir, 'textstat'), ['7']))
  })

  test("the summary reports BOLT's dyno stats: its layout takes fewer branches in the hot loop", () => {
    const taken = /\| taken branches \| ([\d,]+) \| ([\d,]+) \| −[\d.]+% \|/.exec(result.summary)
    expect(taken).not.toBeNull()
    const [before, after] = [taken![1], taken![2]].map(count => Number(count.replace(/,/g, '')))
    expect(after).toBeLessThan(before)
    expect(stageRow(result, 'BOLT optimize')).toMatch(/\| textstat: taken branches −[\d.]+%, executed instructions /)
    // Its size before and after, so that users can weigh the speed against it.
    expect(result.summary).toMatch(
      /`textstat`: rewritten by BOLT, [\d.]+ KiB as the PGO build linked for BOLT → [\d.]+ [KM]iB \([\d.]+×\)\./
    )
    for (const name of BOLT_STAGES) expect(result.log).toContain(`::group::${name}\n`)
  })
})

describe('what BOLT cannot rewrite', () => {
  /** rust-hot with a release profile that strips the program. */
  function strippedRust(job: Job): string {
    const workspace = checkout(job, 'rust-hot')
    fs.appendFileSync(path.join(workspace, 'Cargo.toml'), '\n[profile.release]\nstrip = true\n')
    return workspace
  }

  test('bolt true and a Rust release profile that strips: the step fails, naming the setting to change', async () => {
    const job = createJob()
    const result = await runStep({ job, workspace: strippedRust(job), inputs: { workload: 'hotloop 5', bolt: 'true', cache: 'false' } })
    expect(result.exitCode).toBe(1)
    const message = failureMessage(result)
    expect(message).toContain(
      'BOLT cannot run: the release build strips its programs, and a stripped program cannot keep the relocations (--emit-relocs)'
    )
    expect(message).toContain('strip = "debuginfo" or false')
    expect(message).toContain('--strip-all and --emit-relocs may not be used together')
    expect(result.summary).toMatch(/\| ❌ \| Optimized build \|/)
  })

  test('bolt if-supported and the same profile: a warning, a build without relocations, and the PGO program', async () => {
    const job = createJob()
    const result = await runStep({
      job,
      workspace: strippedRust(job),
      inputs: { workload: 'hotloop 5', bolt: 'if-supported', cache: 'false' }
    })
    expectSuccess(result)
    expect(warnings(result)).toContain('BOLT is skipped: the release build strips its programs')
    expect(stageRow(result, 'Optimized build')).toMatch(/\| ⚠️ \| Optimized build \| .*linked without relocations, so no BOLT[;|]/)
    expect(result.summary).toContain('> BOLT did not run: the release build strips its programs')
    for (const name of BOLT_STAGES) expect(result.summary).not.toContain(`| ${name} |`)
    expect(hasBoltMark(result.outputs.binaries)).toBe(false)
    expect(capture(result.outputs.binaries, ['3'])).toMatch(/^hotloop 3 /)
  })

  test('bolt true and a C build that strips its program afterwards: the step fails, naming the program and why', async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    const result = await runStep({
      job,
      workspace,
      inputs: { build: 'make && strip textstat', binaries: 'textstat', workload: 'textstat 50', bolt: 'true', cache: 'false' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain(
      'BOLT cannot rewrite this program:\n- textstat: it is stripped: it has no symbol table, which BOLT needs. Keep the symbols in the release build'
    )
    expect(result.summary).toMatch(/\| ❌ \| BOLT check \|/)
  })

  test('bolt true is not bypassed by BOLT profiles an if-supported run cached for a program it had to keep', async () => {
    const services = await LocalActionsServices.start()
    try {
      const job = createJob()
      const inputs = { build: 'make && strip textstat', binaries: 'textstat', workload: 'textstat 50' }
      const tolerant = await runStep({
        job,
        workspace: checkout(job, 'c-make'),
        inputs: { ...inputs, bolt: 'if-supported' },
        env: services.env()
      })
      expectSuccess(tolerant)
      expect(stageRow(tolerant, 'Save BOLT profile')).toContain('saved as')
      const strict = await runStep({ job, workspace: checkout(job, 'c-make'), inputs: { ...inputs, bolt: 'true' }, env: services.env() })
      expect(strict.exitCode).toBe(1)
      expect(failureMessage(strict)).toContain('BOLT cannot rewrite this program:\n- textstat: it is stripped')
      expect(strict.summary).not.toContain('| Restore BOLT profile |')
    } finally {
      await services.stop()
    }
  })

  test('bolt if-supported and a program that is not ELF: a warning for it, and BOLT rewrites the other', async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    // The build writes the script, so it is one of the build's programs.
    fs.writeFileSync(path.join(workspace, 'twice.sh'), '#!/bin/sh\ntextstat "$@" && textstat "$@"\n', { mode: 0o755 })
    const result = await runStep({
      job,
      workspace,
      inputs: {
        build: 'make && cp twice.sh textstat-twice',
        binaries: 'textstat\ntextstat-twice',
        workload: 'textstat 100\ntextstat-twice 20',
        bolt: 'if-supported',
        cache: 'false'
      }
    })
    expectSuccess(result)
    expect(warnings(result)).toContain('BOLT skips textstat-twice: it is not an ELF program. It stays the PGO build.')
    expect(result.summary).toContain('`textstat-twice`: kept as the PGO build: it is not an ELF program.')
    expect(stageRow(result, 'BOLT optimize')).toMatch(/\| ⚠️ \| BOLT optimize \| textstat: .*; 1 kept as PGO build \|/)
    expect(hasBoltMark(path.join(workspace, 'textstat'))).toBe(true)
    expect(result.outputs.binaries.split('\n')).toEqual([path.join(workspace, 'textstat'), path.join(workspace, 'textstat-twice')])
  })

  test('no llvm-bolt in the llvm-tools directory: the step fails before any build, naming where it looked and the package', async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    const tools = path.join(job.root, 'profile-tools-only')
    fs.mkdirSync(tools)
    fs.symlinkSync('/usr/lib/llvm-22/bin/llvm-profdata', path.join(tools, 'llvm-profdata'))
    const result = await runStep({
      job,
      workspace,
      inputs: { build: 'make', binaries: 'textstat', workload: 'textstat', bolt: 'true', 'llvm-tools': tools }
    })
    expect(result.exitCode).toBe(1)
    const message = failureMessage(result)
    expect(message).toContain(
      `No llvm-bolt from LLVM 22 was found (llvm-tools: ${tools}). The profile tools are from LLVM 22, and BOLT comes from the same LLVM.`
    )
    expect(message).toContain(`${path.join(tools, 'llvm-bolt')} (not there)`)
    expect(message).toContain('Debian and Ubuntu: bolt-22')
    expect(result.summary).toMatch(/\| ❌ \| BOLT tools \|/)
    expect(fs.existsSync(path.join(workspace, 'textstat'))).toBe(false)
  })

  test('bolt with toolchain go is refused before any work', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-shapes')
    const result = await runStep({ job, workspace, inputs: { workload: 'true', bolt: 'true' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain('Invalid input: bolt does not apply to toolchain go')
    expect(result.summary).not.toContain('| Toolchain |')
    expect(fs.existsSync(path.join(workspace, 'bin'))).toBe(false)
  })
})
