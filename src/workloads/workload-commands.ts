// The workload runner: runs the workload lines, one at a time or several at
// once, for the profiling build's programs (stages/run-workloads.ts) and BOLT's
// instrumented ones (bolt/bolt-workloads.ts), and the directory of its own
// each program's profiles may go to (program-profiles.ts).
// May import: config, constants, libraries, platform, system.
import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Config } from '../config'
import { PROFILE_DIR_ENV } from '../constants'
import { commandEnv, pathWithFirst, type Env } from '../system/environment'
import { runShell } from '../system/exec'
import { withLibrariesFirst } from '../libraries/kinds'

/** How one run of the workload commands is set up: for the profiling build's programs, or BOLT's instrumented ones. */
export interface WorkloadSetup {
  /** Directories put first on PATH, in order. */
  programDirs: string[]
  /** The libraries under test, whose directories go first where the loader looks. */
  libraries?: string[]
  /** PGO_PROFILE_DIR. */
  profileDir: string
  /** Variables for workload `number`, on top of the step's environment. */
  env: (number: number) => Env
  /** The profiles written so far. */
  profiles: () => string[]
  /** The profiles workload `number` wrote, where their names tell (LLVM's w<N>_…); needed to count them when workloads overlap. */
  profilesOf?: (number: number) => string[]
  /** What a profile is called in the log: "raw profile". */
  noun: string
  /** Why a line may have written none, for its warning: "it ran none of the instrumented programs". */
  noProfileReason: string
  /** A directory of the action's own where workloads that run at once keep their output until it is their turn in the log. */
  logDir: string
}

/**
 * Runs the workload commands, workload-jobs at a time, and resolves to the
 * seconds they took together. The log shows each line's output whole, in
 * line order, with its time, whichever finished first.
 */
export async function runWorkloadCommands(config: Config, setup: WorkloadSetup): Promise<number> {
  const jobs = Math.min(config.workloadJobs, config.workload.length)
  return jobs <= 1 ? runInTurn(config, setup) : runAtOnce(config, setup, jobs)
}

/** One line after another; the first that fails fails the run. */
async function runInTurn(config: Config, setup: WorkloadSetup): Promise<number> {
  const total = config.workload.length
  let allSeconds = 0
  for (const [index, command] of config.workload.entries()) {
    const number = index + 1
    core.info(`▶ Workload ${number} of ${total}: ${command}`)
    const before = signatures(setup.profiles())
    const { seconds, leftover } = await runShell(command, {
      cwd: config.workingDirectory,
      env: lineEnv(setup, number),
      what: `Workload ${number} of ${total}`
    })
    if (leftover) core.warning(leftover)
    allSeconds += seconds
    reportLine(setup, number, command, seconds, writtenSince(before, setup.profiles()))
  }
  return allSeconds
}

/** Each profile's size and time of change, to tell which ones a line wrote. */
function signatures(files: string[]): Map<string, string> {
  return new Map(files.map(file => [file, signature(file)]))
}

function signature(file: string): string {
  const stat = fs.statSync(file, { throwIfNoEntry: false })
  return stat ? `${stat.size}:${stat.mtimeMs}` : ''
}

/**
 * The profiles a line wrote: new ones, and ones it changed. GCC's programs
 * add their counts to the files an earlier line made, so a line that ran
 * them may make no file of its own.
 */
function writtenSince(before: Map<string, string>, after: string[]): number {
  return after.filter(file => before.get(file) !== signature(file)).length
}

interface LineOutcome {
  seconds: number
  logFile: string
  error?: unknown
  leftover?: string
}

/**
 * Lines `jobs` at a time, each line's output kept in a file of its own
 * until every line before it is in the log. When a line fails, no new line
 * starts, and the lines already running finish: stopping them would kill
 * instrumented programs while they write their profiles, and would cut
 * their output short in the log. Then the step fails, naming the line.
 */
async function runAtOnce(config: Config, setup: WorkloadSetup, jobs: number): Promise<number> {
  const total = config.workload.length
  core.info(
    `Running the ${total} workload lines ${jobs} at a time (workload-jobs); each line's output follows in line order once it has finished.`
  )
  fs.mkdirSync(setup.logDir, { recursive: true })
  const outcomes: Array<LineOutcome | undefined> = []
  let next = 0
  let failed = false
  let shown = 0
  let showing = Promise.resolve()
  const showFinished = async (): Promise<void> => {
    for (let outcome = outcomes[shown]; outcome; outcome = outcomes[++shown]) await showLine(config, setup, shown + 1, outcome)
  }
  const worker = async (): Promise<void> => {
    while (!failed && next < total) {
      const index = next++
      outcomes[index] = await runLine(config, setup, index + 1)
      if (outcomes[index]?.error) failed = true
      showing = showing.then(showFinished)
      await showing
    }
  }
  await Promise.all(Array.from({ length: jobs }, worker))
  const firstFailure = outcomes.find(outcome => outcome?.error)
  if (firstFailure) {
    if (next < total)
      core.info(
        `Workload${total - next === 1 ? '' : 's'} ${next + 1}${total - next > 1 ? `–${total}` : ''} did not start: a workload failed.`
      )
    throw firstFailure.error
  }
  return outcomes.reduce((sum, outcome) => sum + (outcome?.seconds ?? 0), 0)
}

async function runLine(config: Config, setup: WorkloadSetup, number: number): Promise<LineOutcome> {
  const logFile = path.join(setup.logDir, `workload-${number}.log`)
  const log = fs.openSync(logFile, 'w')
  const started = process.hrtime.bigint()
  try {
    const { seconds, leftover } = await runShell(config.workload[number - 1], {
      cwd: config.workingDirectory,
      env: lineEnv(setup, number),
      what: `Workload ${number} of ${config.workload.length}`,
      sink: chunk => fs.writeSync(log, chunk)
    })
    return { seconds, logFile, leftover }
  } catch (error) {
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, logFile, error }
  } finally {
    fs.closeSync(log)
  }
}

/** A finished line in the log: its command, its whole output, its time and what it wrote. */
async function showLine(config: Config, setup: WorkloadSetup, number: number, outcome: LineOutcome): Promise<void> {
  const command = config.workload[number - 1]
  core.info(`▶ Workload ${number} of ${config.workload.length}: ${command}`)
  await core.writeCommandOutput(fs.createReadStream(outcome.logFile))
  fs.rmSync(outcome.logFile, { force: true })
  if (outcome.leftover) core.warning(outcome.leftover)
  if (outcome.error) {
    core.info(`Workload ${number} failed after ${outcome.seconds.toFixed(1)} s.`)
    return
  }
  reportLine(setup, number, command, outcome.seconds, setup.profilesOf?.(number).length)
}

/** "Workload 2 took 1.3 s and wrote 4 raw profiles", and a warning when it wrote none. */
function reportLine(setup: WorkloadSetup, number: number, command: string, seconds: number, written: number | undefined): void {
  if (written === undefined) {
    core.info(`Workload ${number} took ${seconds.toFixed(1)} s.`)
    return
  }
  core.info(`Workload ${number} took ${seconds.toFixed(1)} s and wrote ${written} ${setup.noun}${written === 1 ? '' : 's'}.`)
  if (written === 0) core.warning(`Workload ${number} (${command}) wrote no profile: ${setup.noProfileReason}.`)
}

function lineEnv(setup: WorkloadSetup, number: number): NodeJS.ProcessEnv {
  const searchPaths = withLibrariesFirst({ PATH: pathWithFirst(setup.programDirs) }, setup.libraries ?? [])
  return commandEnv({ ...setup.env(number), [PROFILE_DIR_ENV]: setup.profileDir, ...searchPaths })
}
