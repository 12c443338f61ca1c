// Libraries nobody here wrote, built by the action as their users would
// set it up: a C project that builds shared libraries beside its tool
// (brotli, CMake, clang), and a PyO3 extension module built as a wheel by
// maturin and trained by Python (jiter, whose pyproject.toml names its own
// PGO command). Sources from Debian's archive and PyPI, pinned by sha256.
import { pythonEnvironment } from '../__tests__/support/python-env'
import { projectTable, runProjects, warningNotes, type RealProject } from './real-projects'

// Outside the checkout: a clang build starts from the tree as the action found it, without what the workloads wrote there.
const BROTLI_INPUT = '"$RUNNER_TEMP/brotli-input.txt"'
/** The input brotli compresses: the project's own C sources and docs, six times over. */
const brotliInput = `[ -f ${BROTLI_INPUT} ] || for i in 1 2 3 4 5 6; do cat c/*/*.c c/*/*.h docs/*; done > ${BROTLI_INPUT}`
const brotliRoundTrip = (level: number, tag: string) =>
  `brotli -c -q ${level} ${BROTLI_INPUT} > "$RUNNER_TEMP/${tag}.br" && brotli -d -c "$RUNNER_TEMP/${tag}.br" > /dev/null`

/** Parses the JSON documents jiter's own benchmarks use, over and over, in one Python process. */
const JITER_PARSE =
  'python -c "import jiter, pathlib; docs = [p.read_bytes() for p in pathlib.Path(\\"crates/jiter/benches\\").glob(\\"*.json\\")]; [jiter.from_json(d) for _ in range(3000) for d in docs]"'

export const REAL_LIBRARIES: RealProject[] = [
  {
    name: 'brotli 1.0.9',
    build: 'C, CMake, clang; three shared libraries beside the tool, which links their code statically',
    source: {
      kind: 'debian',
      pool: 'b/brotli/brotli_1.0.9.orig.tar.gz',
      sha256: 'f9e8d81d0405ba66d181529af42a3354f838c939095ff99930da6aa9cdf6fe46',
      dir: 'brotli-1.0.9'
    },
    env: { CC: 'clang-22', CXX: 'clang++-22' },
    inputs: {
      build: 'cmake -S . -B out -DCMAKE_BUILD_TYPE=Release && cmake --build out -j2',
      binaries: 'out/brotli\nout/libbrotli*.so.1.0.9',
      workload: `${brotliInput}; ${brotliRoundTrip(9, 'train')}\n${brotliRoundTrip(5, 'train5')}`,
      benchmark: `${brotliInput}; ${brotliRoundTrip(9, 'bench-$PGO_BENCHMARK_SIDE')}`
    }
  },
  {
    name: 'jiter 0.19.0',
    build: 'Rust, PyO3 wheel by maturin 1.16.0; trained by its own bench.py (its pyproject.toml pgo-command)',
    source: { kind: 'pypi', name: 'jiter', version: '0.19.0', sha256: 'ba3064f8be276d7cfb83c2fb85c858be533da2c2f80f9b048c3781b45a57a195' },
    setup: pythonEnvironment,
    inputs: {
      build: 'maturin build --release --out dist',
      workload: 'pip install --quiet --force-reinstall $PGO_WHEELS && python crates/jiter-python/bench.py jiter jiter-cache',
      benchmark: JITER_PARSE
    }
  }
]

export async function benchRealLibraries(): Promise<string> {
  const { rows, notes, sides } = await runProjects(REAL_LIBRARIES)
  return [
    '## Libraries nobody here wrote',
    '',
    "Shared libraries and a Python extension module, from pinned sources (Debian's archive, PyPI), set up as their users would and built once by the action with `benchmark` at its defaults. Each benchmark side runs its own build: the summary says how the action knows (the dynamic loader's record of the warm-up runs), or what it does not measure. The inputs are in `bench/real-libraries.ts`.",
    '',
    ...projectTable(rows),
    '',
    `How each benchmark knew its sides ran their own builds:\n\n${sides.join('\n')}`,
    '',
    warningNotes(notes)
  ].join('\n')
}
