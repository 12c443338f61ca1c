// What the settings that amplify PGO add, on crates nobody here wrote: each
// is built by the action with its own release profile, benchmarked against
// its plain build, and with `advice: measure` built once more with
// lto = "fat" and codegen-units = 1 and timed against the PGO build. Both
// ratios come with the action's own 95% interval, and the build times
// with each, so the docs can say whether the advice is worth its time.
import * as fs from 'node:fs'
import type { StepResult } from '../__tests__/support/runner'
import { benchmarkFigures, runAction, stageSeconds } from './lib/action'
import { capture, ratio, seconds } from './lib/measure'
import { checkoutProject, fromRealProjects, RIPGREP } from './real-projects'

/** Each benchmark's budget: two benchmarks a crate. */
const BUDGET = process.env.BENCH_LTO_BUDGET ?? '60'

const CRATES = [fromRealProjects('jaq '), fromRealProjects('oxipng '), RIPGREP]

/** "lto false (default), codegen-units 16 (default)": the two settings the variant changes, as the Build settings row gave them. */
function ownSettings(result: StepResult): string {
  const row = result.summary.split('\n').find(line => line.includes('| Build settings |')) ?? ''
  return ['lto', 'codegen-units'].map(name => new RegExp(`${name} [^,|;]+`).exec(row)?.[0] ?? `${name} ?`).join(', ')
}

/** Functions without profile data: the optimized build's (its row) and the variant's (its line in the log). */
function missingCounts(result: StepResult): string {
  const release = /\| Optimized build \| [^|]*?([\d,]+) functions without profile data/.exec(result.summary)?.[1] ?? '?'
  const variant = /The variant's build took [\d.]+ s; (\d+) functions without profile data\./.exec(result.log)?.[1] ?? '?'
  return `${release} / ${variant}`
}

/** The LTO advice row's ratio, interval, verdict, and the variant's profile and build time. */
function adviceFigures(result: StepResult): { gain: string; verdict: string; build: string } {
  const row = result.summary.split('\n').find(line => line.includes('| LTO advice |')) ?? ''
  const match = /on top of PGO: ([\d.]+)× \(95% CI ([\d.]+–[\d.]+)\): ([a-z ]+); its profile and build took ([\d.]+) s/.exec(row)
  if (!match)
    return { gain: '?', verdict: row.includes('⏭️') ? 'not measured' : (/no verdict: ([^|]+)/.exec(row)?.[1].trim() ?? '?'), build: '?' }
  return { gain: `**${match[1]}×** (${match[2]})`, verdict: match[3], build: `${match[4]} s` }
}

export async function benchLto(): Promise<string> {
  const rows: string[] = []
  for (const crate of CRATES) {
    console.log(`lto: ${crate.name}`)
    const { job, workspace } = checkoutProject(crate, 'pgo-bench-lto-')
    const inputs = { ...crate.inputs, advice: 'measure', 'benchmark-budget': BUDGET }
    const { result, seconds: took } = await runAction(job, workspace, inputs, undefined, { ...crate.env })
    const pgo = benchmarkFigures(result)
    const advice = adviceFigures(result)
    const builds = `${seconds(stageSeconds(result.summary, 'Optimized build'))} / ${advice.build}`
    rows.push(
      `| ${crate.name} | ${ownSettings(result)} | **${ratio(pgo.speedup)}** (${pgo.interval}) | ${advice.gain} | ${advice.verdict} | ${missingCounts(result)} | ${builds} | ${seconds(took)} |`
    )
    fs.rmSync(job.root, { recursive: true, force: true })
  }
  return [
    '## What LTO adds to PGO',
    '',
    "Each crate's pinned source from crates.io, built by the action with its own release profile and `advice: measure`. " +
      '"PGO over plain" is the benchmark\'s speedup of the PGO build over the plain build; "LTO over PGO" is a build with ' +
      '`lto = "fat"` and `codegen-units = 1` (through `CARGO_PROFILE_RELEASE_*`), trained on a profile of its own (its instrumented build with the same settings, the same workloads), timed against the PGO build: above 1, the variant is faster. ' +
      "The release's profile cannot serve the variant: cargo hashes those settings into `-C metadata`, so every symbol the profile names has another hash in the variant. " +
      '"Without profile data" counts the functions each optimized build found no profile data for, release / variant: a variant with more gets no verdict. ' +
      `Both are medians of paired ratios with their 95% intervals, each benchmark with a ${BUDGET} s budget (\`BENCH_LTO_BUDGET\`). ` +
      "The build times are the optimized build's, and the variant's own profile and build, each a full rebuild. The workloads are in `bench/lto.ts` and `bench/real-projects.ts`.",
    '',
    '| Crate | Its own profile | PGO over plain (95% CI) | LTO over PGO (95% CI) | Verdict | Without profile data | Build: optimized / variant | Action wall time |',
    '|---|---|--:|--:|---|--:|--:|--:|',
    ...rows,
    '',
    `<sub>${capture('rustc', ['--version'])}</sub>`
  ].join('\n')
}
