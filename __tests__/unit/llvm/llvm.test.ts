import { demangleRustLegacy } from '../../../src/llvm/demangle'
import { llvmWorkloadEnv } from '../../../src/llvm/raw-profiles'
import { ShowParser, stripFilePrefix } from '../../../src/llvm/show-parser'
import { parseLlvmVersion } from '../../../src/llvm/version'

describe('LLVM versions as tools and compilers print them', () => {
  test.each([
    ['LLVM (http://llvm.org/):\n  LLVM version 22.1.2-rust-1.95.0-stable\n  Optimized build.', 22, '22.1.2'],
    ['Debian LLVM version 22.1.8\n  Optimized build.', 22, '22.1.8'],
    ['Ubuntu LLVM version 18.1.3', 18, '18.1.3'],
    ['rustc 1.95.0\nLLVM version: 22.1.2\n', 22, '22.1.2'],
    ['Debian clang version 22.1.8 (++20250101)\nTarget: x86_64-pc-linux-gnu', 22, '22.1.8']
  ])('%j', (text, major, full) => {
    expect(parseLlvmVersion(text)).toEqual({ major, full })
  })

  // Xcode 15's clang and LLVM tools, as printed on macOS (forums.swift.org/t/67377), and Xcode 16.3's clang.
  test.each([
    ['Apple clang version 15.0.0 (clang-1500.0.40.1)\nTarget: arm64-apple-darwin23.0.0', 15, '15.0.0'],
    ['Apple LLVM version 15.0.0\n  Optimized build.', 15, '15.0.0'],
    ['Apple clang version 17.0.0 (clang-1700.0.13.5)', 17, '17.0.0']
  ])("in Apple's numbering, marked as Apple's: %j", (text, major, full) => {
    expect(parseLlvmVersion(text)).toEqual({ major, full, apple: true })
  })

  test('text without a version', () => {
    expect(parseLlvmVersion('llvm-profdata: Unknown command!')).toBeUndefined()
  })
})

describe('llvm-profdata show --all-functions --counts', () => {
  const irOutput = `Counters:
  _ZN7hotloop4cold17h0123456789abcdefE:
    Hash: 0x0f9bab18231589a7
    Counters: 3
    Block counts: [0, 0, 0]
  hotloop.1ded3bd1dd39618d-cgu.2;_ZN7hotloop5inner17h0ee2a8d2a7d6bac8E:
    Hash: 0x07c77e21214b529d
    Counters: 4
    Block counts: [90000, 440000, 10, 0]
  main:
    Hash: 0x0436e89e1c3ff834
    Counters: 2
    Block counts: [1, 5]
Instrumentation level: IR  entry_first = 0  instrument_loop_entries = 0
Functions shown: 3
Total functions: 3
Maximum function count: 90000
Maximum internal block count: 440000
`
  const frontEndOutput = `Counters:
  c.c:hot:
    Hash: 0x00000000046cd458
    Counters: 3
    Function count: 1
    Block counts: [100000, 66666]
  main:
    Hash: 0x0000000000000018
    Counters: 1
    Function count: 1
    Block counts: []
Instrumentation level: Front-end
Total functions: 2
`

  function parse(text: string, keep = 10) {
    const parser = new ShowParser(keep)
    text.split('\n').forEach(line => parser.line(line))
    return parser.result()
  }

  test('IR profiles: totals, functions that ran, hottest first by largest counter', () => {
    const contents = parse(irOutput)
    expect(contents).toMatchObject({ totalFunctions: 3, functionsWithCounts: 2, totalCount: 530016 })
    expect(contents.hottest.map(fn => [fn.maxCount, fn.totalCount])).toEqual([
      [440000, 530010],
      [5, 6]
    ])
  })

  test('front-end profiles: the function count line counts too', () => {
    const contents = parse(frontEndOutput)
    expect(contents).toMatchObject({ totalFunctions: 2, functionsWithCounts: 2 })
    expect(contents.hottest.map(fn => fn.name)).toEqual(['c.c:hot', 'main'])
  })

  test('only the hottest are kept', () => {
    expect(parse(irOutput, 1).hottest.map(fn => fn.name)).toEqual(['hotloop.1ded3bd1dd39618d-cgu.2;_ZN7hotloop5inner17h0ee2a8d2a7d6bac8E'])
  })

  test('file prefixes of local functions are removed', () => {
    expect(stripFilePrefix('hotloop.1ded3bd1dd39618d-cgu.2;_ZN7hotloop5inner17h0ee2a8d2a7d6bac8E')).toBe(
      '_ZN7hotloop5inner17h0ee2a8d2a7d6bac8E'
    )
    expect(stripFilePrefix('src/c.c:hot')).toBe('hot')
    expect(stripFilePrefix('main')).toBe('main')
  })
})

describe("Rust's legacy symbol mangling", () => {
  test.each([
    ['_ZN7hotloop5inner17h0ee2a8d2a7d6bac8E', 'hotloop::inner'],
    [
      '_ZN4core3ptr85drop_in_place$LT$std..rt..lang_start$LT$$LP$$RP$$GT$..$u7b$$u7b$closure$u7d$$u7d$$GT$17h0123456789abcdefE',
      'core::ptr::drop_in_place<std::rt::lang_start<()>::{{closure}}>'
    ],
    [
      '_ZN71_$LT$core..hash..sip..Hasher$LT$S$GT$$u20$as$u20$core..hash..Hasher$GT$5write17h8bf87f9ce7acc210E',
      '<core::hash::sip::Hasher<S> as core::hash::Hasher>::write'
    ],
    ['__ZN3foo3bar17h0123456789abcdefE', 'foo::bar']
  ])('%s', (symbol, readable) => {
    expect(demangleRustLegacy(symbol)).toBe(readable)
  })

  test('C++ symbols and Rust v0 symbols are not taken for legacy Rust', () => {
    expect(demangleRustLegacy('_ZN3foo3barEv')).toBeUndefined()
    expect(demangleRustLegacy('_ZN3foo3barE')).toBeUndefined()
    expect(demangleRustLegacy('_RNvCs1234_7hotloop5inner')).toBeUndefined()
    expect(demangleRustLegacy('main')).toBeUndefined()
  })
})

test('each process of each workload writes its own raw profile', () => {
  expect(llvmWorkloadEnv('/tmp/raw', 2)).toEqual({ LLVM_PROFILE_FILE: '/tmp/raw/w2_%m_%p.profraw' })
})
