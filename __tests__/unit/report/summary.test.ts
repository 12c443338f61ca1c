import { comparePairs, type BenchmarkResult } from '../../../src/benchmark/stats'
import { formatBytes, formatChange, formatSeconds } from '../../../src/report/format'
import { renderSummary } from '../../../src/report/summary'
import type { RunReport } from '../../../src/report/run-report'

const finished: RunReport = {
  toolchain: 'rust: rustc 1.95.0 (LLVM 22.1.2)',
  stages: [
    { name: 'Toolchain', status: 'done', result: 'rustc 1.95.0', seconds: 0.04 },
    { name: 'Workloads', status: 'done', result: '2 commands | 3 raw profiles', seconds: 75.4 }
  ],
  totalSeconds: 80,
  profile: {
    origin: 'made by this run',
    cacheKey: 'pgo-v2-Linux-X64-rust-llvm22-0123456789abcdef-' + 'ab'.repeat(32),
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
    expect(markdown).toContain(`| Saved as | \`pgo-v2-Linux-X64-rust-llvm22-0123456789abcdef-${'ab'.repeat(32)}\` |`)
  })

  test('a stale reused profile is called out with its numbers', () => {
    const stale = renderSummary({ ...finished, stale: { unmatched: 12, profiled: 40, regenerated: true } })
    expect(stale).toContain(
      '> [!WARNING]\n> The reused profile was stale: 12 functions of the optimized build had no matching profile data, more than 10% of the 40 functions the profile covers.'
    )
    // New code can outnumber what the profile covers: the counts are not put as a part of a whole.
    expect(renderSummary({ ...finished, stale: { unmatched: 7, profiled: 1, regenerated: true } })).toContain(
      'stale: 7 functions of the optimized build had no matching profile data, more than 10% of the 1 function the profile covers.'
    )
    expect(stale).toContain('made a new profile')
    expect(renderSummary({ ...finished, stale: { unmatched: 12, profiled: 40, regenerated: false } })).toContain('so it was kept')
  })

  test('the uploaded artifact', () => {
    expect(renderSummary({ ...finished, artifact: { name: 'pgo-bin', id: 7, files: 2, bytes: 2048 } })).toContain(
      '### Artifact\n\n`pgo-bin` (id 7): 2 files, 2.0 KiB zipped'
    )
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
    expect(failed).toContain(
      '> [!CAUTION]\n> Workload 1 of 1 failed: \\`x\\` exited with code 3.\n>\n> Last 2 lines of its output:\n> ```\n> a | b\n> *c*\n> ```'
    )
    expect(failed).toContain('| ❌ | Workloads | Workload 1 of 1 failed | 1.0 s |')
    const invalid = renderSummary({ stages: [], error: 'Invalid inputs:\n- one\n- two' })
    expect(invalid).toContain('> Invalid inputs:\n>\n> - one\n> - two')
  })
})

test('the outputs table says what it holds: programs, libraries, or files', () => {
  const outputs = (...paths: string[]) =>
    renderSummary({ ...finished, programs: paths.map(displayPath => ({ displayPath, sha256: 'cd'.repeat(32), bytes: 1024 })) })
  expect(outputs('target/release/minivm')).toContain('### Optimized programs\n\n| Program | Size | sha256 |')
  expect(outputs('target/release/libscore.so', 'libz.so.1.2.13')).toContain('### Optimized libraries\n\n| Library | Size | sha256 |')
  expect(outputs('target/release/libjiter.so', 'dist/jiter-0.19.0-cp311-cp311-linux_x86_64.whl')).toContain(
    '### Optimized files\n\n| File | Size | sha256 |'
  )
  expect(outputs('runscore', 'libscore.so.1.0')).toContain('### Optimized files')
})

test('a sampled profile is described in samples', () => {
  const sampled = renderSummary({
    stages: [],
    profile: {
      ...finished.profile!,
      kind: 'samples',
      totalFunctions: 4,
      functionsWithCounts: 2,
      hottest: [{ name: 'main.totalArea', maxCount: 8, share: 0.73 }]
    }
  })
  expect(sampled).toContain('| Functions | 4 on sampled stacks, 2 sampled themselves |')
  expect(sampled).toContain('| Function | Samples | Share of all samples |')
  expect(sampled).toContain('| `main.totalArea` | 8 | 73.0% |')
})

describe('the BOLT section', () => {
  const bolted = renderSummary({
    ...finished,
    bolt: {
      tools: 'llvm-bolt 22.1.8 (system)',
      profileOrigin: 'made by this run',
      cacheKey: 'pgo-v2-bolt-Linux-X64-rust-llvm22-0123456789abcdef-' + 'ab'.repeat(32) + '-fedcba9876543210',
      programs: [
        {
          displayPath: 'target/x86_64-unknown-linux-gnu/release/minivm',
          pgoCopy: '/tmp/pgo-action/__self/bolt/pgo/minivm',
          pgoSha256: 'ef'.repeat(32),
          size: { pgo: 480_000, bolted: 6_400_000 },
          dynoStats: [
            { name: 'executed forward branches', before: 30_026_512, after: 30_026_512 },
            { name: 'taken branches', before: 16_380_846, after: 5_461_846 },
            { name: 'executed instructions', before: 155_307_826, after: 155_308_074 },
            { name: 'executed unconditional branches', before: 0, after: 2 }
          ]
        },
        {
          displayPath: 'run.sh',
          pgoCopy: '/tmp/pgo-action/__self/bolt/pgo/run.sh',
          pgoSha256: '01'.repeat(32),
          kept: 'it is not an ELF program'
        }
      ]
    }
  })

  test('the tools, where the BOLT profile came from, and its key', () => {
    expect(bolted).toContain('### BOLT')
    expect(bolted).toContain('| Tools | llvm-bolt 22.1.8 (system) |')
    expect(bolted).toContain('| BOLT profile | made by this run |')
    expect(bolted).toContain('| Saved as | `pgo-v2-bolt-Linux-X64-rust-llvm22-0123456789abcdef-')
  })

  test("each rewritten program with the PGO build kept beside it, and BOLT's dyno stats, the headline first", () => {
    expect(bolted).toContain(
      `\`target/x86_64-unknown-linux-gnu/release/minivm\`: rewritten by BOLT, 468.8 KiB as the PGO build linked for BOLT → 6.1 MiB (13.33×). The PGO build is kept at \`/tmp/pgo-action/__self/bolt/pgo/minivm\` (sha256 \`${'ef'.repeat(32)}\`).`
    )
    const headline = bolted.slice(bolted.indexOf('| Count | PGO | PGO + BOLT | Change |'), bolted.indexOf('<details>'))
    expect(
      headline
        .split('\n')
        .filter(line => line.startsWith('| ') && !line.startsWith('| Count'))
        .map(line => line.split(' | ')[0])
    ).toEqual(['| executed instructions', '| taken branches', '| executed unconditional branches'])
    expect(headline).toContain('| taken branches | 16,380,846 | 5,461,846 | −66.7% |')
    expect(headline).toContain('| executed instructions | 155,307,826 | 155,308,074 | +<0.01% |')
    expect(bolted).toContain("<details><summary>All of llvm-bolt's dynamic statistics</summary>")
    expect(bolted).toContain('| executed forward branches | 30,026,512 | 30,026,512 | = |')
  })

  test('a program BOLT could not rewrite says why', () => {
    expect(bolted).toContain('`run.sh`: kept as the PGO build: it is not an ELF program.')
  })

  test('BOLT skipped altogether is a warning, and the programs are the PGO builds', () => {
    expect(
      renderSummary({ ...finished, bolt: { skipped: 'BOLT rewrites Linux (ELF) programs, and this runner is macOS', programs: [] } })
    ).toContain(
      '### BOLT\n\n> [!WARNING]\n> BOLT did not run: BOLT rewrites Linux (ELF) programs, and this runner is macOS. The programs are the PGO builds.'
    )
  })

  test('changes read as signed percentages, small ones with a second decimal', () => {
    expect(formatChange(200, 50)).toBe('−75.0%')
    expect(formatChange(1000, 1003)).toBe('+0.30%')
    expect(formatChange(0, 3)).toBe('new')
    expect(formatChange(7, 7)).toBe('=')
  })
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

/** A benchmark of ten pairs whose ratios are `ratios`, on CPU time, run in turns. */
function benchmarkResult(ratios: number[]): BenchmarkResult {
  const pairs = ratios.map(ratio => ({ plain: { wall: ratio + 0.01, cpu: ratio }, optimized: { wall: 1.01, cpu: 1 } }))
  return {
    ...comparePairs(pairs),
    method: 'alternate',
    methodReason: 'one side after the other, in turns',
    pairs,
    stoppedBecause: 'the interval is within ±1% of the speedup',
    seconds: 25
  }
}

describe('the benchmark', () => {
  const faster = benchmarkResult([1.1, 1.12, 1.08, 1.11, 1.09, 1.1, 1.13, 1.07, 1.1, 1.1])

  test('leads the summary: the speedup, its interval, the verdict and what the interval means, before the stages', () => {
    const markdown = renderSummary({
      ...finished,
      benchmark: { command: 'app bench', result: faster, minSpeedup: 1.05, minSpeedupOutcome: 'met' }
    })
    const lines = markdown.split('\n')
    expect(lines[0]).toBe('## PGO build finished')
    expect(lines[2]).toBe('**Speedup: 1.100× (95% CI 1.080–1.120): faster.** The benchmark takes 9.1% less time with the optimized build.')
    expect(lines[3]).toBe('min-speedup 1.05: met, by the whole interval.')
    expect(markdown.indexOf('The interval holds the true median speedup with 95% confidence')).toBeLessThan(markdown.indexOf('| | Stage |'))
  })

  test("says which time and method it used and why, each side's times, and every pair folded away", () => {
    const markdown = renderSummary({ stages: [], benchmark: { command: 'app bench', result: faster } })
    expect(markdown).toContain('- Compared on CPU time: the benchmark kept a CPU busy for 99% of its wall time in its least disturbed runs')
    expect(markdown).toContain('- Method: one side after the other, in turns.')
    expect(markdown).toContain(
      '- 10 pairs after a warm-up run of each side; stopped because the interval is within ±1% of the speedup. The benchmark took 25.000 s.'
    )
    expect(markdown).toContain('| Plain build | 1.100 s | 1.070 s | 1.130 s |')
    expect(markdown).toContain('<details><summary>Every pair</summary>')
    expect(markdown).toContain('| 3 | 1.080 s | 1.090 s | 1.000 s | 1.010 s | 1.080 |')
  })

  test('no significant difference, and a minimum the interval straddles', () => {
    const even = benchmarkResult([1.0, 1.01, 0.99, 1.0, 1.02, 0.98, 1.0, 1.01, 0.99, 1.0])
    const markdown = renderSummary({
      stages: [],
      benchmark: { command: 'app bench', result: even, minSpeedup: 1.0, minSpeedupOutcome: 'undecided' }
    })
    expect(markdown).toContain('**Speedup: 1.000× (95% CI 0.990–1.010): no significant difference from the plain build.**')
    expect(markdown).toContain('min-speedup 1: undecided: the interval straddles it, so the step went on (a warning says so).')
  })
})

describe('advice: measure', () => {
  const advice = (ratios: number[]): NonNullable<RunReport['advice']> => ({
    change: 'lto = "fat" and codegen-units = 1',
    apply: [{ where: "the workspace's Cargo.toml", lines: ['[profile.release]', 'lto = "fat"', 'codegen-units = 1'], language: 'toml' }],
    result: benchmarkResult(ratios),
    variantSeconds: 42.5,
    optimizedSeconds: 12.25,
    missing: 3
  })

  test('a faster variant: its gain with the interval, both build times, and the lines to add; never the release', () => {
    const markdown = renderSummary({ stages: [], advice: advice([1.05, 1.06, 1.04, 1.05, 1.05, 1.06, 1.04, 1.05, 1.05, 1.05]) })
    expect(markdown).toContain('### What LTO would add')
    expect(markdown).toContain(
      '**lto = "fat" and codegen-units = 1 on top of PGO: 1.050× (95% CI 1.040–1.060): faster**, timed against the optimized build (CPU time, 10 pairs, alternate).'
    )
    expect(markdown).toContain(
      "Its own profile and its build took 42.5 s, the optimized build's 12.3 s. The released programs are the optimized build's, not this variant's."
    )
    expect(markdown).toContain(
      'To build the release with it, add to the workspace\'s Cargo.toml:\n\n```toml\n[profile.release]\nlto = "fat"\ncodegen-units = 1\n```'
    )
  })

  test('settings that win from two places: the lines for each place', () => {
    const places = {
      ...advice([1.05, 1.06, 1.04, 1.05, 1.05, 1.06, 1.04, 1.05, 1.05, 1.05]),
      apply: [
        {
          where: 'the env: that sets it (the variable wins over every file)',
          lines: ['CARGO_PROFILE_RELEASE_LTO: fat'],
          language: 'yaml' as const
        },
        {
          where: '/w/.cargo/config.toml (cargo reads it over Cargo.toml)',
          lines: ['[profile.release]', 'codegen-units = 1'],
          language: 'toml' as const
        }
      ]
    }
    const markdown = renderSummary({ stages: [], advice: places })
    expect(markdown).toContain(
      'To build the release with it, add to the env: that sets it (the variable wins over every file):\n\n```yaml\nCARGO_PROFILE_RELEASE_LTO: fat\n```\n\n' +
        'And to /w/.cargo/config.toml (cargo reads it over Cargo.toml):\n\n```toml\n[profile.release]\ncodegen-units = 1\n```'
    )
  })

  test('no significant difference: no lines to add, and why', () => {
    const markdown = renderSummary({ stages: [], advice: advice([1.0, 1.001, 0.999, 1.0, 1.0, 1.002, 0.998, 1.0, 1.0, 1.0]) })
    expect(markdown).toContain('No significant difference here: on this benchmark, the settings cost build time without a measured gain.')
    expect(markdown).not.toContain('```toml')
  })
})
