// llvm-tools download: the release archive comes from llvm-mirror (here a
// server on 127.0.0.1 holding an archive shaped like the official one, made
// from the installed LLVM 22 and BOLT 22), is unpacked and kept in the
// runner's tool cache; a second step of the same job finds it there and
// downloads nothing.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, runStep } from '../support/runner'
import { startReleaseServer, type ReleaseServer } from '../support/release-server'
import { capture, sha256 } from '../support/tools'
import { checkout, expectSuccess, failureMessage, readable } from '../support/workspace'

/** rustc's full LLVM version: the release the action picks, as it is in the release table. */
function rustcLlvm(): string {
  return /^LLVM version: (\S+)$/m.exec(capture('rustc', ['-vV']))![1]
}

describe('llvm-tools download', () => {
  let server: ReleaseServer
  let root: string
  const version = rustcLlvm()
  const archive = `LLVM-${version}-Linux-X64.tar.xz`
  let archiveSha256: string

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(createJob('pgo-releases-').root, 'mirror-'))
    const top = path.join(root, 'build', `LLVM-${version}-Linux-X64`)
    fs.mkdirSync(path.join(top, 'bin'), { recursive: true })
    for (const tool of ['llvm-profdata', 'llvm-cxxfilt', 'llvm-bolt', 'merge-fdata'])
      fs.copyFileSync(`/usr/lib/llvm-22/bin/${tool}`, path.join(top, 'bin', tool))
    fs.mkdirSync(path.join(top, 'lib'))
    fs.copyFileSync('/usr/lib/llvm-22/lib/libbolt_rt_instr.a', path.join(top, 'lib', 'libbolt_rt_instr.a'))
    const releaseDir = path.join(root, 'releases', `llvmorg-${version}`)
    fs.mkdirSync(releaseDir, { recursive: true })
    // The fastest xz level: llvm-bolt alone is tens of megabytes.
    capture('tar', ['-cJf', path.join(releaseDir, archive), '-C', path.join(root, 'build'), `LLVM-${version}-Linux-X64`], undefined, {
      ...process.env,
      XZ_OPT: '-0'
    })
    server = await startReleaseServer(root)
    archiveSha256 = sha256(path.join(releaseDir, archive))
  })
  afterAll(() => server?.close())

  test('downloads the release archive into the tool cache, and a second step of the job uses the cached copy', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const inputs = { workload: 'hotloop 5', 'llvm-tools': 'download', 'llvm-mirror': server.url, cache: 'false' }

    const first = await runStep({ job, workspace, inputs })
    expectSuccess(first)
    const url = `${server.url}/llvmorg-${version}/${archive}`
    expect(server.requests).toEqual([`/releases/llvmorg-${version}/${archive}`])
    expect(first.log).toContain(`Downloading LLVM ${version} (the compiler's own LLVM version) for Linux-X64: ${url}`)
    expect(readable(first.summary)).toMatch(
      new RegExp(
        `\\| ✅ \\| Profile tools \\| llvm-profdata 22\\.\\d+\\.\\d+ \\(LLVM ${version} release, downloaded from ${server.url}; archive not verified \\(sha256 ${archiveSha256}\\)\\) \\|`
      )
    )
    expect(first.log).toContain(`::warning::The LLVM release archive ${url} was not verified (sha256 ${archiveSha256}).`)
    const cached = path.join(job.toolCache, 'llvm', version, 'x64')
    expect(fs.existsSync(`${cached}.complete`)).toBe(true)
    expect(fs.readdirSync(path.join(cached, 'bin')).sort()).toEqual(['llvm-cxxfilt', 'llvm-profdata'])
    expect(first.outputs['profile-hash']).toMatch(/^[0-9a-f]{64}$/)

    const second = await runStep({ job, workspace, inputs })
    expectSuccess(second)
    expect(server.requests).toHaveLength(1)
    expect(second.log).toContain(`LLVM ${version} (the compiler's own LLVM version) is in the tool cache: ${cached}`)
    expect(second.summary).toContain(`(LLVM ${version} release, tool cache; archive not verified (sha256 ${archiveSha256}))`)
  })

  test('llvm-archive-sha256 pins the archive: the right one is used and said to be verified, also from the tool cache', async () => {
    const job = createJob()
    const inputs = {
      workload: 'hotloop 5',
      'llvm-tools': 'download',
      'llvm-mirror': server.url,
      'llvm-archive-sha256': archiveSha256,
      cache: 'false'
    }
    const first = await runStep({ job, workspace: checkout(job, 'rust-hot'), inputs })
    expectSuccess(first)
    expect(first.log).toContain(`The archive's sha256 ${archiveSha256} is the one llvm-archive-sha256 pins.`)
    expect(first.log).not.toContain('was not verified')
    expect(first.summary).toContain(`; archive sha256 ${archiveSha256.slice(0, 12)}… verified against llvm-archive-sha256)`)
    const before = server.requests.length
    const second = await runStep({ job, workspace: checkout(job, 'rust-hot'), inputs })
    expectSuccess(second)
    expect(server.requests.length).toBe(before)
    expect(second.summary).toContain(
      `(LLVM ${version} release, tool cache; archive sha256 ${archiveSha256.slice(0, 12)}… verified against llvm-archive-sha256)`
    )
  })

  test('an archive that is not the pinned one is never unpacked: the step fails before building, naming both hashes', async () => {
    const job = createJob()
    const pinned = 'ab'.repeat(32)
    const result = await runStep({
      job,
      workspace: checkout(job, 'rust-hot'),
      inputs: { workload: 'hotloop 5', 'llvm-tools': 'download', 'llvm-mirror': server.url, 'llvm-archive-sha256': pinned, cache: 'false' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain(`has sha256 ${archiveSha256}, not the llvm-archive-sha256 ${pinned}: it was not unpacked.`)
    expect(fs.existsSync(path.join(job.toolCache, 'llvm'))).toBe(false)
    expect(result.log).not.toContain('::group::Instrumented build')
  })

  test('a tool cache made from an unpinned download is not trusted for a pin it was not checked against', async () => {
    const job = createJob()
    const inputs = { workload: 'hotloop 5', 'llvm-tools': 'download', 'llvm-mirror': server.url, cache: 'false' }
    expectSuccess(await runStep({ job, workspace: checkout(job, 'rust-hot'), inputs }))
    // Someone swaps the cached tool; the record of the archive it came from stays the real one.
    const cached = path.join(job.toolCache, 'llvm', version, 'x64')
    fs.writeFileSync(path.join(cached, 'archive.sha256'), `${'cd'.repeat(32)}  ${archive}\n`)
    const before = server.requests.length
    const pinned = await runStep({ job, workspace: checkout(job, 'rust-hot'), inputs: { ...inputs, 'llvm-archive-sha256': archiveSha256 } })
    expectSuccess(pinned)
    expect(pinned.log).toContain('was not made from the archive llvm-archive-sha256 pins: downloading it again.')
    expect(server.requests.length).toBe(before + 1)
  })

  test("BOLT's tools come from the same release: a tool cache made for llvm-profdata alone is downloaded again to add them and BOLT's runtime", async () => {
    const job = createJob()
    const inputs = { workload: 'hotloop 5', 'llvm-tools': 'download', 'llvm-mirror': server.url, cache: 'false' }
    const before = server.requests.length
    expectSuccess(await runStep({ job, workspace: checkout(job, 'rust-hot'), inputs }))
    const cached = path.join(job.toolCache, 'llvm', version, 'x64')
    expect(fs.readdirSync(path.join(cached, 'bin')).sort()).toEqual(['llvm-cxxfilt', 'llvm-profdata'])

    const bolted = await runStep({ job, workspace: checkout(job, 'rust-hot'), inputs: { ...inputs, bolt: 'true' } })
    expectSuccess(bolted)
    expect(server.requests.length).toBe(before + 2)
    expect(bolted.log).toContain(
      `LLVM ${version} in the tool cache (${cached}) lacks bin/llvm-bolt, bin/merge-fdata, lib/libbolt_rt_instr.a: downloading the release again to add them.`
    )
    expect(fs.readdirSync(path.join(cached, 'bin')).sort()).toEqual(['llvm-bolt', 'llvm-cxxfilt', 'llvm-profdata', 'merge-fdata'])
    expect(fs.readdirSync(path.join(cached, 'lib'))).toEqual(['libbolt_rt_instr.a'])
    expect(readable(bolted.summary)).toMatch(
      new RegExp(
        `\\| ✅ \\| BOLT tools \\| llvm-bolt 22\\.\\d+\\.\\d+ \\(LLVM ${version} release, downloaded from ${server.url}; archive not verified \\(sha256 ${archiveSha256}\\)\\) \\|`
      )
    )
    // Instrumenting links BOLT's runtime from the lib/ beside the cached llvm-bolt.
    expect(bolted.summary).toMatch(/\| ✅ \| BOLT instrument \|/)
    expect(capture('readelf', ['-S', '-W', bolted.outputs.binaries])).toContain('.note.bolt_info')

    const again = await runStep({ job, workspace: checkout(job, 'rust-hot'), inputs: { ...inputs, bolt: 'true' } })
    expectSuccess(again)
    expect(server.requests.length).toBe(before + 2)
    expect(again.summary).toContain(`| BOLT tools | llvm-bolt 22`)
    expect(again.summary).toContain(`(LLVM ${version} release, tool cache; archive not verified (sha256 ${archiveSha256}))`)
  })

  test('a plain http mirror on another machine is refused before any work', async () => {
    const job = createJob()
    const result = await runStep({
      job,
      workspace: checkout(job, 'rust-hot'),
      inputs: { workload: 'hotloop 5', 'llvm-tools': 'download', 'llvm-mirror': 'http://mirror.example/llvm' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain("llvm-mirror 'http://mirror.example/llvm' is plain http on another machine: use https")
  })

  test('a mirror without the archive fails before building, naming the URL and the fix', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const mirror = `${server.url}/nothing-here`
    const result = await runStep({ job, workspace, inputs: { workload: 'hotloop 5', 'llvm-tools': 'download', 'llvm-mirror': mirror } })
    expect(result.exitCode).toBe(1)
    const message = failureMessage(result)
    expect(message).toContain(`Downloading ${mirror}/llvmorg-${version}/${archive} failed: HTTP 404.`)
    expect(message).toContain('Fix: set llvm-mirror to a server that holds the LLVM release archives')
    expect(message).toContain('or set llvm-tools to rustup (for Rust), system, or a directory that holds llvm-profdata from LLVM 22')
    expect(result.log).not.toContain('::group::Instrumented build')
  })

  test('an llvm-version with no official archive is refused before any download', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const before = server.requests.length
    const result = await runStep({
      job,
      workspace,
      inputs: { workload: 'hotloop 5', 'llvm-tools': 'download', 'llvm-mirror': server.url, 'llvm-version': '22.1.99' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain(
      'llvm-tools download: LLVM 22.1.99 has no official release archive for Linux-X64 that this action knows of (the newest LLVM 22 it knows is 22.1.8'
    )
    expect(server.requests.length).toBe(before)
  })
})
