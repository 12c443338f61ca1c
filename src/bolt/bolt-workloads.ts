import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { placeProgram, type BoltContext } from './bolt-targets'
import { ActionError, errorMessage } from '../system/errors'
import { isInstrumentationProfile } from '../llvm/llvm-bolt'
import { filesIn } from '../system/paths'
import type { StageOutcome } from '../report/stage'
import { formatBytes } from '../report/format'
import type { InstrumentedProgram } from './instrument'
import { runWorkloadCommands } from '../workloads/workload-commands'

export interface BoltWorkloadRun {
  /** Profiles written, per program name. */
  profiles: Map<string, string[]>
  /** False when the workloads failed against the instrumented programs (bolt: if-supported). */
  complete: boolean
}

/**
 * Runs the workloads again against BOLT's instrumented programs. Each one
 * takes the optimized program's place for the run, so a workload reaches
 * it by name (its directory first on PATH, as in the first run) or by its
 * path; the PGO builds are put back afterwards, whatever happened.
 */
export async function runBoltWorkloads(context: BoltContext, instrumented: InstrumentedProgram[]): Promise<StageOutcome<BoltWorkloadRun>> {
  const { config, request, dirs } = context
  const profiles = (): string[] => instrumented.flatMap(program => profilesIn(program.profileDir))
  try {
    for (const program of instrumented) placeProgram(program.file, program.target.file)
    await runWorkloadCommands(config, {
      programDirs: instrumented.map(program => path.dirname(program.target.file)),
      profileDir: path.join(dirs.bolt, 'raw'),
      env: () => ({}),
      profiles,
      noun: 'BOLT profile',
      noProfileReason: 'it ran none of the instrumented programs',
      logDir: path.join(dirs.bolt, 'workload-logs')
    })
  } catch (error) {
    // The same workloads passed against the PGO builds, so the instrumented programs are the likely cause.
    if (request.onUnsupported === 'fail') throw error
    core.warning(
      `The workloads failed against BOLT's instrumented programs, so BOLT skips them; they stay PGO builds. ${errorMessage(error)}`
    )
    return { value: { profiles: new Map(), complete: false }, result: `failed: ${errorMessage(error).split('\n')[0]}`, status: 'warning' }
  } finally {
    for (const program of instrumented) placeProgram(program.target.pgoCopy, program.target.file)
  }
  const written = profiles()
  if (written.length === 0 && request.onUnsupported === 'fail') {
    throw new ActionError(
      `The workloads wrote no BOLT profiles: none of them ran the instrumented programs (${instrumented.map(p => p.target.displayPath).join(', ')}) to a normal exit.`
    )
  }
  const bytes = written.reduce((sum, file) => sum + fs.statSync(file).size, 0)
  const total = config.workload.length
  return {
    value: { profiles: new Map(instrumented.map(program => [program.target.name, profilesIn(program.profileDir)])), complete: true },
    result: `${total} command${total === 1 ? '' : 's'}, ${written.length} BOLT profile${written.length === 1 ? '' : 's'} (${formatBytes(bytes)})`,
    status: written.length === 0 ? 'warning' : undefined
  }
}

function profilesIn(dir: string): string[] {
  return filesIn(dir, isInstrumentationProfile)
}
