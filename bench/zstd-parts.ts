// Where zstd's PGO build loses time, which training on the benchmark's own
// commands does not win back (the swapped section): its benchmark timed in
// parts, compression and decompression apart. zstd hand-aligns its
// decompression loop with inline assembly, tuned per GCC version, because
// the loop's speed swings with where it falls in the CPU's decoded-uop
// cache; a profile reorders the loop's blocks around that alignment.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Job } from '../__tests__/support/runner'
import { runAction } from './lib/action'
import { aloneInDir, alternate, measureShell, median, RUNS, seconds, speedup } from './lib/measure'
import { checkoutProject, fromRealProjects } from './real-projects'

const ZSTD = fromRealProjects('zstd ')
const CLANG = 'clang-22'

/** The archive both parts work on, made once from the untouched checkout. */
const ARCHIVE = '"$RUNNER_TEMP/parts.tar"'
const COMPRESSED = '"$RUNNER_TEMP/parts.tar.zst"'
const PARTS: Record<string, string> = {
  "the benchmark's commands": ZSTD.inputs.benchmark,
  'compression at level 5, 10 times': `for i in $(seq 10); do zstd -5 -T1 -c ${ARCHIVE} > /dev/null; done`,
  'decompression, 50 times': `for i in $(seq 50); do zstd -d -T1 -c ${COMPRESSED} > /dev/null; done`
}

type Side = 'plain' | 'action' | 'swapped'

async function trainedBy(job: Job, workspace: string, side: Side, workload: string): Promise<string> {
  console.log(`zstd parts: the action, ${side === 'action' ? 'trained on the workload' : "trained on the benchmark's commands"}`)
  const checkout = path.join(job.root, side)
  fs.cpSync(workspace, checkout, { recursive: true })
  const { result } = await runAction(job, checkout, { ...ZSTD.inputs, workload, benchmark: '', toolchain: 'clang', cache: 'false' })
  return aloneInDir(job.root, side, result.outputs.binaries.split('\n')[0])
}

export async function benchZstdParts(): Promise<string> {
  const { job, workspace } = checkoutProject(ZSTD, 'pgo-bench-zstd-parts-')
  try {
    const env = (dir: string) => ({ ...process.env, RUNNER_TEMP: job.runnerTemp, PATH: `${dir}:${process.env.PATH}` })
    execFileSync('bash', ['-c', `tar cf ${ARCHIVE} lib programs tests doc`], { cwd: workspace, env: env('') })
    console.log(`zstd parts: plain, ${CLANG} as the action builds it`)
    const plainCheckout = path.join(job.root, 'plain')
    fs.cpSync(workspace, plainCheckout, { recursive: true })
    execFileSync('bash', ['-c', ZSTD.inputs.build], { cwd: plainCheckout, env: { ...process.env, CC: CLANG }, stdio: 'inherit' })
    const dirs: Record<Side, string> = {
      plain: aloneInDir(job.root, 'plain', path.join(plainCheckout, ZSTD.inputs.binaries)),
      action: await trainedBy(job, workspace, 'action', ZSTD.inputs.workload),
      swapped: await trainedBy(job, workspace, 'swapped', ZSTD.inputs.benchmark)
    }
    execFileSync('bash', ['-c', `zstd -5 -T1 -q -c ${ARCHIVE} > ${COMPRESSED}`], { env: env(dirs.plain) })
    const rows = Object.entries(PARTS).map(([part, command]) => {
      console.log(`zstd parts: ${part}, ${RUNS} runs of each build in turns`)
      const side = (name: Side) => () => measureShell(command, { cwd: workspace, env: env(dirs[name]) })
      const turns = alternate({ plain: side('plain'), action: side('action'), swapped: side('swapped') })
      return `| ${part} | ${seconds(median(turns.plain))} | ${speedup(turns, 'plain', 'action')} | ${speedup(turns, 'plain', 'swapped')} |`
    })
    return [
      "## zstd's loss, in parts",
      '',
      `${ZSTD.name} built with ${CLANG} three ways: plain (\`CC=${CLANG}\`, the project's own flags, as the action builds its plain side), and by the action trained on the workload or on the benchmark's commands. ` +
        `Each part is timed ${RUNS} times per build in turns after a warm-up, on an archive of the checkout's sources (${(fs.statSync(path.join(job.runnerTemp, 'parts.tar')).size / 2 ** 20).toFixed(1)} MiB); the speedup is the median of the turns' CPU-time ratios with its 95% interval. ` +
        "zstd aligns its decompression loop by hand (inline `.p2align` in `lib/decompress/zstd_decompress_block.c`, tuned per GCC version, since the loop's speed swings with how it falls in the CPU's decoded-uop cache); a profile reorders the loop's blocks around that alignment.",
      '',
      '| Part | Plain | Trained on the workload (95% CI) | Trained on the benchmark (95% CI) |',
      '|---|--:|--:|--:|',
      ...rows
    ].join('\n')
  } finally {
    fs.rmSync(job.root, { recursive: true, force: true })
  }
}
