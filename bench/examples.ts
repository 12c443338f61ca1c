// Every example project: the action's own benchmark (plain build against the
// PGO build, in turns) on inputs several times larger than the workloads.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { exampleStepInputs } from '../__tests__/support/example-workflow'
import { createJob, REPO_ROOT } from '../__tests__/support/runner'
import { benchmarkFigures, runAction } from './lib/action'
import { ratio, seconds } from './lib/measure'

interface Project {
  name: string
  /** Directory copied as the checkout, relative to the repository. */
  source: string
  inputs: Record<string, string>
}

const FIXTURES = '__tests__/fixtures'

export const PROJECTS: Project[] = [
  {
    name: 'rowq, Rust (example/)',
    source: 'example',
    inputs: { ...exampleStepInputs(), 'working-directory': '.' }
  },
  {
    name: 'textstat, C with make',
    source: `${FIXTURES}/c-make`,
    inputs: { build: 'make', binaries: 'textstat', workload: 'textstat 600', benchmark: 'textstat 6000' }
  },
  {
    name: 'shapes, C++ with CMake',
    source: `${FIXTURES}/cpp-cmake`,
    inputs: {
      build: 'cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build',
      binaries: 'build/shapes',
      workload: 'shapes 2500',
      benchmark: 'shapes 25000'
    }
  },
  {
    name: 'shapes, Go',
    source: `${FIXTURES}/go-shapes`,
    inputs: {
      workload: [
        "go test -run='^$' -bench=. -benchtime=20000x -cpuprofile=$PGO_PROFILE_DIR/bench.pprof ./geometry",
        'shapes -rounds 4000 -cpuprofile $PGO_PROFILE_DIR/run.pprof'
      ].join('\n'),
      benchmark: 'shapes -rounds 40000'
    }
  }
]

export async function benchExamples(): Promise<string> {
  const rows: string[] = []
  for (const project of PROJECTS) {
    const job = createJob('pgo-bench-example-')
    const workspace = path.join(job.root, 'workspace')
    fs.cpSync(path.join(REPO_ROOT, project.source), workspace, {
      recursive: true,
      filter: source => !/[/\\](target|build|bin)$/.test(source)
    })
    console.log(`examples: ${project.name}`)
    const { result, seconds: took } = await runAction(job, workspace, project.inputs)
    const figures = benchmarkFigures(result)
    rows.push(
      `| ${project.name} | ${figures.plain} | ${figures.optimized} | **${ratio(figures.speedup)}** (${figures.interval}) | ${figures.verdict} | ${figures.how} | ${seconds(took)} |`
    )
    fs.rmSync(job.root, { recursive: true, force: true })
  }
  return [
    '## The examples: PGO build against plain build',
    '',
    "Each project built by the action with `benchmark` set and the benchmark inputs at their defaults (`benchmark-runs: auto`, a 120 s budget): the plain build and the PGO build run the benchmark command in pairs, on inputs larger than the training workloads. Plain and PGO are median times; the speedup is the median of the pairs' ratios, with its 95% interval.",
    '',
    '| Project | Plain | PGO | Speedup (95% CI) | Verdict | Time, pairs, method | Action wall time |',
    '|---|--:|--:|--:|---|---|--:|',
    ...rows
  ].join('\n')
}
