// What keeping Go's build cache (GOCACHE) between runs saves, on a real
// module from the Go module proxy: mvdan.cc/sh's shfmt, built by the action from a pinned
// profile, once with an empty GOCACHE (a runner that keeps nothing) and once
// with the GOCACHE that run left (a runner that restores it, as
// actions/setup-go's cache or actions/cache do).
//
// Reproduce: BENCH_ONLY=gocache npm run bench
//   BENCH_GOCACHE_TURNS=N   cold and warm runs in turns (default 6)
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, type Job } from '../__tests__/support/runner'
import { runAction, stageSeconds } from './lib/action'
import { capture, pairedRatio, spread } from './lib/measure'

const TURNS = Number(process.env.BENCH_GOCACHE_TURNS ?? 6)
const MODULE = 'mvdan.cc/sh/v3'
const VERSION = 'v3.14.1'
const BUILD = 'go build -o bin/ ./cmd/shfmt'
const PROFILE_WORKLOAD =
  'go test -run=\'^$\' -bench=. -benchtime=200x -cpuprofile=$PGO_PROFILE_DIR/bench.pprof -o "$RUNNER_TEMP/syntax.test" ./syntax'

/** The module's source from the proxy, copied where a build may write (the module cache is read-only). */
function checkoutModule(job: Job): string {
  const scratch = path.join(job.root, 'fetch')
  fs.mkdirSync(scratch, { recursive: true })
  capture('go', ['mod', 'init', 'fetch'], scratch)
  const { Dir: source } = JSON.parse(capture('go', ['mod', 'download', '-json', `${MODULE}@${VERSION}`], scratch)) as { Dir: string }
  const workspace = path.join(job.root, 'module')
  fs.cpSync(source, workspace, { recursive: true })
  for (const file of fs.readdirSync(workspace, { recursive: true, encoding: 'utf8' })) fs.chmodSync(path.join(workspace, file), 0o755)
  fs.chmodSync(workspace, 0o755)
  return workspace
}

interface Turn {
  cold: number
  warm: number
  coldBuild: number
  warmBuild: number
  coldTools: number
  warmTools: number
}

export async function benchGoCache(): Promise<string> {
  const job = createJob('pgo-bench-gocache-')
  const turns: Turn[] = []
  try {
    const workspace = checkoutModule(job)
    console.log('gocache: making the profile')
    const made = await runAction(job, workspace, { build: BUILD, workload: PROFILE_WORKLOAD, cache: 'false' })
    fs.copyFileSync(made.result.outputs['profile-path'], path.join(workspace, 'pinned.pprof'))
    const inputs = { build: BUILD, profile: 'pinned.pprof', cache: 'false' }
    for (let turn = 0; turn < TURNS; turn++) {
      console.log(`gocache: turn ${turn + 1} of ${TURNS}`)
      const gocache = path.join(job.root, `gocache-${turn}`)
      const cold = await runAction(job, workspace, inputs, undefined, { GOCACHE: gocache })
      const warm = await runAction(job, workspace, inputs, undefined, { GOCACHE: gocache })
      turns.push({
        cold: cold.seconds,
        warm: warm.seconds,
        coldBuild: stageSeconds(cold.result.summary, 'Optimized build'),
        warmBuild: stageSeconds(warm.result.summary, 'Optimized build'),
        coldTools: stageSeconds(cold.result.summary, 'Profile tools'),
        warmTools: stageSeconds(warm.result.summary, 'Profile tools')
      })
      fs.rmSync(gocache, { recursive: true, force: true })
    }
  } finally {
    fs.rmSync(job.root, { recursive: true, force: true })
  }
  const pick = (key: keyof Turn) => turns.map(turn => turn[key])
  return [
    "## Go's build cache between runs",
    '',
    `${MODULE} ${VERSION} from the Go module proxy, built by the action with \`${BUILD}\` from a pinned profile (\`profile\`, made once by the package's benchmarks). ` +
      `Each of ${TURNS} turns runs the step with an empty GOCACHE, then again with the GOCACHE the first run left; the ratios are taken turn by turn: their median, with its 95% interval (or their range, with fewer than 6 turns). ` +
      'A profile is an input of every package it touches, the standard library included, so a build with a new profile, or an empty cache, compiles everything again.',
    '',
    '| What | Wall time, median (range) | Empty GOCACHE over it |',
    '|---|--:|--:|',
    `| Whole step, empty GOCACHE | ${spread(pick('cold'))} | |`,
    `| Whole step, GOCACHE kept | ${spread(pick('warm'))} | ${pairedRatio(pick('cold'), pick('warm'))} |`,
    `| Optimized build stage, empty GOCACHE | ${spread(pick('coldBuild'))} | |`,
    `| Optimized build stage, GOCACHE kept | ${spread(pick('warmBuild'))} | ${pairedRatio(pick('coldBuild'), pick('warmBuild'))} |`,
    `| Profile tools stage (go tool pprof, built on first use), empty GOCACHE | ${spread(pick('coldTools'))} | |`,
    `| Profile tools stage, GOCACHE kept | ${spread(pick('warmTools'))} | |`,
    '',
    'A kept GOCACHE helps only when the profile is the same as when the cache was filled: a pinned `profile-hash`, a committed profile, or a cached profile in `mode: auto`. The action reads the profile from a path named by its hash, so the cached link steps match too.'
  ].join('\n')
}
