// Projects nobody here wrote, built by the action as their users would set
// it up: C with make (Lua, zstd) and with autoconf (gawk), C++ with CMake
// (ninja), Rust with C through the cc crate (jaq and mimalloc; oxipng and
// libdeflate, with the user's RUSTFLAGS), and Go with two programs
// (go-jsonnet) and with go test benchmarks as the workload (minify).
// Their sources come from Debian's archive, crates.io and the Go module
// proxy, pinned by version and checked by sha256 (Go's by go.sum and its
// checksum database). Each runs the action once with `benchmark` at its
// defaults, so the speedup comes with the action's own interval.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Job, StepResult } from '../__tests__/support/runner'
import { createJob } from '../__tests__/support/runner'
import { warningList } from '../__tests__/support/workspace'
import { sha256 } from '../__tests__/support/tools'
import { benchmarkFigures, runAction } from './lib/action'
import { ratio, seconds } from './lib/measure'

type Source =
  | { kind: 'debian'; pool: string; sha256: string; dir: string }
  | { kind: 'crate'; name: string; version: string; sha256: string }
  | { kind: 'go'; module: string; version: string }
  | { kind: 'pypi'; name: string; version: string; sha256: string }

export interface RealProject {
  name: string
  build: string
  source: Source
  /** Files the project's users would add to their repository: a workload script. */
  files?: Record<string, string>
  inputs: Record<string, string>
  env?: Record<string, string>
  /** Variables a workflow's earlier steps would set up for this job (a Python environment). */
  setup?: (job: Job) => Record<string, string>
}

/** An interpreter workload for Lua: calls, tables, strings and closures. */
const LUA_MIX = `local n = tonumber(arg[1]) or 20
local function fib(k) if k < 2 then return k end return fib(k - 1) + fib(k - 2) end
local t = {}
for i = 1, n * 20000 do t[i] = (i * 7919) % 100003 end
table.sort(t)
local words = {}
for i = 1, n * 5000 do words[#words + 1] = string.format("w%05d", (i * 31) % 9973) end
local counts = {}
for _, w in ipairs(words) do counts[w] = (counts[w] or 0) + 1 end
local hits = 0
for _ in table.concat(words, " "):gmatch("w0%d+") do hits = hits + 1 end
local acc = 0
local function make(k) return function(x) return x * k + 1 end end
for i = 1, n * 20000 do acc = (acc + make(i % 13)(i)) % 1000003 end
print(fib(20 + n // 10), t[1], hits, acc)
`

/** Writes PNG images for oxipng to the directory it is given: gradients and noise, seeded. */
const MAKE_PNGS = `import random, struct, sys, zlib, os
out, count, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.makedirs(out, exist_ok=True)
def chunk(kind, data): return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
random.seed(count * width)
for i in range(count):
    noise = random.randint(0, 40)
    rows = b''.join(b'\\x00' + bytes(v for x in range(width) for v in ((x * (i + 1)) % 256, (y + noise) % 256, ((x ^ y) + random.randint(0, noise)) % 256)) for y in range(height))
    header = struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)
    with open(os.path.join(out, f'img{i}.png'), 'wb') as f:
        f.write(b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(rows, 1)) + chunk(b'IEND', b''))
`

/** Text records for gawk: a number, a name, a value and a group on each line. */
const awkData = (lines: number, file: string) =>
  `[ -f "$RUNNER_TEMP/${file}" ] || seq 1 ${lines} | awk '{ print $1, "name" $1 % 977, ($1 * 7919) % 10007, "k" ($1 % 13) }' > "$RUNNER_TEMP/${file}"`

const jaqData = (rows: number, file: string) =>
  `jaq -n '[range(${rows}) | {id: ., name: "n\\(.)", tags: [., . * 2], nested: {a: (. % 7), b: "x\\(. % 13)"}}]' > "$RUNNER_TEMP/${file}"`

export const REAL_PROJECTS: RealProject[] = [
  {
    name: 'Lua 5.4.4',
    build: 'C, make (its Makefile sets CC itself)',
    source: {
      kind: 'debian',
      pool: 'l/lua5.4/lua5.4_5.4.4.orig.tar.gz',
      sha256: '164c7849653b80ae67bec4b7473b884bf5cc8d2dca05653475ec2ed27b9ebf61',
      dir: 'lua-5.4.4'
    },
    files: { 'work/mix.lua': LUA_MIX },
    inputs: {
      build: 'make CC="$CC -std=gnu99" posix',
      binaries: 'src/lua',
      workload: "lua work/mix.lua 20\nlua -e 'local s=0 for i=1,3e6 do s=s+math.sin(i) end print(s)'",
      benchmark: 'lua work/mix.lua 120'
    }
  },
  {
    name: 'zstd 1.5.4',
    build: 'C, make',
    source: {
      kind: 'debian',
      pool: 'libz/libzstd/libzstd_1.5.4+dfsg2.orig.tar.xz',
      sha256: '8cf4bbb65e77ec348d052c8d6230eba66d435bddf64c8b5be2fcb16880c19953',
      dir: 'zstd-1.5.4'
    },
    inputs: {
      build: 'make -j2 -C programs zstd',
      binaries: 'programs/zstd',
      workload: [
        'tar cf - lib programs tests doc | zstd -3 -T1 -c > "$RUNNER_TEMP/src.zst" && zstd -d -T1 -c "$RUNNER_TEMP/src.zst" > /dev/null',
        'zstd -b1 -e4 -i1 -T1 -q'
      ].join('\n'),
      benchmark: 'tar cf - lib programs tests doc | zstd -5 -T1 -c | zstd -d -T1 -c > /dev/null'
    }
  },
  {
    name: 'gawk 5.2.1',
    build: 'C, autoconf and make',
    source: {
      kind: 'debian',
      pool: 'g/gawk/gawk_5.2.1.orig.tar.xz',
      sha256: '2337a0283b180ec1b9c727973a34781c6478b3ae9bcbdcca0a4dc49861d75a65',
      dir: 'gawk-5.2.1'
    },
    inputs: {
      // Debian's source leaves out the manual's sources, so make builds the support library and the program, not `all`.
      build: './configure --quiet && make -j2 -C support && make -j2 gawk',
      binaries: 'gawk',
      workload: [
        `${awkData(400000, 'small.txt')} && gawk '{ s[$4] += $3; n[$2]++ } END { for (k in s) print k, s[k]; print length(n) }' "$RUNNER_TEMP/small.txt"`,
        `gawk '$3 % 7 == 0 { printf "%s-%d\\n", toupper($2), $1 * 2 }' "$RUNNER_TEMP/small.txt" | gawk '{ gsub(/[0-9]+/, "#"); c[$0]++ } END { print length(c) }'`
      ].join('\n'),
      benchmark: `${awkData(1500000, 'big.txt')}; gawk '{ a[$2] = a[$2] " " substr($4, 2); t += length($0) } END { n = 0; for (k in a) n += split(a[k], parts, " "); print n, t }' "$RUNNER_TEMP/big.txt" > /dev/null`
    }
  },
  {
    name: 'ninja 1.11.1',
    build: 'C++, CMake',
    source: {
      kind: 'debian',
      pool: 'n/ninja-build/ninja-build_1.11.1.orig.tar.gz',
      sha256: '31747ae633213f1eda3842686f83c2aa1412e0f5691d1c14dbbcc67fe7400cea',
      dir: 'ninja-1.11.1'
    },
    inputs: {
      build: 'cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF && cmake --build build --target ninja -j2',
      binaries: 'build/ninja',
      workload: [
        'python3 misc/write_fake_manifests.py -t 300 "$RUNNER_TEMP/fake" > /dev/null && ninja -C "$RUNNER_TEMP/fake" -t commands all > /dev/null',
        'ninja -C "$RUNNER_TEMP/fake" -t compdb > /dev/null && ninja -C "$RUNNER_TEMP/fake" -t targets all > /dev/null'
      ].join('\n'),
      benchmark:
        '[ -d "$RUNNER_TEMP/bench" ] || python3 misc/write_fake_manifests.py -t 600 "$RUNNER_TEMP/bench" > /dev/null; ' +
        'for i in 1 2 3; do ninja -C "$RUNNER_TEMP/bench" -t commands all; done > /dev/null'
    }
  },
  {
    name: 'jaq 2.3.0',
    build: "Rust; mimalloc's C through the cc crate, with CC=clang-22",
    source: { kind: 'crate', name: 'jaq', version: '2.3.0', sha256: '39a7f4f0fd783acbb5c9db103f7f68484b933cfb8fe0aefc65f8f395ea6cbeb3' },
    env: { CC: 'clang-22' },
    inputs: {
      workload: [
        `${jaqData(150000, 'data.json')} && jaq '[.[] | select(.id % 3 == 0) | .name] | length' "$RUNNER_TEMP/data.json"`,
        `jaq 'map(.tags | add) | add' "$RUNNER_TEMP/data.json"`,
        `jaq 'group_by(.nested.a) | map({k: .[0].nested.a, n: length, s: (map(.id) | add)})' "$RUNNER_TEMP/data.json" > /dev/null`
      ].join('\n'),
      benchmark: `[ -f "$RUNNER_TEMP/bench.json" ] || ${jaqData(300000, 'bench.json')}; jaq -c 'group_by(.nested.b) | map({k: .[0].nested.b, s: (map(.tags[1]) | add)})' "$RUNNER_TEMP/bench.json" > /dev/null`
    }
  },
  {
    name: 'oxipng 9.1.5',
    build: "Rust; libdeflate's C through the cc crate (gcc, so not profiled); the project's .cargo/config.toml, and RUSTFLAGS",
    source: { kind: 'crate', name: 'oxipng', version: '9.1.5', sha256: '26c613f0f566526a647c7473f6a8556dbce22c91b13485ee4b4ec7ab648e4973' },
    files: { 'work/make-pngs.py': MAKE_PNGS },
    env: { RUSTFLAGS: '-C target-cpu=x86-64-v2' },
    inputs: {
      workload:
        '[ -d "$RUNNER_TEMP/small" ] || python3 work/make-pngs.py "$RUNNER_TEMP/small" 6 400 300; oxipng -o 3 -t 1 --dir "$RUNNER_TEMP/small-out" "$RUNNER_TEMP"/small/*.png',
      benchmark:
        '[ -d "$RUNNER_TEMP/big" ] || python3 work/make-pngs.py "$RUNNER_TEMP/big" 3 700 500; oxipng -o 4 -t 1 --dir "$RUNNER_TEMP/big-out" "$RUNNER_TEMP"/big/*.png'
    }
  },
  {
    name: 'go-jsonnet v0.22.0',
    build: 'Go, two programs, -trimpath, default-pgo',
    source: { kind: 'go', module: 'github.com/google/go-jsonnet', version: 'v0.22.0' },
    inputs: {
      build: 'go build -trimpath -o bin/ ./cmd/jsonnet ./cmd/jsonnetfmt',
      // jsonnet writes a CPU profile where JSONNET_CPU_PROFILE says, and a heap profile where JSONNET_MEM_PROFILE says.
      workload: [
        'JSONNET_CPU_PROFILE=$PGO_PROFILE_DIR/comparison.pprof jsonnet builtin-benchmarks/comparison.jsonnet > /dev/null',
        'for f in reverse base64DecodeBytes stripChars member manifestJsonEx; do JSONNET_CPU_PROFILE=$PGO_PROFILE_DIR/$f.pprof jsonnet builtin-benchmarks/$f.jsonnet > /dev/null; done',
        'JSONNET_CPU_PROFILE=$PGO_PROFILE_DIR/foldl.pprof JSONNET_MEM_PROFILE=$PGO_PROFILE_DIR/foldl-heap.pprof jsonnet builtin-benchmarks/foldl.jsonnet > /dev/null'
      ].join('\n'),
      'workload-jobs': '2',
      'default-pgo': 'true',
      benchmark:
        'for f in reverse base64DecodeBytes stripChars comparison member; do jsonnet builtin-benchmarks/$f.jsonnet; done > /dev/null'
    }
  },
  {
    name: 'minify v2.24.25',
    build: 'Go, its go test benchmarks as the workload, -trimpath',
    source: { kind: 'go', module: 'github.com/tdewolff/minify/v2', version: 'v2.24.25' },
    inputs: {
      build: 'go build -trimpath -o bin/minify ./cmd/minify',
      binaries: 'bin/minify',
      // go test keeps the test binary it profiled; -o puts it outside the checkout.
      workload:
        'go test -run \'^$\' -bench \'JS|CSS|HTML\' -benchtime 3x -o "$RUNNER_TEMP/bench.test" -cpuprofile "$PGO_PROFILE_DIR/bench.pprof" ./_benchmarks',
      benchmark:
        'mkdir -p "$RUNNER_TEMP/min" && minify -o "$RUNNER_TEMP/min/" _benchmarks/sample_typescript.js _benchmarks/sample_antd.js ' +
        '_benchmarks/sample_es6.html _benchmarks/sample_bootstrap.css _benchmarks/sample_amazon.html'
    }
  }
]

const DOWNLOADS = path.join(os.tmpdir(), 'pgo-bench-sources')

function download(url: string, file: string, expected: string): string {
  const target = path.join(DOWNLOADS, file)
  if (!fs.existsSync(target) || sha256(target) !== expected) {
    fs.mkdirSync(DOWNLOADS, { recursive: true })
    execFileSync('curl', ['-sSfL', '-o', target, url], { stdio: 'inherit' })
  }
  const actual = sha256(target)
  if (actual !== expected) throw new Error(`${url} has sha256 ${actual}, not the pinned ${expected}`)
  return target
}

/** The Go standard library's sources as one file, a corpus every machine with Go has. */
const CORPUS =
  '[ -f "$RUNNER_TEMP/corpus.go" ] || find "$(go env GOROOT)/src" -type f -name "*.go" -print0 | sort -z | xargs -0 cat > "$RUNNER_TEMP/corpus.go"'

/** ripgrep, outside REAL_PROJECTS: the LTO table and the swapped comparison use it. */
export const RIPGREP: RealProject = {
  name: 'ripgrep 15.2.0',
  build: 'Rust; its release profile (debug = 1)',
  source: {
    kind: 'crate',
    name: 'ripgrep',
    version: '15.2.0',
    sha256: 'a30750b6d0743bfdd2656ebbaf4555aa278c43144b84bc389bcbfa399485ec71'
  },
  inputs: {
    workload: [
      `${CORPUS}; rg -n 'err' "$RUNNER_TEMP/corpus.go" > /dev/null`,
      `rg -n -i 'func \\w+\\(' "$RUNNER_TEMP/corpus.go" > /dev/null`,
      `rg --vimgrep 'fmt\\.' "$RUNNER_TEMP/corpus.go" > /dev/null`,
      `rg -n -o '[A-Z][a-z]+[A-Z]\\w*' "$RUNNER_TEMP/corpus.go" > /dev/null`
    ].join('\n'),
    benchmark: `${CORPUS}; rg -n 'Error' "$RUNNER_TEMP/corpus.go" > /dev/null; rg --vimgrep 'func \\(' "$RUNNER_TEMP/corpus.go" > /dev/null; rg -o '\\b[a-z]+[A-Z]\\w*\\b' "$RUNNER_TEMP/corpus.go" > /dev/null`
  }
}

export function fromRealProjects(prefix: string): RealProject {
  const project = REAL_PROJECTS.find(candidate => candidate.name.startsWith(prefix))
  if (!project) throw new Error(`bench/real-projects.ts has no ${prefix}`)
  return project
}

/** A source distribution from PyPI, through pip (the index serves no JSON here), checked against its pinned sha256. */
function downloadSdist(name: string, version: string, expected: string): string {
  const target = path.join(DOWNLOADS, `${name}-${version}.tar.gz`)
  if (!fs.existsSync(target)) {
    fs.mkdirSync(DOWNLOADS, { recursive: true })
    execFileSync(
      'python3',
      ['-m', 'pip', 'download', '--quiet', '--no-deps', '--no-binary', ':all:', `${name}==${version}`, '-d', DOWNLOADS],
      { stdio: 'inherit' }
    )
  }
  const actual = sha256(target)
  if (actual !== expected) throw new Error(`${name} ${version} from PyPI has sha256 ${actual}, not the pinned ${expected}`)
  return target
}

/** The project's source, unpacked as a fresh checkout at `checkout`. */
function fetchSource(source: Source, checkout: string): void {
  const unpackInto = (archive: string, dir: string) => {
    const scratch = fs.mkdtempSync(path.join(path.dirname(checkout), 'unpack-'))
    execFileSync('tar', ['-xf', archive, '-C', scratch])
    fs.renameSync(path.join(scratch, dir), checkout)
    fs.rmSync(scratch, { recursive: true, force: true })
  }
  if (source.kind === 'debian') {
    unpackInto(download(`http://deb.debian.org/debian/pool/main/${source.pool}`, path.basename(source.pool), source.sha256), source.dir)
  } else if (source.kind === 'crate') {
    const file = `${source.name}-${source.version}.crate`
    unpackInto(download(`https://static.crates.io/crates/${source.name}/${file}`, file, source.sha256), `${source.name}-${source.version}`)
  } else if (source.kind === 'pypi') {
    unpackInto(downloadSdist(source.name, source.version, source.sha256), `${source.name}-${source.version}`)
  } else {
    const { Dir } = JSON.parse(
      execFileSync('go', ['mod', 'download', '-json', `${source.module}@${source.version}`], { encoding: 'utf8' })
    ) as { Dir: string }
    fs.cpSync(Dir, checkout, { recursive: true })
    execFileSync('chmod', ['-R', 'u+w', checkout])
  }
}

/** A fresh checkout of the project in a job of its own: its pinned source and the files its users would add. */
export function checkoutProject(project: RealProject, prefix: string): { job: Job; workspace: string } {
  const job = createJob(prefix)
  const workspace = path.join(job.root, 'workspace')
  fetchSource(project.source, workspace)
  for (const [file, text] of Object.entries(project.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true })
    fs.writeFileSync(path.join(workspace, file), text)
  }
  return { job, workspace }
}

/** The step's warnings, each on one line and shortened, for the notes under the table. */
function warningsOf(result: StepResult): string[] {
  return warningList(result)
    .map(warning => warning.replace(/\s+/g, ' '))
    .map(text => (text.length > 200 ? `${text.slice(0, 200)}…` : text))
}

export async function benchRealProjects(): Promise<string> {
  const { rows, notes } = await runProjects(REAL_PROJECTS)
  return [
    '## Projects nobody here wrote',
    '',
    "Each project's pinned source (Debian's archive, crates.io, the Go module proxy), set up as its users would and built once by the action with `benchmark` at its defaults (`benchmark-runs: auto`, a 120 s budget). The speedup is the median of the pairs' ratios with its 95% interval; the inputs are in `bench/real-projects.ts`.",
    '',
    ...projectTable(rows),
    '',
    'A row is one build with one freshly trained profile. Another run trains another profile and lays out the code anew, so a project near 1.00× (zstd) can come out just faster in one run and just slower in the next: the interval covers the two programs measured, not the spread between builds (see profile stability in docs/benchmark.md).',
    '',
    warningNotes(notes)
  ].join('\n')
}

export function projectTable(rows: string[]): string[] {
  return [
    '| Project | Build | Speedup (95% CI) | Verdict | Time, pairs, method | Profile: functions | Action wall time |',
    '|---|---|--:|---|---|---|--:|',
    ...rows
  ]
}

export function warningNotes(notes: string[]): string {
  return notes.length > 0 ? `The action's warnings:\n\n${notes.join('\n')}` : 'The action gave no warnings.'
}

/** Runs the action once on each project, fetched fresh: a table row each, and its warnings. */
export async function runProjects(projects: RealProject[]): Promise<{ rows: string[]; notes: string[]; sides: string[] }> {
  const rows: string[] = []
  const notes: string[] = []
  const sides: string[] = []
  for (const project of projects) {
    console.log(`real projects: ${project.name}`)
    const { job, workspace } = checkoutProject(project, 'pgo-bench-real-')
    const env = { ...project.env, ...project.setup?.(job) }
    const { result, seconds: took } = await runAction(job, workspace, project.inputs, undefined, env)
    const figures = benchmarkFigures(result)
    const functions = /\| Merge \| [^|]*functions: ([^|]+?) \|/.exec(result.summary)?.[1] ?? '?'
    rows.push(
      `| ${project.name} | ${project.build} | **${ratio(figures.speedup)}** (${figures.interval}) | ${figures.verdict} | ${figures.how} | ${functions} | ${seconds(took)} |`
    )
    warningsOf(result).forEach(warning => notes.push(`- ${project.name}: ${warning}`))
    const told = /^- Each side its own build: (.+)$/m.exec(result.summary)?.[1]
    if (told) sides.push(`- ${project.name}: ${told}`)
    fs.rmSync(job.root, { recursive: true, force: true })
  }
  return { rows, notes, sides }
}
