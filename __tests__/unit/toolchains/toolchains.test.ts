import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { llvmFitWarning } from '../../../src/llvm/fit-warnings'
import { findCompilers } from '../../../src/toolchains/clang/clang-compilers'
import { parseTop } from '../../../src/toolchains/go/pprof-top'
import { parseGoVersion, withoutPgoFlag } from '../../../src/toolchains/go/go'
import { FALLBACK_SPEC, namesThatCan, specOf, TOOLCHAIN_NAMES, TOOLCHAIN_SPECS } from '../../../src/toolchains/specs'

function binDir(names: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-bin-'))
  for (const name of names) fs.writeFileSync(path.join(dir, name), '#!/bin/sh\n', { mode: 0o755 })
  return dir
}

describe('which clang the clang toolchain uses', () => {
  test("the step's CC and CXX come first, and are marked as the user's", () => {
    expect(findCompilers({ CC: 'ccache clang', CXX: 'ccache clang++' }, undefined, '')).toEqual({
      cc: 'ccache clang',
      cxx: 'ccache clang++',
      fromEnv: { cc: true, cxx: true }
    })
  })

  test('plain clang when no LLVM version is asked for; clang++ beside it', () => {
    const dir = binDir(['clang', 'clang++', 'clang-18', 'clang++-18'])
    expect(findCompilers({}, undefined, dir)).toEqual({
      cc: path.join(dir, 'clang'),
      cxx: path.join(dir, 'clang++'),
      fromEnv: { cc: false, cxx: false }
    })
  })

  test('clang-N for llvm-version N; the newest clang-N when there is no plain clang', () => {
    const dir = binDir(['clang', 'clang-18', 'clang++-18', 'clang-22', 'clang++-22'])
    expect(findCompilers({}, 18, dir).cc).toBe(path.join(dir, 'clang-18'))
    expect(findCompilers({}, 18, dir).cxx).toBe(path.join(dir, 'clang++-18'))
    const versionedOnly = binDir(['clang-9', 'clang-22', 'clang-14'])
    expect(findCompilers({}, undefined, versionedOnly).cc).toBe(path.join(versionedOnly, 'clang-22'))
  })

  test("Windows: clang.exe's C++ driver is clang++.exe; clang-cl, the MSVC-style driver, compiles C++ itself", () => {
    expect(findCompilers({ CC: 'clang.exe' }, undefined, '').cxx).toBe('clang++.exe')
    expect(findCompilers({ CC: 'clang-cl' }, undefined, '').cxx).toBe('clang-cl')
    expect(findCompilers({ CC: "'C:\\Program Files\\LLVM\\bin\\clang-cl.exe'" }, undefined, '').cxx).toBe(
      "'C:\\Program Files\\LLVM\\bin\\clang-cl.exe'"
    )
  })

  test('no clang at all: the error says what was looked for and how to install it', () => {
    expect(() => findCompilers({}, 21, binDir(['gcc']))).toThrow(
      /there is none on PATH \(looked for clang-21, clang and clang-N\).*apt-get install clang-21/
    )
  })
})

describe('Go', () => {
  test('release versions', () => {
    expect(parseGoVersion('go1.26.8')).toEqual([1, 26])
    expect(parseGoVersion('go1.21rc2')).toEqual([1, 21])
    expect(parseGoVersion('devel go1.27-abc')).toBeUndefined()
  })

  test("the user's GOFLAGS are kept, but not a -pgo setting of their own", () => {
    expect(withoutPgoFlag('  -mod=mod -pgo=off  -trimpath ')).toEqual({ kept: ['-mod=mod', '-trimpath'], dropped: ['-pgo=off'] })
    expect(withoutPgoFlag('')).toEqual({ kept: [], dropped: [] })
  })

  test('go tool pprof -top: functions on sampled stacks, those sampled themselves, hottest first', () => {
    const output = `File: shapes
Type: cpu
Showing nodes accounting for 11, 100% of 11 total
      flat  flat%   sum%        cum   cum%
         8 72.73% 72.73%          8 72.73%  main.totalArea
         3 27.27%   100%          3 27.27%  main.Square.Area (inline)
         0     0%   100%         11   100%  main.main
         0     0%   100%         11   100%  runtime.main
`
    expect(parseTop(output, 1)).toEqual({
      kind: 'samples',
      totalFunctions: 4,
      functionsWithCounts: 2,
      totalCount: 11,
      hottest: [{ name: 'main.totalArea', maxCount: 8, totalCount: 8 }]
    })
  })
})

test('the profile-fit warnings LLVM prints, from rustc and clang alike', () => {
  expect(
    llvmFitWarning('warning: a.c: no profile data available for function brand_new Hash = 1 up to 0 count discarded [-Wbackend-plugin]')
  ).toEqual({
    missing: 1,
    mismatched: 0,
    functionName: 'brand_new'
  })
  expect(
    llvmFitWarning(
      'warning: hot.1ded-cgu.2: function control flow change detected (hash mismatch) _ZN3hot4main17hcb27d629b9d3a19dE Hash = 5'
    )
  ).toEqual({
    missing: 0,
    mismatched: 1,
    functionName: '_ZN3hot4main17hcb27d629b9d3a19dE'
  })
  expect(llvmFitWarning('warning: unused variable `x`')).toBeUndefined()
})

describe("the toolchains' specs", () => {
  test('one spec a name; toolchain auto goes by their marker files, and falls back on the one without', () => {
    expect(TOOLCHAIN_NAMES).toEqual(['rust', 'clang', 'gcc', 'go'])
    expect(TOOLCHAIN_SPECS.filter(spec => spec.marker).map(spec => [spec.name, spec.marker])).toEqual([
      ['rust', 'Cargo.toml'],
      ['go', 'go.mod']
    ])
    expect(FALLBACK_SPEC.marker).toBeUndefined()
    expect(specOf('go').defaultBuild({ platforms: true })).toBe('go build -o "bin/$GOOS-$GOARCH/" ./...')
    expect(specOf('clang').defaultBuild({ platforms: false })).toBeUndefined()
  })

  test('what each can do, named in the sentences the inputs write', () => {
    expect(namesThatCan('bolt')).toBe('rust, clang and gcc')
    expect(namesThatCan('go-platforms')).toBe('go')
    expect(namesThatCan('llvm-tools')).toBe('rust and clang')
  })

  test("each spec's own checks: rust's rustflags in build, clang's $ in a profile's path, go's pprof weights", () => {
    const problems: string[] = []
    specOf('rust').checkInputs({ build: 'RUSTFLAGS=-Cx cargo build', profiles: [] }, problems)
    const dollar = { pattern: '/w/$x.profdata', given: '$x.profdata', weight: 1 }
    specOf('clang').checkInputs({ build: 'make', profiles: [dollar], singleProfile: dollar }, problems)
    specOf('go').checkInputs({ build: '', profiles: [1, 999999].map(weight => ({ pattern: '/w/p', given: 'p', weight })) }, problems)
    expect(problems.map(problem => problem.slice(0, 40))).toEqual([
      'build sets RUSTFLAGS itself (RUSTFLAGS=-',
      "profile '$x.profdata' holds a $ in its p",
      'profile: the weights (1, 999999) would h'
    ])
  })
})

test('the Toolchain interface stays small: at most 16 members, at most 4 of them optional (whole capability groups)', () => {
  const source = fs.readFileSync(path.join(__dirname, '../../../src/toolchains/toolchain.ts'), 'utf8')
  const body = /export interface Toolchain \{\n([\s\S]*?)\n\}/.exec(source)?.[1] ?? ''
  const members = body.split('\n').filter(line => /^ {2}(readonly )?\w+\??[(:]/.test(line))
  expect(members.length).toBeGreaterThan(8)
  expect(members.length).toBeLessThanOrEqual(16)
  expect(members.filter(line => /^ {2}(readonly )?\w+\?/.test(line)).length).toBeLessThanOrEqual(4)
})
