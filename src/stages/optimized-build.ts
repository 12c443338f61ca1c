import * as core from '@actions/core'
import type { Builder } from '../build'
import { ActionError } from '../errors'
import type { Config } from '../inputs'
import { describePrograms } from '../programs'
import { displayPath } from '../paths'
import type { FitReport, ProgramReport } from '../report'
import type { StageOutcome } from '../stage'
import { formatNumber } from '../summary'
import { byMarker } from './profiling-build'

export interface OptimizedPrograms {
  programs: string[]
  reports: ProgramReport[]
  fit?: FitReport
}

/**
 * Builds the programs again, compiled with the profile, and checks they
 * were: an LLVM program that still carries profiling counters came from
 * reused instrumented objects; Go records the profile it built with.
 */
export async function optimizedBuild(config: Config, builder: Builder, profile: string, rawProfileDir: string): Promise<StageOutcome<OptimizedPrograms>> {
  const { toolchain } = builder
  const { programs, fit } = await builder.build({ kind: 'optimized', profile }, 'The optimized build')
  if (toolchain.profileFormat === 'llvm') {
    const { carrying: stale } = await byMarker(programs, rawProfileDir)
    if (stale.length > 0) {
      throw new ActionError(
        `The optimized build left ${stale.map(p => displayPath(p, config.workingDirectory)).join(', ')} instrumented: it reused objects from the instrumented build. ` +
          toolchain.flagsAdvice
      )
    }
  }
  const confirmations = (await toolchain.confirmProfileUse?.(programs, profile)) ?? []
  confirmations.forEach(line => core.info(line))
  const reports = await describePrograms(programs, config.workingDirectory)
  for (const report of reports) core.info(`Optimized: ${report.displayPath} sha256 ${report.sha256}`)
  const count = programs.length === 1 ? '1 program' : `${programs.length} programs`
  if (!fit) {
    return { value: { programs, reports }, result: `${count}${confirmations.length ? ', built with the profile (checked)' : ''}` }
  }
  const fitText = `${formatNumber(fit.missing)} functions without profile data, ${formatNumber(fit.mismatched)} changed since profiling`
  core.info(`Profile fit: ${fitText}`)
  return { value: { programs, reports, fit }, result: `${count}; ${fitText}` }
}
