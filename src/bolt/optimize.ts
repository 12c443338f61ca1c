import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { BoltProfileSet } from './profile-set'
import { cannotBolt, placeProgram, type BoltContext, type BoltTarget } from './bolt-targets'
import { readElf } from '../executables/files'
import { ActionError, errorMessage } from '../system/errors'
import type { DynoStat } from '../report/run-report'
import { BOLT_NOTE_SECTION } from '../llvm/llvm-bolt'
import type { BoltProgramReport } from '../report/run-report'
import type { StageOutcome } from '../report/stage'
import { formatBytes, formatChange, formatNumber } from '../report/format'

/**
 * Writes each program that has a BOLT profile with llvm-bolt, from the PGO
 * build kept aside, and puts the result at the program's path. The result
 * must carry BOLT's mark (.note.bolt_info).
 */
export async function optimizePrograms(
  context: BoltContext,
  targets: BoltTarget[],
  set: BoltProfileSet,
  options: { restored: boolean }
): Promise<StageOutcome<BoltProgramReport[]>> {
  const { request, tools, dirs } = context
  const outputDir = path.join(dirs.bolt, 'out')
  fs.mkdirSync(outputDir, { recursive: true })
  const reports: BoltProgramReport[] = []
  for (const target of targets) {
    const entry = set.programs.find(candidate => candidate.displayPath === target.displayPath)
    const report: BoltProgramReport = { displayPath: target.displayPath, pgoCopy: target.pgoCopy, pgoSha256: target.sha256 }
    reports.push(report)
    if (!entry?.profile) {
      report.kept = entry?.kept ?? 'it has no BOLT profile'
      // Made by this run, the reason was given as it was found; restored, it is news to this run's log.
      if (options.restored) core.warning(`BOLT skips ${target.displayPath}: ${report.kept}. It stays the PGO build.`)
      continue
    }
    const output = path.join(outputDir, target.name)
    try {
      report.dynoStats = await tools.optimize(
        { program: target.pgoCopy, output, profile: path.join(dirs.boltProfileDir, entry.profile) },
        dirs.bolt
      )
    } catch (error) {
      report.kept = cannotBolt(request, target.displayPath, `llvm-bolt could not optimize it (${errorMessage(error).split('\n')[0]})`)
      continue
    }
    if (!readElf(output)?.sections.some(section => section.name === BOLT_NOTE_SECTION)) {
      throw new ActionError(`llvm-bolt wrote ${output} without BOLT's mark (${BOLT_NOTE_SECTION}): it is not a program BOLT rewrote.`)
    }
    report.size = { pgo: fs.statSync(target.pgoCopy).size, bolted: fs.statSync(output).size }
    placeProgram(output, target.file)
    core.info(
      `BOLTed ${target.displayPath}: ${formatBytes(report.size.pgo)} → ${formatBytes(report.size.bolted)} (the PGO build stays at ${target.pgoCopy})`
    )
    for (const line of describeDynoStats(report.dynoStats)) core.info(`  ${line}`)
  }
  const bolted = reports.filter(report => report.dynoStats)
  const kept = reports.length - bolted.length
  const result = bolted.length ? headline(bolted) : 'no program rewritten'
  return {
    value: reports,
    result: `${result}${kept ? `; ${kept} kept as PGO build${kept === 1 ? '' : 's'}` : ''}`,
    status: kept ? 'warning' : undefined
  }
}

/** The statistics the stage row leads with: what BOLT's layout changes first. */
const HEADLINE_STATS = ['taken branches', 'executed instructions']

function headline(bolted: BoltProgramReport[]): string {
  const total = (name: string, side: 'before' | 'after') =>
    bolted.reduce((sum, report) => sum + (report.dynoStats?.find(stat => stat.name === name)?.[side] ?? 0), 0)
  const changes = HEADLINE_STATS.map(name => `${name} ${formatChange(total(name, 'before'), total(name, 'after'))}`)
  return `${bolted.length === 1 ? bolted[0].displayPath : `${bolted.length} programs`}: ${changes.join(', ')}`
}

function describeDynoStats(stats: DynoStat[] = []): string[] {
  return stats.map(
    stat => `${stat.name}: ${formatNumber(stat.before)} → ${formatNumber(stat.after)} (${formatChange(stat.before, stat.after)})`
  )
}
