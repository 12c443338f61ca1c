// The bundle's size and how long Node takes to load it: every run of the
// action pays this before any work.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { gzipSync } from 'node:zlib'
import { REPO_ROOT } from '../__tests__/support/runner'
import { median } from './lib/measure'

const RUNS = 20

function timeNode(args: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint()
  try {
    execFileSync(process.execPath, args, { env, stdio: 'ignore' })
  } catch {
    // The bundle is run with an invalid input, so it exits 1 right after reading its inputs.
  }
  return Number(process.hrtime.bigint() - started) / 1e6
}

export async function benchStartup(): Promise<string> {
  const bundle = path.join(REPO_ROOT, 'dist', 'index.js')
  const bytes = fs.statSync(bundle).size
  const gzipped = gzipSync(fs.readFileSync(bundle)).length
  const chunksDir = path.join(REPO_ROOT, 'dist', 'chunks')
  const chunks = fs.existsSync(chunksDir) ? fs.readdirSync(chunksDir).map(name => fs.statSync(path.join(chunksDir, name)).size) : []
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MiB`
  const env = { PATH: process.env.PATH, INPUT_TOOLCHAIN: 'none-such', GITHUB_WORKSPACE: REPO_ROOT }
  const node: number[] = []
  const action: number[] = []
  for (let run = 0; run < RUNS; run++) {
    node.push(timeNode(['-e', '0'], env))
    action.push(timeNode([bundle], env))
  }
  const bare = median(node)
  const loaded = median(action)
  return [
    '## The bundle',
    '',
    '| | |',
    '|---|--:|',
    `| dist/index.js, loaded at start | ${mib(bytes)} (${(gzipped / 1024).toFixed(0)} KiB gzipped) |`,
    `| dist/chunks/, loaded when needed (cache, artifact, tool cache clients) | ${mib(chunks.reduce((a, b) => a + b, 0))} in ${chunks.length} files |`,
    `| \`node -e 0\` | ${bare.toFixed(0)} ms |`,
    `| \`node dist/index.js\` up to its first decision (an invalid input, refused) | ${loaded.toFixed(0)} ms |`,
    `| Start-up cost of the bundle | ${(loaded - bare).toFixed(0)} ms |`,
    '',
    `Medians of ${RUNS} runs of each, in turns.`
  ].join('\n')
}
