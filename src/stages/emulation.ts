import * as core from '../system/log'
import type { Config } from '../config'
import type { StageOutcome } from '../report/stage'
import { foreignTarget, type ForeignTarget } from '../targets/foreign'
import type { Toolchain } from '../toolchains/toolchain'
import { mayInstrument } from './prepare-profile-tool'

/**
 * The Emulator stage, for a build whose target this runner cannot run:
 * the emulator the workloads will use, found before any build.
 */
export function emulationStage(
  config: Config,
  toolchain: Toolchain,
  runnerArch = process.arch
): Promise<StageOutcome<ForeignTarget | undefined>> {
  const request = {
    emulator: config.emulator,
    emulatorSysroot: config.emulatorSysroot,
    minSpeedup: config.minSpeedup,
    boltMustRun: config.bolt?.onUnsupported === 'fail',
    workloadsRun: mayInstrument(config)
  }
  const foreign = foreignTarget(toolchain.traits.targets ?? [], runnerArch, request)
  const how = foreign?.emulation
    ? `the workloads run its programs under ${foreign.emulation.description}`
    : 'no workload runs here, so no emulator is needed'
  if (foreign) core.info(`${foreign.target}: ${how}.`)
  return Promise.resolve({ value: foreign, result: foreign ? `${foreign.target}: ${how}` : 'every target runs natively' })
}
