// GCC's PGO beside clang's, on the bench's C and C++ projects nobody here
// wrote (bench/real-projects.ts): the same source, workload and benchmark,
// built by the action once with each compiler, one after the other in the
// same run. Each row's plain build is that compiler's own, so a row says
// what PGO gives a project that releases with that compiler; the plain
// columns say how the two compilers' builds compare without a profile.
//
// Reproduce: BENCH_ONLY=gcc npm run bench
import * as fs from 'node:fs'
import { benchmarkFigures, runAction } from './lib/action'
import { capture, ratio, seconds } from './lib/measure'
import { checkoutProject, REAL_PROJECTS, warningNotes, type RealProject } from './real-projects'
import { warningList } from '../__tests__/support/workspace'

const C_PROJECTS = ['Lua 5.4.4', 'zstd 1.5.4', 'gawk 5.2.1', 'ninja 1.11.1']
const COMPILERS = [
  { name: 'clang', inputs: { toolchain: 'clang' } },
  { name: 'GCC', inputs: { toolchain: 'gcc' } }
]

export async function benchGcc(): Promise<string> {
  const rows: string[] = []
  const notes: string[] = []
  for (const project of REAL_PROJECTS.filter(candidate => C_PROJECTS.includes(candidate.name))) {
    for (const compiler of COMPILERS) rows.push(await runWith(project, compiler, notes))
  }
  const gcc = capture('gcc', ['--version']).split('\n')[0]
  const clang = capture('clang-22', ['--version']).split('\n')[0]
  return [
    '## GCC beside clang',
    '',
    `The C and C++ projects above, each built by the action twice in one run: with \`toolchain: clang\` (${clang}) and with \`toolchain: gcc\` (${gcc}), the same workload and benchmark. Each speedup is that compiler's PGO build against that compiler's plain build, the median of the pairs' ratios with its 95% interval; the plain and PGO columns are the benchmark's medians.`,
    '',
    '| Project | Compiler | Plain | PGO | Speedup (95% CI) | Verdict | Time, pairs, method | Profile: functions | Action wall time |',
    '|---|---|--:|--:|--:|---|---|---|--:|',
    ...rows,
    '',
    'As in the table above, a row is one build with one freshly trained profile.',
    '',
    warningNotes(notes)
  ].join('\n')
}

async function runWith(project: RealProject, compiler: (typeof COMPILERS)[number], notes: string[]): Promise<string> {
  console.log(`gcc beside clang: ${project.name}, ${compiler.name}`)
  const { job, workspace } = checkoutProject(project, 'pgo-bench-gcc-')
  try {
    const { result, seconds: took } = await runAction(job, workspace, { ...project.inputs, ...compiler.inputs }, undefined, project.env)
    const figures = benchmarkFigures(result)
    const functions = /\| Merge \| [^|]*functions: ([^|]+?) \|/.exec(result.summary)?.[1] ?? '?'
    warningList(result).forEach(warning => notes.push(`- ${project.name}, ${compiler.name}: ${warning.slice(0, 200)}`))
    return `| ${project.name} | ${compiler.name} | ${figures.plain} | ${figures.optimized} | **${ratio(figures.speedup)}** (${figures.interval}) | ${figures.verdict} | ${figures.how} | ${functions} | ${seconds(took)} |`
  } finally {
    fs.rmSync(job.root, { recursive: true, force: true })
  }
}
