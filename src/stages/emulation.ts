import * as core from '../system/log'
import type { Config } from '../config'
import { ActionError } from '../system/errors'
import type { StageOutcome } from '../report/stage'
import { findEmulation, type Emulation } from '../targets/emulator'
import { describeRunnerArch, parseTriple, runsNatively } from '../targets/triples'
import type { Toolchain } from '../toolchains/toolchain'
import { mayInstrument } from './tools'

/** A target the runner cannot execute, and how the workloads run its programs (undefined when no workload runs). */
export interface ForeignTarget {
  target: string
  emulation?: Emulation
  /** Why the benchmark does not run: it would time the emulator. */
  measuredElsewhere: string
  /** Why BOLT does not run: its profile would come from the emulator. */
  boltElsewhere: string
}

/**
 * The target the build compiles for, when this runner cannot execute its
 * programs: the emulator the workloads run them under, found before any
 * build, or an error naming what to install. The benchmark would time
 * QEMU, so a min-speedup cannot be judged, and bolt true cannot be met.
 */
export function foreignTarget(config: Config, toolchain: Toolchain, runnerArch = process.arch): ForeignTarget | undefined {
  const targets = toolchain.targets ?? []
  const foreign = targets.filter(triple => !runsNatively(parseTriple(triple), runnerArch))
  if (foreign.length === 0) return undefined
  const [target] = foreign
  if (targets.length > 1) {
    throw new ActionError(`The build targets ${targets.join(', ')}, and ${target} runs only emulated here: train one target per step (a matrix of steps), each with its own --target.`)
  }
  const measuredElsewhere =
    `${target} programs run here only under an emulator, so a benchmark would time the emulator rather than ${parseTriple(target).cpu} hardware: ` +
    `the speedup is measured on a runner of that architecture (this one is ${describeRunnerArch(runnerArch)})`
  if (config.minSpeedup !== undefined) throw new ActionError(`min-speedup cannot be judged: ${measuredElsewhere}. Leave min-speedup out for this target.`)
  const boltElsewhere = `${target} programs run here only under an emulator, and the action does not make BOLT's profile under one: BOLT them on a runner of that architecture`
  if (config.bolt?.onUnsupported === 'fail') throw new ActionError(`bolt true cannot be met: ${boltElsewhere}. Set bolt to if-supported or false for this target.`)
  const emulation = mayInstrument(config) ? findEmulation(target, { choice: config.emulator, sysroot: config.emulatorSysroot, runnerArch }) : undefined
  return { target, emulation, measuredElsewhere, boltElsewhere }
}

/** Whether the build compiles for a target this runner cannot execute. */
export function hasForeignTarget(toolchain: Toolchain, runnerArch = process.arch): boolean {
  return (toolchain.targets ?? []).some(triple => !runsNatively(parseTriple(triple), runnerArch))
}

export function emulationStage(config: Config, toolchain: Toolchain): Promise<StageOutcome<ForeignTarget | undefined>> {
  const foreign = foreignTarget(config, toolchain)
  const how = foreign?.emulation ? `the workloads run its programs under ${foreign.emulation.description}` : 'no workload runs here, so no emulator is needed'
  if (foreign) core.info(`${foreign.target}: ${how}.`)
  return Promise.resolve({ value: foreign, result: foreign ? `${foreign.target}: ${how}` : 'every target runs natively' })
}
