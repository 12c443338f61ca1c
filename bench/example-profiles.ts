// The example, five times from scratch: each run trains a fresh profile
// (mode generate, no cache) and measures its program against the plain build
// with the action's own benchmark, as `npm run example` does. The gain must
// hold for every fresh profile, not for a lucky one.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { exampleStepInputs } from '../__tests__/support/example-workflow'
import { createJob, REPO_ROOT } from '../__tests__/support/runner'
import { benchmarkFigures, runAction } from './lib/action'
import { ratio, seconds } from './lib/measure'

const FRESH_PROFILES = Number(process.env.BENCH_FRESH_PROFILES ?? 5)

export async function benchExampleProfiles(): Promise<string> {
  const rows: string[] = []
  const inputs: Record<string, string> = { ...exampleStepInputs(), 'working-directory': '.', mode: 'generate', cache: 'false' }
  for (let run = 1; run <= FRESH_PROFILES; run++) {
    const job = createJob('pgo-bench-fresh-')
    const workspace = path.join(job.root, 'workspace')
    fs.cpSync(path.join(REPO_ROOT, 'example'), workspace, { recursive: true, filter: source => !/[/\\]target$/.test(source) })
    const { result, seconds: took } = await runAction(job, workspace, inputs)
    const figures = benchmarkFigures(result)
    console.log(`fresh profile ${run}: ${figures.speedup} (${figures.interval}) ${figures.verdict}`)
    rows.push(
      `| ${run} | \`${result.outputs['profile-hash'].slice(0, 12)}…\` | **${ratio(figures.speedup)}** (${figures.interval}) | ${figures.verdict} | ${figures.how} | ${seconds(took)} |`
    )
    fs.rmSync(job.root, { recursive: true, force: true })
  }
  const inputsShown = `workload \`${inputs.workload.trim().split('\n').join('; ')}\`, benchmark \`${inputs.benchmark}\``
  return [
    '## The example, from five fresh profiles',
    '',
    `\`npm run example\`'s step (${inputsShown}), run ${FRESH_PROFILES} times from a fresh copy with \`mode: generate\` and no cache, so that each run trains its own profile. The speedup is the action's own: the median of the pairs' ratios, with its 95% interval, benchmark inputs at their defaults.`,
    '',
    '| Run | Profile | Speedup (95% CI) | Verdict | Time, pairs, method | Action wall time |',
    '|--:|---|--:|---|---|--:|',
    ...rows
  ].join('\n')
}
