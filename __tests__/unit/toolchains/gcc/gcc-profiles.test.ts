import { gccFitWarning } from '../../../../src/toolchains/gcc/gcc-fit'
import { describeStamp, parseGccVersion, profileStamp, readProfileStamp } from '../../../../src/toolchains/gcc/gcc-version'
import { parseCountsDump, parseNotesDump } from '../../../../src/toolchains/gcc/gcov-dump-parser'

describe("GCC's version stamp", () => {
  test('is written as GCC writes it, and read back in either byte order', () => {
    const version = parseGccVersion('12.2.0')!
    expect(version).toEqual({ full: '12.2.0', major: 12, minor: 2 })
    expect(profileStamp(version)).toBe('B22*')
    expect(profileStamp(parseGccVersion('9.4')!)).toBe('A94*')
    expect(readProfileStamp(Buffer.from('adcg*22B'))).toBe('B22*')
    expect(readProfileStamp(Buffer.from('gcdaB31*'))).toBe('B31*')
    expect(readProfileStamp(Buffer.from('\x7fELF\x02\x01\x01\x00'))).toBeUndefined()
    expect(describeStamp('B31*')).toBe('GCC 13.1')
    expect(describeStamp('B40e')).toBe('GCC 14.0 (a prerelease)')
    expect(describeStamp('??')).toBe("a GCC of version stamp '??'")
    expect(parseGccVersion('clang')).toBeUndefined()
  })
})

describe("gcov-dump's output", () => {
  test("a counts file: each function's arc counters, other counters left out", () => {
    const dump = [
      "src#main.gcda:data:magic `gcda':version `B22*'",
      'src#main.gcda:  a1000000:   8:OBJECT_SUMMARY runs=2, sum_max=8000000',
      'src#main.gcda:  01000000:  12:FUNCTION ident=108032747, lineno_checksum=0x0372e201, cfg_checksum=0x0ccef04a',
      'src#main.gcda:    01a10000:  72:COUNTERS arcs 9 counts',
      'src#main.gcda:                   0: 2 0 1 1 8 2 8 2 ',
      'src#main.gcda:                   8: 2 ',
      'src#main.gcda:    01af0000:   8:COUNTERS time_profiler 1 counts',
      'src#main.gcda:                   0: 1 ',
      'src#main.gcda:  01000000:  12:FUNCTION ident=2057255425, lineno_checksum=0xb12ed841, cfg_checksum=0x722c2630',
      'src#main.gcda:    01a10000:  24:COUNTERS arcs 3 counts',
      'src#main.gcda:                   0: 8 1142864 8000000 '
    ].join('\n')
    expect(parseCountsDump(dump)).toEqual([
      { unit: 'src#main', ident: '108032747', arcs: [2, 0, 1, 1, 8, 2, 8, 2, 2] },
      { unit: 'src#main', ident: '2057255425', arcs: [8, 1142864, 8000000] }
    ])
  })

  test("a notes file: each function's name by its unit and ident", () => {
    const dump =
      "src#main.gcno:  01000000:  56:FUNCTION ident=108032747, lineno_checksum=0x0372e201, cfg_checksum=0x0ccef04a, `main' src/main.c:6:5-8:35"
    expect(parseNotesDump(dump)).toEqual(new Map([['src#main:108032747', 'main']]))
  })
})

describe("GCC's warnings of a profile that does not fit", () => {
  test('changed functions, in either locale, and files without counts', () => {
    expect(
      gccFitWarning(
        'src/a.c:7:5: warning: source locations for function ‘main’ have changed, the profile data may be out of date [-Wcoverage-mismatch]'
      )
    ).toEqual({ missing: 0, mismatched: 1, functionName: 'main' })
    expect(
      gccFitWarning(
        "a.c:6:14: warning: number of counters in profile data for function 'worker' does not match its profile data (counter 'arcs', expected 3 and have 4) [-Wcoverage-mismatch]"
      )
    ).toEqual({ missing: 0, mismatched: 1, functionName: 'worker' })
    expect(
      gccFitWarning(
        'a.c:6:14: warning: the control flow of function ‘S::f(int)’ does not match its profile data (counter ‘time_profiler’) [-Wcoverage-mismatch]'
      )
    ).toEqual({ missing: 0, mismatched: 1, functionName: 'S::f(int)' })
    expect(gccFitWarning('src/new.c:1:1: warning: ‘/t/p/src#new.gcda’ profile count data file not found [-Wmissing-profile]')).toEqual({
      missing: 1,
      mismatched: 0,
      functionName: 'src/new.c (every function: no counts for this file)'
    })
    expect(gccFitWarning('a.c:3:1: warning: unused variable ‘x’ [-Wunused-variable]')).toBeUndefined()
  })
})
