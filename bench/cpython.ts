// The action's GCC PGO against CPython's own, the most widely run GCC PGO
// pipeline there is (./configure --enable-optimizations: every Linux
// distribution's Python goes through it). CPython 3.11.2 from Debian's
// archive is built three ways in one run, all with the system gcc:
//   plain:     ./configure && make
//   CPython's: ./configure --enable-optimizations && make, which builds
//              with -fprofile-generate, runs PROFILE_TASK, and builds again
//              with -fprofile-use -fprofile-correction
//   pgo-action: toolchain gcc on ./configure && make, with PROFILE_TASK as
//              its workload, as CPython's Makefile runs it
// and the three pythons are timed in turns on bench/cpython/kernels.py, a
// few pyperformance-style kernels that are not in the training task.
//
// Reproduce: BENCH_ONLY=cpython npm run bench
//   BENCH_CPYTHON_TASK='-m test --pgo test_json'  a shorter training task (default CPython's own)
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createJob, REPO_ROOT } from '../__tests__/support/runner'
import { runAction } from './lib/action'
import { alternate, capture, measureShell, median, RUNS, seconds, speedup, timed } from './lib/measure'

const SOURCE = {
  url: 'http://deb.debian.org/debian/pool/main/p/python3.11/python3.11_3.11.2.orig.tar.gz',
  sha256: '2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849',
  dir: 'Python-3.11.2'
}
/** CPython's own training task (configure.ac's PROFILE_TASK, TESTTIMEOUT 1200). */
const TASK = process.env.BENCH_CPYTHON_TASK ?? '-m test --pgo --timeout=1200'
const KERNELS = path.join(REPO_ROOT, 'bench', 'cpython', 'kernels.py')
const SCALE = '3'

function run(command: string, cwd: string): void {
  execFileSync('bash', ['-c', command], { cwd, stdio: 'inherit' })
}

function fetchSource(dir: string): string {
  const archive = path.join(dir, path.basename(SOURCE.url))
  run(`curl -sSfL -o '${archive}' '${SOURCE.url}'`, dir)
  const sha256 = capture('sha256sum', [archive]).split(' ')[0]
  if (sha256 !== SOURCE.sha256) throw new Error(`${SOURCE.url} has sha256 ${sha256}, not ${SOURCE.sha256}`)
  run(`tar -xzf '${archive}'`, dir)
  return path.join(dir, SOURCE.dir)
}

export async function benchCpython(): Promise<string> {
  const job = createJob('pgo-bench-cpython-')
  const source = fetchSource(job.root)
  const copy = (name: string) => {
    fs.cpSync(source, path.join(job.root, name), { recursive: true })
    return path.join(job.root, name)
  }
  const pythons: Record<'plain' | 'cpython' | 'action', string> = { plain: '', cpython: '', action: '' }
  const buildSeconds: Record<string, number> = {}

  console.log('cpython: plain ./configure && make')
  const plainDir = copy('plain')
  buildSeconds.plain = timed(() => run('./configure --quiet && make -j2 --quiet', plainDir))
  pythons.plain = path.join(plainDir, 'python')

  console.log("cpython: CPython's own --enable-optimizations")
  const ownDir = copy('own')
  buildSeconds.cpython = timed(() => run(`./configure --quiet --enable-optimizations && make -j2 --quiet PROFILE_TASK='${TASK}'`, ownDir))
  pythons.cpython = path.join(ownDir, 'python')

  console.log('cpython: pgo-action, toolchain gcc')
  const actionDir = copy('action')
  const action = await runAction(job, actionDir, {
    toolchain: 'gcc',
    build: './configure --quiet && make -j2 --quiet',
    binaries: 'python',
    workload: `./python ${TASK} > "$RUNNER_TEMP/profile-task.log" 2>&1 || true`,
    cache: 'false'
  })
  buildSeconds.action = action.seconds
  pythons.action = action.result.outputs.binaries
  const merged = /\| Merge \| [^|]*functions: ([^|]+?) \|/.exec(action.result.summary)?.[1] ?? '?'
  const fit = /\| Optimized build \| ([^|]+?) \|/.exec(action.result.summary)?.[1] ?? '?'

  const outputs = Object.values(pythons).map(python => capture(python, [KERNELS, '1']))
  if (new Set(outputs).size !== 1) throw new Error(`the three pythons print different results:\n${outputs.join('')}`)
  console.log(`cpython: timing the three pythons, ${RUNS} runs each in turns`)
  const bench = (python: string) => () => measureShell(`'${python}' '${KERNELS}' ${SCALE} > /dev/null`, { cwd: job.root })
  const turns = alternate({ plain: bench(pythons.plain), cpython: bench(pythons.cpython), action: bench(pythons.action) })
  const gcc = capture('gcc', ['--version']).split('\n')[0]
  fs.rmSync(job.root, { recursive: true, force: true })

  const row = (name: string, key: keyof typeof pythons) =>
    `| ${name} | ${seconds(buildSeconds[key])} | ${seconds(median(turns[key]))} | ${key === 'plain' ? '' : speedup(turns, 'plain', key)} |`
  return [
    "## CPython 3.11.2: the action's GCC PGO against CPython's own",
    '',
    `CPython from Debian's archive (\`${path.basename(SOURCE.url)}\`), built with ${gcc}. ` +
      `Both PGO builds train on the same task, \`python ${TASK}\` (CPython's own PROFILE_TASK), and are timed against the plain build on \`bench/cpython/kernels.py ${SCALE}\` ` +
      `(n-body, fannkuch, objects, dicts and strings, json, regular expressions, generators: none of them the training task), ${RUNS} runs of each python in turns after a warm-up; ` +
      'median CPU times, and the speedup is the median of the turns\' ratios with its 95% interval. "Build" is the wall time from an unpacked source to the python, the training task included. ' +
      "CPython's build also adds `-fno-semantic-interposition`, which changes nothing for a python linked statically, as these are, and reads its counts with `-fprofile-correction`; the action's are exact (`-fprofile-update=prefer-atomic`).",
    '',
    '| Build | Build time | Benchmark median | Speedup over plain (95% CI) |',
    '|---|--:|--:|--:|',
    row('plain `./configure && make`', 'plain'),
    row("CPython's own `--enable-optimizations`", 'cpython'),
    row('pgo-action, `toolchain: gcc`', 'action'),
    '',
    `The action's against CPython's own: ${speedup(turns, 'cpython', 'action')}. The action's profile: of its functions, ${merged}; its optimized build: ${fit}.`
  ].join('\n')
}
