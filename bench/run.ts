// The bench: measures, in one run, what pgo-action buys and what it costs,
// and writes bench/RESULTS.md.
//
// Reproduce: npm run bench
//   BENCH_RUNS=N           runs of each side in timed comparisons (default 10)
//   BENCH_OVERHEAD_RUNS=N  turns of the overhead comparison (default 3)
//   BENCH_ONLY=a,b         only these sections: examples, fresh, bolt, ripgrep, overhead, startup, output, method
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { REPO_ROOT } from '../__tests__/support/runner'
import { benchBolt } from './bolt'
import { benchExampleProfiles } from './example-profiles'
import { benchExamples } from './examples'
import { capture } from './lib/measure'
import { benchMethod } from './method'
import { benchOutput } from './output'
import { benchOverhead } from './overhead'
import { benchRipgrep } from './ripgrep'
import { benchStartup } from './startup'

const SECTIONS: Record<string, () => Promise<string>> = {
  examples: benchExamples,
  fresh: benchExampleProfiles,
  bolt: benchBolt,
  ripgrep: benchRipgrep,
  overhead: benchOverhead,
  startup: benchStartup,
  output: benchOutput,
  method: benchMethod
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  const versions = [capture('rustc', ['--version']), capture('go', ['version']), capture('clang-22', ['--version']).split('\n')[0], `node ${process.version}`]
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}; ${versions.join('; ')}`
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map(name => name.trim())
  const chosen = Object.keys(SECTIONS).filter(name => !only || only.includes(name))
  const started = Date.now()
  const parts: string[] = []
  for (const name of chosen) {
    console.log(`\n=== ${name}`)
    parts.push(await SECTIONS[name]())
  }
  const minutes = ((Date.now() - started) / 60000).toFixed(1)
  const document = [
    '# Bench results',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} in one run of \`npm run bench\`${only ? ` (BENCH_ONLY=${only.join(',')})` : ''}, which took ${minutes} min.`,
    '',
    `Machine: ${machine()}.`,
    '',
    ...parts.flatMap(part => [part, ''])
  ].join('\n')
  const target = path.join(REPO_ROOT, 'bench', 'RESULTS.md')
  fs.writeFileSync(target, document)
  console.log(`\n${document}\nWritten to ${path.relative(REPO_ROOT, target)}.`)
}

main().catch(error => {
  console.error(error)
  process.exitCode = 1
})
