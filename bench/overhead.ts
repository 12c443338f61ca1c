// What the action costs beyond the work itself, on the example project:
// its full run against the same steps as the usual shell recipe, and a run
// that reuses a cached profile against a plain release build.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { LocalActionsServices } from '../__tests__/support/actions-services'
import { exampleStepInputs } from '../__tests__/support/example-workflow'
import { createJob, REPO_ROOT } from '../__tests__/support/runner'
import { parseCommandLines } from '../src/inputs'
import { runAction } from './lib/action'
import { capture, median, ratio, seconds, timeShell } from './lib/measure'

const TURNS = Number(process.env.BENCH_OVERHEAD_RUNS ?? 3)

/** The hand-written recipe: RUSTFLAGS, the workloads, llvm-profdata merge, RUSTFLAGS again. */
function shellRecipe(workload: string[], host: string, profdata: string): string {
  return [
    'P=$(mktemp -d)',
    `RUSTFLAGS="-Cprofile-generate=$P" cargo build --release --quiet --target ${host}`,
    `export PATH="$PWD/target/${host}/release:$PATH" LLVM_PROFILE_FILE="$P/%m_%p.profraw"`,
    ...workload.map(line => `${line} > /dev/null`),
    'unset LLVM_PROFILE_FILE',
    `${profdata} merge -o "$P/merged.profdata" "$P"`,
    `RUSTFLAGS="-Cprofile-use=$P/merged.profdata" cargo build --release --quiet --target ${host}`
  ].join('\n')
}

export async function benchOverhead(): Promise<string> {
  const job = createJob('pgo-bench-overhead-')
  const workspace = path.join(job.root, 'example')
  const fresh = () => {
    fs.rmSync(workspace, { recursive: true, force: true })
    fs.cpSync(path.join(REPO_ROOT, 'example'), workspace, { recursive: true, filter: source => !source.endsWith(`${path.sep}target`) })
  }
  // The same steps as the recipe: no benchmark, whatever the example workflow adds.
  const inputs: Record<string, string> = { ...exampleStepInputs(), 'working-directory': '.' }
  delete inputs.benchmark
  const host = /^host: (.+)$/m.exec(capture('rustc', ['-vV']))![1]
  const profdata = path.join(capture('rustc', ['--print', 'sysroot']), 'lib', 'rustlib', host, 'bin', 'llvm-profdata')
  const recipe = shellRecipe(parseCommandLines(inputs.workload), host, profdata)
  const services = await LocalActionsServices.start()
  const times = { action: [] as number[], recipe: [] as number[], hit: [] as number[], plain: [] as number[] }
  try {
    // One run that fills the cache; the later action runs below that use it are cache hits.
    fresh()
    await runAction(job, workspace, inputs, services)
    for (let turn = 0; turn < TURNS; turn++) {
      console.log(`overhead: turn ${turn + 1} of ${TURNS}`)
      fresh()
      times.action.push((await runAction(job, workspace, { ...inputs, cache: 'false' }, services)).seconds)
      fresh()
      times.recipe.push(timeShell(recipe, { cwd: workspace }))
      fresh()
      const hit = await runAction(job, workspace, inputs, services)
      if (hit.result.outputs['cache-hit'] !== 'true') throw new Error('the cache-hit run did not hit the cache')
      times.hit.push(hit.seconds)
      fresh()
      times.plain.push(timeShell('cargo build --release --quiet', { cwd: workspace }))
    }
  } finally {
    await services.stop()
    fs.rmSync(job.root, { recursive: true, force: true })
  }
  const m = { action: median(times.action), recipe: median(times.recipe), hit: median(times.hit), plain: median(times.plain) }
  const spread = (runs: number[]) => `${seconds(median(runs))} (${seconds(Math.min(...runs))}–${seconds(Math.max(...runs))})`
  return [
    "## The action's own overhead",
    '',
    `On the example project (rowq), every run from a fresh checkout with an empty target directory; medians of ${TURNS} turns, with their range.`,
    '',
    '| What | Wall time | Against |',
    '|---|--:|--:|',
    `| The same steps as a shell script (RUSTFLAGS, workloads, llvm-profdata merge, RUSTFLAGS) | ${spread(times.recipe)} | |`,
    `| pgo-action making the profile (cache off) | ${spread(times.action)} | ${ratio(m.action / m.recipe)} the script |`,
    `| Plain \`cargo build --release\` | ${spread(times.plain)} | |`,
    `| pgo-action reusing the cached profile (restore, optimized build) | ${spread(times.hit)} | ${ratio(m.hit / m.plain)} the plain build |`,
    '',
    'The action does more than the script: it resolves the rustflags cargo would use, finds the programs, checks they are instrumented, reads the profile for the summary, and checks the optimized build. The example builds in about a second, so this is the worst case for the overhead as a share.'
  ].join('\n')
}
