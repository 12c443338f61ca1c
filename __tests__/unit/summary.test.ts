import { compareSides } from '../../src/benchmark-stats'
import { formatBytes, formatSeconds, renderSummary } from '../../src/summary'
import type { RunReport } from '../../src/report'

const finished: RunReport = {
  toolchain: 'rust: rustc 1.95.0 (LLVM 22.1.2)',
  stages: [
    { name: 'Toolchain', status: 'done', result: 'rustc 1.95.0', seconds: 0.04 },
    { name: 'Workloads', status: 'done', result: '2 commands | 3 raw profiles', seconds: 75.4 }
  ],
  totalSeconds: 80,
  profile: {
    origin: 'made by this run',
    cacheKey: 'pgo-v1-Linux-X64-rust-llvm22-0123456789abcdef-' + 'ab'.repeat(32),
    path: '/tmp/merged.profdata',
    sha256: 'ab'.repeat(32),
    bytes: 15_500,
    rawFiles: 3,
    rawBytes: 34_400,
    totalFunctions: 40,
    functionsWithCounts: 22,
    hottest: [{ name: 'minivm::vm::Machine::run', maxCount: 241_321_124, share: 0.99 }]
  },
  fit: { missing: 1, mismatched: 2, examples: ['_ZN3new17h0123456789abcdefE'] },
  programs: [{ displayPath: 'target/x86_64-unknown-linux-gnu/release/minivm', sha256: 'cd'.repeat(32), bytes: 512_100 }]
}

describe('the job summary', () => {
  const markdown = renderSummary(finished)

  test('a row per stage with its result and time, and the total', () => {
    expect(markdown).toContain('| ✅ | Toolchain | rustc 1.95.0 | 0.0 s |')
    expect(markdown).toContain('| ✅ | Workloads | 2 commands \\| 3 raw profiles | 1 min 15 s |')
    expect(markdown).toContain('| | **Total** | | **1 min 20 s** |')
  })

  test('the profile: file, hash, inputs, coverage, fit and hottest functions', () => {
    expect(markdown).toContain('| File | `/tmp/merged.profdata` (15.1 KiB) |')
    expect(markdown).toContain(`| sha256 | \`${'ab'.repeat(32)}\` |`)
    expect(markdown).toContain('| Merged from | 3 raw profiles (33.6 KiB) |')
    expect(markdown).toContain('| Functions | 22 of 40 ran (55.0%) |')
    expect(markdown).toContain('| Fit to the code | 1 function without profile data, 2 changed since profiling |')
    expect(markdown).toContain('| `minivm::vm::Machine::run` | 241,321,124 | 99.0% |')
  })

  test("the profile's source and cache key", () => {
    expect(markdown).toContain('| Source | made by this run |')
    expect(markdown).toContain(`| Saved as | \`pgo-v1-Linux-X64-rust-llvm22-0123456789abcdef-${'ab'.repeat(32)}\` |`)
  })

  test('a stale reused profile is called out with its numbers', () => {
    const stale = renderSummary({ ...finished, stale: { unmatched: 12, profiled: 40, regenerated: true } })
    expect(stale).toContain('> [!WARNING]\n> The reused profile was stale: 12 of the 40 functions it covers (30.0%) had no matching profile data')
    expect(stale).toContain('made a new profile')
    expect(renderSummary({ ...finished, stale: { unmatched: 12, profiled: 40, regenerated: false } })).toContain('so it was kept')
  })

  test('the uploaded artifact', () => {
    expect(renderSummary({ ...finished, artifact: { name: 'pgo-bin', id: 7, files: 2, bytes: 2048 } })).toContain('### Artifact\n\n`pgo-bin` (id 7): 2 files, 2.0 KiB zipped')
  })

  test('the optimized programs with their hashes', () => {
    expect(markdown).toContain(`| \`target/x86_64-unknown-linux-gnu/release/minivm\` | 500.1 KiB | \`${'cd'.repeat(32)}\` |`)
  })

  test('a failure leads with the error: a command tail verbatim, a list of problems as a list', () => {
    const failed = renderSummary({
      stages: [{ name: 'Workloads', status: 'failed', result: 'Workload 1 of 1 failed', seconds: 1 }],
      error: 'Workload 1 of 1 failed: `x` exited with code 3.\nLast 2 lines of its output:\n  a | b\n  *c*'
    })
    expect(failed).toContain('## PGO build failed')
    expect(failed).toContain('> [!CAUTION]\n> Workload 1 of 1 failed: `x` exited with code 3.\n>\n> Last 2 lines of its output:\n> ```\n> a | b\n> *c*\n> ```')
    expect(failed).toContain('| ❌ | Workloads | Workload 1 of 1 failed | 1.0 s |')
    const invalid = renderSummary({ stages: [], error: 'Invalid inputs:\n- one\n- two' })
    expect(invalid).toContain('> Invalid inputs:\n>\n> - one\n> - two')
  })
})

test('a sampled profile is described in samples', () => {
  const sampled = renderSummary({
    stages: [],
    profile: { ...finished.profile!, kind: 'samples', totalFunctions: 4, functionsWithCounts: 2, hottest: [{ name: 'main.totalArea', maxCount: 8, share: 0.73 }] }
  })
  expect(sampled).toContain('| Functions | 4 on sampled stacks, 2 sampled themselves |')
  expect(sampled).toContain('| Function | Samples | Share of all samples |')
  expect(sampled).toContain('| `main.totalArea` | 8 | 73.0% |')
})

test('durations and sizes read naturally', () => {
  expect(formatSeconds(0.04)).toBe('0.0 s')
  expect(formatSeconds(59.94)).toBe('59.9 s')
  expect(formatSeconds(119.6)).toBe('2 min 00 s')
  expect(formatSeconds(3725)).toBe('62 min 05 s')
  expect(formatBytes(512)).toBe('512 B')
  expect(formatBytes(1536)).toBe('1.5 KiB')
  expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB')
})

test('the benchmark: the command, both sides, the ratio against min-speedup, and a chart', () => {
  const markdown = renderSummary({
    stages: [],
    benchmark: { command: 'app bench', runs: 3, minSpeedup: 1.05, result: compareSides([2.0, 2.2, 1.9], [1.5, 1.6, 1.55]) }
  })
  expect(markdown).toContain('`app bench`, 3 runs on each side in turns, after a warm-up run of each')
  expect(markdown).toContain('| Plain build | 2.000 s | 1.900 s | 2.200 s |')
  expect(markdown).toContain('| Optimized build | 1.550 s | 1.500 s | 1.600 s |')
  expect(markdown).toContain('**Speedup: 1.290×** (22.5% less time) (min-speedup 1.05: met)')
  expect(markdown).toContain('```text\nplain      ████████████████████████████████████████  2.000 s\noptimized  ███████████████████████████████           1.550 s\n```')
})
