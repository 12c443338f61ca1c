// The bench: measures what pgo-action buys and what it costs, and writes
// bench/RESULTS.md. Each section there says when it was measured and by
// which command; a run of some sections replaces only theirs.
//
// Reproduce: npm run bench
//   BENCH_RUNS=N           turns of each timed comparison (default 15)
//   BENCH_OVERHEAD_RUNS=N  turns of the overhead comparison (default 3)
//   BENCH_SHARD_TURNS=N    turns of the shards and workload-jobs comparison (default 6)
//   BENCH_GOCACHE_TURNS=N  turns of the GOCACHE comparison (default 6)
//   BENCH_LTO_BUDGET=S     each benchmark's budget in the lto section (default 60)
//   BENCH_PERF_RUNS=N      perf runs of each program in the swapped section (default 5)
//   BENCH_ONLY=a,b         only these sections: examples, fresh, bolt, overhead, startup, output, method, shards, gocache, real, libraries, lto, swapped, zstd-parts, gcc, cpython
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { REPO_ROOT } from '../__tests__/support/runner'
import { benchBolt } from './bolt'
import { benchLto } from './lto'
import { benchCpython } from './cpython'
import { benchExampleProfiles } from './example-profiles'
import { benchExamples } from './examples'
import { benchGcc } from './gcc'
import { benchGoCache } from './gocache'
import { capture } from './lib/measure'
import { benchMethod } from './method'
import { benchOutput } from './output'
import { benchOverhead } from './overhead'
import { benchRealLibraries } from './real-libraries'
import { benchRealProjects } from './real-projects'
import { benchShards } from './shards'
import { benchStartup } from './startup'
import { benchSwapped } from './swapped'
import { benchZstdParts } from './zstd-parts'

const SECTIONS: Record<string, () => Promise<string>> = {
  examples: benchExamples,
  fresh: benchExampleProfiles,
  bolt: benchBolt,
  overhead: benchOverhead,
  startup: benchStartup,
  output: benchOutput,
  method: benchMethod,
  shards: benchShards,
  gocache: benchGoCache,
  real: benchRealProjects,
  libraries: benchRealLibraries,
  lto: benchLto,
  swapped: benchSwapped,
  'zstd-parts': benchZstdParts,
  gcc: benchGcc,
  cpython: benchCpython
}

const begins = (name: string) => `<!-- bench:${name} -->`
const ends = (name: string) => `<!-- /bench:${name} -->`

/** The sections RESULTS.md already holds, by name, each with its markers. */
function sectionsIn(document: string): Record<string, string> {
  const found: Record<string, string> = {}
  for (const name of Object.keys(SECTIONS)) {
    const start = document.indexOf(begins(name))
    const end = document.indexOf(ends(name))
    if (start >= 0 && end > start) found[name] = document.slice(start, end + ends(name).length)
  }
  return found
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  const versions = [
    capture('rustc', ['--version']),
    capture('go', ['version']),
    capture('clang-22', ['--version']).split('\n')[0],
    `node ${process.version}`
  ]
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}; ${versions.join('; ')}`
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map(name => name.trim())
  const unknown = only?.filter(name => !(name in SECTIONS)) ?? []
  if (unknown.length > 0)
    throw new Error(`BENCH_ONLY names no section ${unknown.join(', ')}: the sections are ${Object.keys(SECTIONS).join(', ')}`)
  const target = path.join(REPO_ROOT, 'bench', 'RESULTS.md')
  const sections = fs.existsSync(target) ? sectionsIn(fs.readFileSync(target, 'utf8')) : {}
  // The BENCH_* settings of this run, so that each section's command reproduces it.
  const settings = Object.keys(process.env)
    .filter(name => name.startsWith('BENCH_') && name !== 'BENCH_ONLY')
    .sort()
    .map(name => `${name}=${process.env[name]}`)
  const command = [...settings, ...(only ? [`BENCH_ONLY=${only.join(',')}`] : []), 'npm run bench'].join(' ')
  for (const name of Object.keys(SECTIONS).filter(section => !only || only.includes(section))) {
    console.log(`\n=== ${name}`)
    const started = Date.now()
    const part = await SECTIONS[name]()
    const minutes = ((Date.now() - started) / 60000).toFixed(1)
    const measured = `<sub>Measured ${new Date().toISOString().slice(0, 10)} by \`${command}\` (this section: ${minutes} min) on ${machine()}.</sub>`
    sections[name] = [begins(name), part, '', measured, ends(name)].join('\n')
  }
  const document = [
    '# Bench results',
    '',
    'Each section says when it was measured, by which command, and on what machine. Reproduce one with `BENCH_ONLY=<section> npm run bench`, or all with `npm run bench`.',
    '',
    ...Object.keys(SECTIONS)
      .filter(name => sections[name])
      .flatMap(name => [sections[name], ''])
  ].join('\n')
  fs.writeFileSync(target, document)
  console.log(`\n${document}\nWritten to ${path.relative(REPO_ROOT, target)}.`)
}

main().catch(error => {
  console.error(error)
  process.exitCode = 1
})
