import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { indexedProfileProblem, rawProfileProblem, readHead } from '../../../src/llvm/preflight'
import { FORMAT_VERSIONS, majorsWriting, readProfileHeader } from '../../../src/llvm/profile-format'

/** 16 header bytes: magic then version, each a u64 in the given byte order. */
function header(magic: bigint, version: bigint, littleEndian = true): Uint8Array {
  const bytes = new Uint8Array(16)
  const view = new DataView(bytes.buffer)
  view.setBigUint64(0, magic, littleEndian)
  view.setBigUint64(8, version, littleEndian)
  return bytes
}

describe('profile headers', () => {
  test("a raw profile from rustc's LLVM 22: magic \\x81rforpl\\xff, version 10 with the IR flag set", () => {
    // The first 16 bytes of a .profraw written by a rustc 1.95 program, as od -tx1 prints them.
    const bytes = Uint8Array.from([0x81, 0x72, 0x66, 0x6f, 0x72, 0x70, 0x6c, 0xff, 0x0a, 0, 0, 0, 0, 0, 0, 0x01])
    expect(readProfileHeader(bytes)).toEqual({ kind: 'raw', version: 10 })
  })

  test('an indexed profile from llvm-profdata 22: version 13', () => {
    const bytes = Uint8Array.from([0xff, 0x6c, 0x70, 0x72, 0x6f, 0x66, 0x69, 0x81, 0x0d, 0, 0, 0, 0, 0, 0, 0x01])
    expect(readProfileHeader(bytes)).toEqual({ kind: 'indexed', version: 13 })
  })

  test('variant flags in the upper 32 bits (LLVM 18 on) or the upper 8 (before) are not part of the version', () => {
    expect(readProfileHeader(header(0x8169666f72706cffn, 0x1100000000000007n))).toEqual({ kind: 'indexed', version: 7 })
    expect(readProfileHeader(header(0xff6c70726f667281n, 0x0000000300000009n))).toEqual({ kind: 'raw', version: 9 })
  })

  test('raw profiles from 32-bit and big-endian programs', () => {
    expect(readProfileHeader(header(0xff6c70726f665281n, 8n))).toEqual({ kind: 'raw', version: 8 })
    expect(readProfileHeader(header(0xff6c70726f667281n, 10n, false))).toEqual({ kind: 'raw', version: 10 })
  })

  test('text profiles, short files and other files are not recognised', () => {
    expect(readProfileHeader(new TextEncoder().encode('# IR level Instrumentation Flag\n:ir\n'))).toBeUndefined()
    expect(readProfileHeader(new Uint8Array(8))).toBeUndefined()
    expect(readProfileHeader(new Uint8Array(16))).toBeUndefined()
  })
})

describe('format versions by LLVM major', () => {
  test('raw and indexed versions never go down from one major to the next', () => {
    const majors = Object.keys(FORMAT_VERSIONS).map(Number)
    for (let i = 1; i < majors.length; i++) {
      expect(FORMAT_VERSIONS[majors[i]].raw).toBeGreaterThanOrEqual(FORMAT_VERSIONS[majors[i - 1]].raw)
      expect(FORMAT_VERSIONS[majors[i]].indexed).toBeGreaterThanOrEqual(FORMAT_VERSIONS[majors[i - 1]].indexed)
    }
  })

  test('which majors write a version, for messages', () => {
    expect(majorsWriting('raw', 10)).toBe('LLVM 19 to 22 or newer')
    expect(majorsWriting('raw', 8)).toBe('LLVM 14 to 17')
    expect(majorsWriting('indexed', 13)).toBe('LLVM 22 or newer')
    expect(majorsWriting('indexed', 14)).toBe('an LLVM newer than 22')
    expect(majorsWriting('raw', 5)).toBe('an LLVM older than 14')
  })
})

describe('preflight', () => {
  const llvm14 = { name: 'llvm-profdata 14.0.6', llvm: { major: 14, full: '14.0.6' } }
  const llvm22 = { name: 'llvm-profdata 22.1.8', llvm: { major: 22, full: '22.1.8' } }
  const rustc21 = { name: 'rustc 1.90.0', llvm: { major: 21, full: '21.1.1' } }

  test("llvm-profdata 14 cannot read LLVM 22's raw profiles: both versions and both LLVMs are named", () => {
    expect(rawProfileProblem([10, 10], llvm14, 'rustc 1.95.0 (LLVM 22.1.2)')).toBe(
      "llvm-profdata 14.0.6 (LLVM 14.0.6) cannot read the workloads' raw profiles: they are in raw profile format version 10 " +
        "(written by LLVM 19 to 22 or newer), and LLVM 14's llvm-profdata reads raw profile format version 8 only. " +
        'The programs were built by rustc 1.95.0 (LLVM 22.1.2).'
    )
  })

  test('a tool of another major with the same raw version reads them', () => {
    expect(rawProfileProblem([10], { name: 'llvm-profdata 21.1.2', llvm: { major: 21, full: '21.1.2' } }, 'rustc')).toBeUndefined()
    // Xcode 15's tool says 15, and LLVM 15 reads raw version 8 only: Apple's numbering is not the LLVM project's, so the tool judges.
    expect(
      rawProfileProblem([10], { name: 'llvm-profdata (Xcode)', llvm: { major: 15, full: '15.0.0', apple: true } }, 'Apple clang 15.0.0')
    ).toBeUndefined()
    expect(rawProfileProblem([10], { name: 'llvm-profdata 15.0.7', llvm: { major: 15, full: '15.0.7' } }, 'clang')).toMatch(
      /reads raw profile format version 8 only/
    )
    expect(rawProfileProblem([10], llvm22, 'rustc')).toBeUndefined()
  })

  test('a tool whose LLVM has no record is left to judge for itself', () => {
    expect(rawProfileProblem([10], { name: 'llvm-profdata 30.0.0', llvm: { major: 30, full: '30.0.0' } }, 'rustc')).toBeUndefined()
  })

  test("an indexed profile newer than the compiler's LLVM reads is refused, naming the silent outcome", () => {
    expect(indexedProfileProblem({ kind: 'indexed', version: 13 }, rustc21)).toBe(
      'it is in indexed profile format version 13, written by LLVM 22 or newer, and rustc 1.90.0 uses LLVM 21.1.1, ' +
        'which reads indexed versions up to 12: the compiler would warn, drop the profile and build without it.'
    )
  })

  test('older and equal indexed versions are read', () => {
    expect(indexedProfileProblem({ kind: 'indexed', version: 12 }, rustc21)).toBeUndefined()
    expect(indexedProfileProblem({ kind: 'indexed', version: 7 }, rustc21)).toBeUndefined()
  })

  test('a raw profile given as the profile is refused; a text profile is left to the compiler', () => {
    expect(indexedProfileProblem({ kind: 'raw', version: 10 }, rustc21)).toContain('it is a raw profile (.profraw)')
    expect(indexedProfileProblem(undefined, rustc21)).toBeUndefined()
  })
})

test("a profile's head is read under the untrusted-file rules: a FIFO is refused at once, naming it", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-head-'))
  const fifo = path.join(dir, 'w1.profraw')
  execFileSync('mkfifo', [fifo])
  expect(() => readHead(fifo)).toThrow(`${fifo} is a FIFO, not a regular file`)
  fs.writeFileSync(path.join(dir, 'short'), 'abc')
  expect(Buffer.from(readHead(path.join(dir, 'short'))).toString()).toBe('abc')
  fs.rmSync(dir, { recursive: true, force: true })
})
