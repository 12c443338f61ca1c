// What BOLT adds on top of PGO, for the example projects BOLT applies to.
// One run of the action with bolt: true and benchmark set leaves all three
// programs behind: the plain build (kept for the benchmark), the PGO build
// (kept beside BOLT's output) and the final PGO + BOLT program. They run
// the same command, in turns, here. A fourth side is the same PGO build
// and BOLT profile rewritten with 2 MiB huge-page alignment, which
// llvm-bolt otherwise pads the program to: its size against its speed.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { pathWithFirst } from '../src/system/environment'
import { createJob, REPO_ROOT } from '../__tests__/support/runner'
import { PROJECTS } from './examples'
import { runAction } from './lib/action'
import { alternate, capture, measureShell, median, RUNS, seconds, speedup } from './lib/measure'
import { NO_HUGE_PAGES, optimizeArgs } from '../src/llvm/llvm-bolt'
import { readBoltProfileSet } from '../src/bolt/profile-set'
import { formatBytes } from '../src/report/format'

const STEP = '__self'

export async function benchBolt(): Promise<string> {
  const rows: string[] = []
  for (const project of PROJECTS.filter(candidate => !candidate.name.includes('Go'))) {
    const job = createJob('pgo-bench-bolt-')
    const workspace = path.join(job.root, 'workspace')
    fs.cpSync(path.join(REPO_ROOT, project.source), workspace, {
      recursive: true,
      filter: source => !/[/\\](target|build|bin)$/.test(source)
    })
    console.log(`bolt: ${project.name}`)
    const { result } = await runAction(job, workspace, { ...project.inputs, bolt: 'true', 'benchmark-runs': '1' })
    if (!result.summary.includes('| ✅ | BOLT optimize |')) throw new Error(`BOLT did not rewrite ${project.name}:\n${result.summary}`)
    const stepDir = path.join(job.runnerTemp, 'pgo-action', STEP)
    const dirs = {
      plain: path.join(stepDir, 'benchmark', 'plain'),
      pgo: path.join(stepDir, 'bolt', 'pgo'),
      bolt: path.join(stepDir, 'benchmark', 'optimized')
    }
    const huge = rewriteWithHugePages(
      dirs.pgo,
      path.join(stepDir, 'cache', 'bolt', 'pgo-bolt-profile'),
      path.join(stepDir, 'bolt', 'huge-pages')
    )
    const side = (dir: string) => () =>
      measureShell(project.inputs.benchmark, { cwd: workspace, env: { ...process.env, PATH: pathWithFirst([dir]) } })
    const turns = alternate({ plain: side(dirs.plain), pgo: side(dirs.pgo), bolt: side(dirs.bolt), huge: side(huge) })
    const taken = /\| taken branches \| [^|]+ \| [^|]+ \| ([^|]+) \|/.exec(result.summary)?.[1].trim() ?? '?'
    rows.push(
      `| ${project.name} | ${seconds(median(turns.plain))} | ${seconds(median(turns.pgo))} | ${seconds(median(turns.bolt))} | ${speedup(turns, 'plain', 'pgo')} | ` +
        `${speedup(turns, 'pgo', 'bolt')} | **${speedup(turns, 'plain', 'bolt')}** | ${taken} | ${sizes(dirs.pgo, dirs.bolt, huge)} | ${speedup(turns, 'bolt', 'huge')} |`
    )
    fs.rmSync(job.root, { recursive: true, force: true })
  }
  return [
    '## BOLT on top of PGO',
    '',
    `For each example BOLT applies to (Linux ELF; not Go): the plain, PGO and PGO + BOLT programs from one run of the action with \`bolt: true\`, running the benchmark command of the section above, ${RUNS} runs each in turns after a warm-up. Median CPU times; each speedup is the median of the turns' ratios, with its 95% interval. "Taken branches" is the change llvm-bolt reported in its dyno stats. ` +
      '"Sizes" are the PGO build as linked for BOLT (relocations kept), what the action releases, and the same rewrite with llvm-bolt\'s 2 MiB huge-page alignment (its default, which the action turns off); the last column is that huge-page program\'s speed against the released one (above 1: huge pages faster).',
    '',
    '| Project | Plain | PGO | PGO + BOLT | PGO vs plain | BOLT vs PGO | PGO + BOLT vs plain | Taken branches | Sizes: for BOLT → released (huge pages) | Huge pages vs released |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows
  ].join('\n')
}

/**
 * Each program BOLT rewrote, written again from the same PGO build and
 * BOLT profile with llvm-bolt's huge-page alignment (the flags the action
 * passes, without --no-huge-pages); the directory holding them.
 */
function rewriteWithHugePages(pgoDir: string, profileDir: string, outputDir: string): string {
  fs.mkdirSync(outputDir, { recursive: true })
  const set = readBoltProfileSet(profileDir)
  for (const entry of set?.programs ?? []) {
    if (!entry.profile) continue
    const name = path.basename(entry.displayPath)
    const args = optimizeArgs(
      path.join(pgoDir, name),
      path.join(outputDir, name),
      path.join(profileDir, entry.profile),
      process.arch
    ).filter(arg => arg !== NO_HUGE_PAGES)
    capture(boltCommand(), args)
  }
  return outputDir
}

function boltCommand(): string {
  for (const name of ['llvm-bolt', 'llvm-bolt-22']) {
    try {
      capture(name, ['--version'])
      return name
    } catch {
      // not this one
    }
  }
  throw new Error('bench bolt needs llvm-bolt on PATH')
}

function sizes(...dirs: string[]): string {
  const bytes = dirs.map(dir => fs.readdirSync(dir).reduce((sum, file) => sum + fs.statSync(path.join(dir, file)).size, 0))
  return bytes
    .map(formatBytes)
    .join(' → ')
    .replace(/ → ([^→]+)$/, ' ($1)')
}
