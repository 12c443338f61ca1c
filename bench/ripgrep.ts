// A real command-line tool from crates.io built three ways on the same
// workload: plain release build, this action, and cargo-pgo. The corpus is
// the Go standard library's source, which this machine has, as one file:
// searching one large file measures the regex engine rather than the
// directory walk and the file system, which no profile can speed up.
// Most of ripgrep's matching is SIMD literal search and a DFA, which a
// profile barely changes; printing matches is where its Rust code branches.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob } from '../__tests__/support/runner'
import { runAction } from './lib/action'
import { alternate, capture, measureShell, median, RUNS, seconds, speedup } from './lib/measure'

export const RIPGREP_VERSION = '15.2.0'
const CARGO_PGO_VERSION = '0.3.0'

/**
 * Searches that train the profile, as ripgrep is used: matches printed with
 * line numbers, --vimgrep, -o, counts.
 */
const TRAINING = [
  "rg -n 'err' CORPUS",
  "rg -n -i 'func \\w+\\(' CORPUS",
  "rg -n -w 'return' CORPUS",
  "rg --vimgrep 'fmt\\.' CORPUS",
  "rg -n -o '[A-Z][a-z]+[A-Z]\\w*' CORPUS",
  "rg -c '\\bif \\w+ != nil' CORPUS"
]
/** Searches that measure, unlike the training ones; their output is discarded. */
const BENCHMARK = [
  "rg -n 'Error' CORPUS",
  "rg -n -i 'nil' CORPUS",
  "rg --vimgrep 'func \\(' CORPUS",
  "rg -c -w 'if err != nil' CORPUS",
  "rg -n -i 'unsafe\\.pointer' CORPUS",
  "rg -o '\\b[a-z]+[A-Z]\\w*\\b' CORPUS"
]
  .map(search => `${search} > /dev/null`)
  .join('; ')

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  execFileSync(file, args, { cwd, env, stdio: 'inherit' })
}

function timed(work: () => void): number {
  const started = process.hrtime.bigint()
  work()
  return Number(process.hrtime.bigint() - started) / 1e9
}

/** ripgrep's source, unpacked from its crates.io archive into `dir`. */
function fetchRipgrep(dir: string): string {
  const archive = path.join(dir, `ripgrep-${RIPGREP_VERSION}.crate`)
  run('curl', ['-sSfL', '-o', archive, `https://static.crates.io/crates/ripgrep/ripgrep-${RIPGREP_VERSION}.crate`], dir)
  run('tar', ['-xzf', archive], dir)
  return path.join(dir, `ripgrep-${RIPGREP_VERSION}`)
}

function copyTree(from: string, to: string): string {
  fs.cpSync(from, to, { recursive: true })
  return to
}

export async function benchRipgrep(): Promise<string> {
  const job = createJob('pgo-bench-rg-')
  const corpus = path.join(job.root, 'go-sources.txt')
  const goSources = path.join(capture('go', ['env', 'GOROOT']), 'src')
  run('bash', ['-c', `find ${goSources} -type f -name '*.go' -print0 | sort -z | xargs -0 cat > ${corpus}`], job.root)
  const corpusMiB = (fs.statSync(corpus).size / 2 ** 20).toFixed(0)
  const host = /^host: (.+)$/m.exec(capture('rustc', ['-vV']))![1]
  const source = fetchRipgrep(job.root)
  const withCorpus = (commands: string) => commands.replace(/CORPUS/g, corpus)
  const shellWorkload = TRAINING.map(line => `${withCorpus(line)} > /dev/null`)
  const binaries: Record<string, string> = {}
  const buildSeconds: Record<string, number> = {}
  // Download every dependency once, so no build below is timed with the network in it.
  run('cargo', ['fetch'], source)

  console.log('ripgrep: plain release build')
  const plainDir = copyTree(source, path.join(job.root, 'plain'))
  buildSeconds.plain = timed(() => run('cargo', ['build', '--release', '--quiet', '--target', host], plainDir))
  binaries.plain = path.join(plainDir, 'target', host, 'release', 'rg')

  console.log('ripgrep: pgo-action')
  const actionDir = copyTree(source, path.join(job.root, 'action'))
  const action = await runAction(job, actionDir, { workload: shellWorkload.join('\n'), cache: 'false' })
  buildSeconds.action = action.seconds
  binaries.action = action.result.outputs.binaries

  console.log('ripgrep: cargo-pgo')
  const tools = path.join(job.root, 'cargo-pgo')
  run('cargo', ['install', '--quiet', '--locked', '--root', tools, 'cargo-pgo', '--version', CARGO_PGO_VERSION], job.root)
  const cargoPgoDir = copyTree(source, path.join(job.root, 'cargo-pgo-build'))
  const env = { ...process.env, PATH: `${path.join(tools, 'bin')}:${process.env.PATH}` }
  const instrumented = path.join(cargoPgoDir, 'target', host, 'release', 'rg')
  buildSeconds.cargoPgo = timed(() => {
    run('cargo', ['pgo', 'build'], cargoPgoDir, env)
    for (const line of shellWorkload) run('bash', ['-c', line.replace(/^rg /, `${instrumented} `)], cargoPgoDir, env)
    run('cargo', ['pgo', 'optimize'], cargoPgoDir, env)
  })
  binaries.cargoPgo = instrumented

  console.log(`ripgrep: timing the three programs, ${RUNS} runs each in turns`)
  const bench = (program: string) => () => measureShell(withCorpus(BENCHMARK).replace(/\brg /g, `${program} `), { cwd: job.root })
  const turns = alternate({ plain: bench(binaries.plain), action: bench(binaries.action), cargoPgo: bench(binaries.cargoPgo) })
  fs.rmSync(job.root, { recursive: true, force: true })

  const row = (name: string, key: 'plain' | 'action' | 'cargoPgo') =>
    `| ${name} | ${seconds(buildSeconds[key])} | ${seconds(median(turns[key]))} | ${key === 'plain' ? '' : speedup(turns, 'plain', key)} |`
  return [
    `## A real program: ripgrep ${RIPGREP_VERSION}, three ways`,
    '',
    `ripgrep from crates.io, searching the Go standard library's .go files concatenated into one file (${corpusMiB} MiB). All three builds target the host triple. ` +
      `The PGO builds train on the same ${TRAINING.length} searches; the benchmark is ${BENCHMARK.split(';').length} other searches in one command, ` +
      `${RUNS} runs of each program in turns after a warm-up; median CPU times, and the speedup is the median of the turns' ratios with its 95% interval. "Build" is the wall time from a clean target directory to the optimized program, dependencies already downloaded.` +
      " Most of ripgrep's time goes to SIMD literal search and its DFA, which a profile barely changes, so compare the two PGO builds with each other as much as with the plain one.",
    '',
    '| Build | Build | Benchmark median | Speedup over plain (95% CI) |',
    '|---|--:|--:|--:|',
    row('plain `cargo build --release`', 'plain'),
    row('pgo-action', 'action'),
    row(`cargo-pgo ${CARGO_PGO_VERSION} (build, workload, optimize)`, 'cargoPgo')
  ].join('\n')
}
