// One timed run of the benchmark command for one side: that side's programs
// first on PATH (and libraries where the loader looks), its copies at the
// build's paths (swaps.ts), and the CPU time every process it ran used.
import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { commandEnv, pathWithFirst } from '../system/environment'
import { commandShell, runTool } from '../system/exec'
import { formatTime } from '../system/units'
import { shellScript } from '../platform/shell'
import { withLibrariesFirst } from '../libraries/kinds'
import { wheelEnvironmentVariables } from '../libraries/wheels'
import { FileKinds, readUntrustedText } from '../system/untrusted-file'
import { parseChildTimes, type Measurement } from './stats'
import type { Side } from './sides'
import type { BenchmarkPlan } from './benchmark-plan'

/**
 * One run of the command, by bash. A second bash around it reports, with
 * `times`, the CPU time of every process it waited for (RUSAGE_CHILDREN).
 */
export async function measure(
  plan: BenchmarkPlan,
  side: Side,
  label: string,
  options: { cpu?: number; debugPrefix?: string } = {}
): Promise<Measurement> {
  const { cpu, debugPrefix } = options
  const timesFile = path.join(plan.scratchDir, `${side}.times`)
  fs.rmSync(timesFile, { force: true })
  const bash = [commandShell().program, '--noprofile', '--norc', '-c', TIMED_WRAPPER]
  const [file, ...args] = cpu === undefined ? bash : ['taskset', '-c', String(cpu), ...bash]
  const started = process.hrtime.bigint()
  await runTool(file, args, {
    cwd: plan.cwd,
    env: commandEnv({
      ...plan.env,
      ...withLibrariesFirst(searchPath(plan, side), libraryCopies(plan, side)),
      // glibc's loader writes each process's record to <prefix>.<pid>.
      ...(debugPrefix ? { LD_DEBUG: 'files', LD_DEBUG_OUTPUT: debugPrefix } : {}),
      PGO_BENCHMARK_SIDE: side,
      PGO_BENCHMARK_COMMAND: shellScript(plan.command),
      PGO_BENCHMARK_TIMES_FILE: timesFile
    }),
    what: `The benchmark (${side} programs, ${label})`,
    display: plan.command,
    quiet: true,
    // No run may take longer than the whole budget: a side that never ends must not hold the step.
    timeoutSeconds: plan.budgetSeconds,
    timeoutAdvice: `No run of the benchmark may take longer than benchmark-budget (${plan.budgetSeconds} s): check that the ${side} programs end, or raise benchmark-budget.`
  })
  const wall = Number(process.hrtime.bigint() - started) / 1e9
  const measurement: Measurement = { wall, cpu: readChildTimes(timesFile) }
  core.info(
    `${(plan.sides?.labels[side] ?? side).padEnd(9)} ${label.padEnd(9)} ${measurement.cpu === undefined ? '' : `CPU ${formatTime(measurement.cpu).padStart(9)}  `}wall ${formatTime(wall).padStart(9)}`
  )
  return measurement
}

// The user's command runs as the run: step's would (errexit, pipefail), in
// the same bash as the outer one ($BASH); its CPU time is what the outer
// shell's `times` says its children used.
const TIMED_WRAPPER = [
  'command=$PGO_BENCHMARK_COMMAND; times_file=$PGO_BENCHMARK_TIMES_FILE',
  'unset PGO_BENCHMARK_COMMAND PGO_BENCHMARK_TIMES_FILE',
  'status=0; "$BASH" --noprofile --norc -eo pipefail -c "$command" || status=$?',
  'times > "$times_file"; exit $status'
].join('\n')

/** The side's programs first on PATH; with wheels, its own Python environment before them. */
function searchPath(plan: BenchmarkPlan, side: Side): Record<string, string> {
  const programDir = plan.programDirs[side]
  return plan.environments ? wheelEnvironmentVariables(plan.environments[side], [programDir]) : { PATH: pathWithFirst([programDir]) }
}

/** The side's copy of each library under test: its directory goes first where the loader looks. */
function libraryCopies(plan: BenchmarkPlan, side: Side): string[] {
  return plan.files.filter(file => file.library).map(file => file.copies[side])
}

function readChildTimes(file: string): number | undefined {
  try {
    return parseChildTimes(readUntrustedText(file, FileKinds.small, 'refuse'))
  } catch {
    // No times (the run removed or replaced the file): the wall time stands alone.
    return undefined
  }
}
