// What BOLT adds on top of PGO, for the example projects BOLT applies to.
// One run of the action with bolt: true and benchmark set leaves all three
// programs behind: the plain build (kept for the benchmark), the PGO build
// (kept beside BOLT's output) and the final PGO + BOLT program. They run
// the same command, in turns, here.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { pathWithFirst } from '../src/system/environment'
import { createJob, REPO_ROOT } from '../__tests__/support/runner'
import { PROJECTS } from './examples'
import { runAction } from './lib/action'
import { alternate, measureShell, median, RUNS, seconds, speedup } from './lib/measure'

const STEP = '__self'

export async function benchBolt(): Promise<string> {
  const rows: string[] = []
  for (const project of PROJECTS.filter(candidate => !candidate.name.includes('Go'))) {
    const job = createJob('pgo-bench-bolt-')
    const workspace = path.join(job.root, 'workspace')
    fs.cpSync(path.join(REPO_ROOT, project.source), workspace, { recursive: true, filter: source => !/[/\\](target|build|bin)$/.test(source) })
    console.log(`bolt: ${project.name}`)
    const { result } = await runAction(job, workspace, { ...project.inputs, bolt: 'true', 'benchmark-runs': '1' })
    if (!result.summary.includes('| ✅ | BOLT optimize |')) throw new Error(`BOLT did not rewrite ${project.name}:\n${result.summary}`)
    const stepDir = path.join(job.runnerTemp, 'pgo-action', STEP)
    const dirs = { plain: path.join(stepDir, 'benchmark', 'plain'), pgo: path.join(stepDir, 'bolt', 'pgo'), bolt: path.join(stepDir, 'benchmark', 'optimized') }
    const side = (dir: string) => () => measureShell(project.inputs.benchmark, { cwd: workspace, env: { ...process.env, PATH: pathWithFirst([dir]) } })
    const turns = alternate({ plain: side(dirs.plain), pgo: side(dirs.pgo), bolt: side(dirs.bolt) })
    const taken = /\| taken branches \| [^|]+ \| [^|]+ \| ([^|]+) \|/.exec(result.summary)?.[1].trim() ?? '?'
    rows.push(
      `| ${project.name} | ${seconds(median(turns.plain))} | ${seconds(median(turns.pgo))} | ${seconds(median(turns.bolt))} | ${speedup(turns, 'plain', 'pgo')} | ` +
        `${speedup(turns, 'pgo', 'bolt')} | **${speedup(turns, 'plain', 'bolt')}** | ${taken} |`
    )
    fs.rmSync(job.root, { recursive: true, force: true })
  }
  return [
    '## BOLT on top of PGO',
    '',
    `For each example BOLT applies to (Linux ELF; not Go): the plain, PGO and PGO + BOLT programs from one run of the action with \`bolt: true\`, running the benchmark command of the section above, ${RUNS} runs each in turns after a warm-up. Median CPU times; each speedup is the median of the turns' ratios, with its 95% interval. "Taken branches" is the change llvm-bolt reported in its dyno stats.`,
    '',
    '| Project | Plain | PGO | PGO + BOLT | PGO vs plain | BOLT vs PGO | PGO + BOLT vs plain | Taken branches |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
    ...rows
  ].join('\n')
}
