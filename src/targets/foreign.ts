import { ActionError } from '../system/errors'
import { findEmulation, type Emulation, type EmulatorChoice } from './emulator'
import { describeRunnerArch, parseTriple, runsNatively } from './triples'

/** A target the runner cannot execute, and how the workloads run its programs (undefined when no workload runs). */
export interface ForeignTarget {
  target: string
  emulation?: Emulation
  /** Why the benchmark does not run: it would time the emulator. */
  measuredElsewhere: string
  /** Why BOLT does not run: its profile would come from the emulator. */
  boltElsewhere: string
}

/** What of the step's settings a foreign target bears on. */
export interface ForeignTargetRequest {
  emulator: EmulatorChoice
  emulatorSysroot?: string
  minSpeedup?: number
  /** bolt true: a target BOLT cannot handle fails the step. */
  boltMustRun: boolean
  /** Whether workloads may run (not with a given profile): then an emulator is needed. */
  workloadsRun: boolean
}

/** Whether the build compiles for a target this runner cannot execute. */
export function hasForeignTarget(targets: readonly string[], runnerArch: string): boolean {
  return targets.some(triple => !runsNatively(parseTriple(triple), runnerArch))
}

/**
 * The target the build compiles for, when this runner cannot execute its
 * programs: the emulator the workloads run them under, found before any
 * build, or an error naming what to install. The benchmark would time the
 * emulator, so a min-speedup cannot be judged, and bolt true cannot be met.
 */
export function foreignTarget(targets: readonly string[], runnerArch: string, request: ForeignTargetRequest): ForeignTarget | undefined {
  const foreign = targets.filter(triple => !runsNatively(parseTriple(triple), runnerArch))
  if (foreign.length === 0) return undefined
  const [target] = foreign
  if (targets.length > 1) {
    throw new ActionError(
      `The build targets ${targets.join(', ')}, and ${target} runs only emulated here: train one target per step (a matrix of steps), each with its own --target.`
    )
  }
  const emulated = `${target} programs run here only under an emulator`
  const measuredElsewhere =
    `${emulated}, so a benchmark would time the emulator rather than ${parseTriple(target).cpu} hardware: ` +
    `the speedup is measured on a runner of that architecture (this one is ${describeRunnerArch(runnerArch)})`
  const boltElsewhere = `${emulated}, and the action does not make BOLT's profile under one: BOLT them on a runner of that architecture`
  if (request.minSpeedup !== undefined)
    throw new ActionError(`min-speedup cannot be judged: ${measuredElsewhere}. Leave min-speedup out for this target.`)
  if (request.boltMustRun)
    throw new ActionError(`bolt true cannot be met: ${boltElsewhere}. Set bolt to if-supported or false for this target.`)
  const emulation = request.workloadsRun
    ? findEmulation(target, { choice: request.emulator, sysroot: request.emulatorSysroot, runnerArch })
    : undefined
  return { target, emulation, measuredElsewhere, boltElsewhere }
}
