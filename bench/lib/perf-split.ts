// Where a command's CPU time goes, by what the training made of the code:
// perf's software clock samples every process the command starts, and each
// sampled function is looked up in the training profile. Three groups:
// functions the training ran (the profile made them hot), functions it has
// but never ran (the profile made them cold), and the rest, code without a
// profile at all (C through the cc crate, the prebuilt standard library,
// libc, the kernel).
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

export interface SampleSplit {
  trained: number
  untrained: number
  unprofiled: number
}

/** perf must be there: the bench says how to get it rather than leave a column out. */
export function requirePerf(): void {
  try {
    execFileSync('perf', ['--version'], { stdio: 'ignore' })
  } catch {
    throw new Error(
      'this section samples with perf: install it (Debian: apt-get install linux-perf), or leave the section out of BENCH_ONLY'
    )
  }
}

/** Samples (about 1 ms each) of one run of a bash command, split by the training profile's counts. */
export function sampleSplit(command: string, options: { cwd: string; env: NodeJS.ProcessEnv }, training: Map<string, number>): SampleSplit {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-bench-perf-'))
  const data = path.join(scratch, 'perf.data')
  try {
    execFileSync('perf', ['record', '-q', '-e', 'cpu-clock', '-F', '1000', '-o', data, '--', 'bash', '-eo', 'pipefail', '-c', command], {
      ...options,
      stdio: ['ignore', 'ignore', 'inherit']
    })
    const report = execFileSync('perf', ['report', '-i', data, '--stdio', '--no-demangle', '--no-children', '--sort', 'sym', '-n'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 2 ** 20
    })
    return splitReport(report, training)
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

/** perf report's rows, "  34.74%   379  [.] symbol", grouped by the profile's counts for the symbol. */
export function splitReport(report: string, training: Map<string, number>): SampleSplit {
  const split: SampleSplit = { trained: 0, untrained: 0, unprofiled: 0 }
  for (const line of report.split('\n')) {
    const row = /^\s+[\d.]+%\s+(\d+)\s+\[[.k]\]\s+(\S+)/.exec(line)
    if (!row) continue
    const samples = Number(row[1])
    const count = training.get(row[2])
    if (count === undefined) split.unprofiled += samples
    else if (count > 0) split.trained += samples
    else split.untrained += samples
  }
  return split
}

export function addSplits(splits: SampleSplit[]): SampleSplit {
  return splits.reduce(
    (sum, split) => ({
      trained: sum.trained + split.trained,
      untrained: sum.untrained + split.untrained,
      unprofiled: sum.unprofiled + split.unprofiled
    }),
    { trained: 0, untrained: 0, unprofiled: 0 }
  )
}
