import type { BoltProgramReport, BoltReport, DynoStat } from './run-report'
import { cell, code, formatBytes, formatChange, formatNumber } from './format'

/** The dynamic statistics the summary shows first: the work done, and the branches BOLT's layout removes. */
const DYNO_HEADLINE = [
  'executed instructions',
  'taken branches',
  'taken conditional branches',
  'executed unconditional branches',
  'all function calls'
]

/** BOLT's section: what it rewrote, how much the work and the branches changed, and where the PGO builds are kept. */
export function renderBolt(bolt: BoltReport): string {
  const lines = ['### BOLT', '']
  if (bolt.skipped) {
    lines.push('> [!WARNING]', `> BOLT did not run: ${cell(bolt.skipped)}. The programs are the PGO builds.`)
    return lines.join('\n')
  }
  const facts: Array<[string, string]> = []
  if (bolt.tools) facts.push(['Tools', cell(bolt.tools)])
  if (bolt.profileOrigin) facts.push(['BOLT profile', cell(bolt.profileOrigin)])
  if (bolt.cacheKey) facts.push(['Saved as', code(bolt.cacheKey)])
  if (facts.length) lines.push('| | |', '|---|---|', ...facts.map(([key, value]) => `| ${key} | ${value} |`), '')
  for (const program of bolt.programs) lines.push(...renderBoltProgram(program), '')
  return lines.join('\n').trimEnd()
}

function renderBoltProgram(program: BoltProgramReport): string[] {
  const name = code(program.displayPath, 'line')
  if (!program.dynoStats) return [`${name}: kept as the PGO build: ${cell(program.kept ?? 'not rewritten')}.`]
  const lines = [
    `${name}: rewritten by BOLT${describeSize(program.size)}. The PGO build is kept at ${code(program.pgoCopy ?? '', 'line')} (sha256 \`${program.pgoSha256}\`).`
  ]
  if (program.dynoStats.length === 0) return lines
  const headline = DYNO_HEADLINE.map(name => program.dynoStats?.find(stat => stat.name === name)).filter(
    (stat): stat is DynoStat => stat !== undefined
  )
  lines.push(
    '',
    'Dynamic counts in the BOLT profile, on the program before and after BOLT (how often the workloads executed each, not time):',
    '',
    ...dynoTable(headline.length ? headline : program.dynoStats),
    '',
    "<details><summary>All of llvm-bolt's dynamic statistics</summary>",
    '',
    ...dynoTable(program.dynoStats),
    '',
    '</details>'
  )
  return lines
}

/** The program's size before and after BOLT, for weighing its speed against its size. */
function describeSize(size: BoltProgramReport['size']): string {
  if (!size) return ''
  const growth = size.pgo > 0 ? ` (${(size.bolted / size.pgo).toFixed(2)}×)` : ''
  return `, ${formatBytes(size.pgo)} as the PGO build linked for BOLT → ${formatBytes(size.bolted)}${growth}`
}

function dynoTable(stats: DynoStat[]): string[] {
  const rows = stats.map(
    stat => `| ${cell(stat.name)} | ${formatNumber(stat.before)} | ${formatNumber(stat.after)} | ${formatChange(stat.before, stat.after)} |`
  )
  return ['| Count | PGO | PGO + BOLT | Change |', '|---|--:|--:|--:|', ...rows]
}
