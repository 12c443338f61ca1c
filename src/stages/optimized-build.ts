import * as core from '@actions/core'
import { runBuild } from '../build'
import type { Config } from '../inputs'
import { describePrograms } from '../programs'
import type { FitReport, ProgramReport } from '../report'
import type { StageOutcome } from '../stage'
import { formatNumber } from '../summary'
import type { Toolchain } from '../toolchains/toolchain'

export interface OptimizedPrograms {
  programs: string[]
  reports: ProgramReport[]
  fit: FitReport
}

/** Builds the programs again, this time compiled with the merged profile. */
export async function optimizedBuild(config: Config, toolchain: Toolchain, profile: string): Promise<StageOutcome<OptimizedPrograms>> {
  const { programs, fit } = await runBuild(config, toolchain, { kind: 'optimized', profile }, 'The optimized build')
  const reports = await describePrograms(programs, config.workingDirectory)
  for (const report of reports) core.info(`Optimized: ${report.displayPath} sha256 ${report.sha256}`)
  const fitText = `${formatNumber(fit.missing)} functions without profile data, ${formatNumber(fit.mismatched)} changed since profiling`
  core.info(`Profile fit: ${fitText}`)
  return {
    value: { programs, reports, fit },
    result: `${programs.length === 1 ? '1 program' : `${programs.length} programs`}; ${fitText}`
  }
}
