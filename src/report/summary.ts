import { renderBenchmark, renderBenchmarkHeadline, renderNoVerdict, renderShippedPlain } from './benchmark-summary'
import { renderAdvice } from './advice-summary'
import { renderBolt } from './bolt-summary'
import { isSharedLibrary } from '../libraries/kinds'
import type {
  FitReport,
  JudgedFit,
  ProfileReport,
  ProgramFit,
  RunReport,
  StabilityReport,
  StageRow,
  StaleReport,
  Training
} from './run-report'
import { describeStaleness } from './staleness'
import { describeLeftOut } from '../fit/fit-report'
import { cell, code, count, fenced, formatBytes, formatNumber, formatSeconds, percent, shorten } from './format'

const STATUS_MARK: Record<StageRow['status'], string> = { done: '✅', warning: '⚠️', skipped: '⏭️', failed: '❌' }

/** The job summary, as GitHub-flavoured markdown. */
export function renderSummary(report: RunReport): string {
  const parts: string[] = [
    `## ${report.collecting ? 'Profile shard' : 'PGO build'} ${report.error ? 'failed' : report.collecting ? 'collected' : 'finished'}`
  ]
  if (report.collecting && report.artifact && !report.error) {
    parts.push(
      `Uploaded as ${code(report.artifact.name, 'line')} for the fan-in step (profile-artifacts) to merge; no programs were built.`
    )
  }
  if (report.benchmark) parts.push(renderBenchmarkHeadline(report.benchmark))
  if (report.shippedPlain) parts.push(renderShippedPlain(report.shippedPlain))
  if (report.benchmarkUntold) parts.push(renderNoVerdict(report.benchmarkUntold))
  if (report.toolchain) parts.push(`**Toolchain:** ${cell(report.toolchain)}`)
  if (report.target) parts.push(renderTarget(report.target))
  if (report.platforms) parts.push(renderPlatforms(report.platforms))
  if (report.error) parts.push(renderError(report.error))
  if (report.stages.length > 0) parts.push(renderStages(report))
  if (report.stale) parts.push(renderStale(report.stale))
  if (report.profile) parts.push(renderProfile(report.profile, report))
  if (report.benchmark) parts.push(renderBenchmark(report.benchmark))
  if (report.advice) parts.push(renderAdvice(report.advice))
  if (report.programs?.length) parts.push(renderPrograms(report))
  if (report.bolt) parts.push(renderBolt(report.bolt))
  if (report.artifact) parts.push(renderArtifact(report.artifact))
  return parts.join('\n\n') + '\n'
}

/**
 * The error as an alert: its first line as text, then a list as a list, and
 * command output verbatim, in a fence that no line of the output can close.
 */
function renderError(message: string): string {
  const [first, ...rest] = message.split('\n')
  const details = rest.filter(line => line.trim() !== '')
  const lines = ['[!CAUTION]', cell(first)]
  if (details.length > 0 && details.every(line => line.startsWith('- '))) {
    lines.push('', ...details.map(line => `- ${cell(line.slice(2))}`))
  } else if (details.length > 0) {
    const heading = details[0].endsWith(':') ? details.shift() : undefined
    if (heading) lines.push('', cell(heading))
    lines.push(...fenced(details.map(line => line.replace(/^ {2}/, ''))))
  }
  return lines.map(line => `> ${line}`.trimEnd()).join('\n')
}

/** An emulated target: where training ran, and why no speedup is given. */
function renderTarget(target: NonNullable<RunReport['target']>): string {
  const trained = target.emulation
    ? `trained under an emulator: ${cell(target.emulation)}`
    : 'built with a given profile; no workload ran here'
  return `**Target:** ${code(target.triple, 'line')}, ${trained}. This runner cannot time its programs natively: the speedup is measured on a runner of that architecture.`
}

/** A Go release for several platforms: which, and which one the workloads and the benchmark ran. */
function renderPlatforms(platforms: NonNullable<RunReport['platforms']>): string {
  const listed = platforms.released.map(platform => code(platform, 'line')).join(', ')
  const runner = code(platforms.runner, 'line')
  const timed = platforms.runnerForBenchmarkOnly ? ` The benchmark times ${runner}, built for it alone.` : ''
  return (
    `**Platforms:** ${listed} (from ${cell(platforms.from)}), each built with the one profile, which the workloads made with the runner's own ${runner} build.${timed} ` +
    'A speedup is measured only on the platform that runs it.'
  )
}

function renderStages(report: RunReport): string {
  const rows = report.stages.map(
    row => `| ${STATUS_MARK[row.status]} | ${row.name} | ${cell(resultWithSettings(row, report))} | ${formatSeconds(row.seconds)} |`
  )
  const total = report.totalSeconds ?? report.stages.reduce((sum, row) => sum + row.seconds, 0)
  return ['| | Stage | Result | Time |', '|:-:|---|---|--:|', ...rows, `| | **Total** | | **${formatSeconds(total)}** |`].join('\n')
}

/** The optimized build's row says the settings it was built with, beside what the profile did. */
function resultWithSettings(row: RunReport['stages'][number], report: RunReport): string {
  return row.name.startsWith('Optimized build') && row.status !== 'failed' && report.buildSettings
    ? `${row.result}; settings: ${report.buildSettings}`
    : row.result
}

function renderProfile(profile: ProfileReport, report: RunReport): string {
  const facts: Array<[string, string]> = [
    ['Source', cell(profile.origin)],
    ['File', `${code(profile.path)} (${formatBytes(profile.bytes)})`],
    ['sha256', `\`${profile.sha256}\``]
  ]
  if (profile.cacheKey) facts.push(['Saved as', code(profile.cacheKey)])
  if (profile.rawFiles !== undefined) {
    facts.push(['Merged from', `${count(profile.rawFiles, 'raw profile')} (${formatBytes(profile.rawBytes ?? 0)})`])
  }
  if (profile.sources) facts.push(['Merged from', count(profile.sources.length, 'profile file')])
  if (profile.totalFunctions !== undefined) facts.push(['Functions', functionsLine(profile)])
  if (profile.stability) facts.push(['Stability', cell(describeStability(profile.stability))])
  if (report.fit) {
    facts.push([
      'Fit to the code',
      `${count(report.fit.missing, 'function')} without profile data, ${formatNumber(report.fit.mismatched)} changed since profiling`
    ])
    if (report.fit.judged) facts.push(['Counted for staleness', cell(describeCounted(report.fit.judged))])
  }
  const lines = ['### Profile', '', '| | |', '|---|---|', ...facts.map(([key, value]) => `| ${key} | ${value} |`)]
  // One program a workload ran is what the Fit row already says.
  const programFits = report.fit?.programs ?? []
  if (programFits.length > 1 || programFits.some(program => program.training !== 'ran')) lines.push('', ...renderProgramFit(programFits))
  if (profile.sources) {
    lines.push('', '| Profile file | Size | Weight | Share of the merged counts |', '|---|--:|--:|--:|')
    for (const source of profile.sources)
      lines.push(`| ${code(source.path)} | ${formatBytes(source.bytes)} | ${source.weight} | ${(source.share * 100).toFixed(1)}% |`)
  }
  if (profile.hottest?.length) {
    const header =
      profile.kind === 'samples' ? '| Function | Samples | Share of all samples |' : '| Function | Largest count | Share of all counts |'
    lines.push('', '**Hottest functions**', '', header, '|---|--:|--:|')
    for (const fn of profile.hottest) {
      lines.push(`| ${code(shorten(fn.name, 100))} | ${formatNumber(fn.maxCount)} | ${(fn.share * 100).toFixed(1)}% |`)
    }
  }
  if (report.fit?.examples.length) {
    lines.push(
      '',
      `Functions the profile did not fit, for example: ${report.fit.examples.map(name => code(shorten(name, 80), 'line')).join(', ')}`
    )
    if (report.fit.functions) lines.push('', ...renderFitList(report.fit))
  }
  return lines.join('\n')
}

const TRAINING_WORDS: Record<Training, string> = {
  ran: 'yes',
  'not run': 'no: not counted against the profile',
  unknown: 'cannot tell: counted as trained'
}

/** Each program: whether a workload ran it, and its functions by fit. */
function renderProgramFit(programs: ProgramFit[]): string[] {
  const rows = programs.map(program => {
    const numbers = program.functions
      ? [program.functions.withData, program.functions.missing, program.functions.mismatched].map(formatNumber)
      : ['no symbol table', '', '']
    return `| ${code(program.displayPath)} | ${TRAINING_WORDS[program.training]} | ${numbers.join(' | ')} |`
  })
  return ['| Program | Run by a workload | Functions with data | Without data | Changed |', '|---|---|--:|--:|--:|', ...rows]
}

/** What the staleness rule counted of the fit, and what it left out. */
function describeCounted(judged: JudgedFit): string {
  const left = describeLeftOut(judged)
  const baseline = judged.inBaseline === undefined ? '; the profile came without a baseline' : ''
  const share = judged.changedShare > 0 ? ` (holding ${(judged.changedShare * 100).toFixed(1)}% of the profile's counts)` : ''
  return `${count(judged.missing, 'function')} without profile data, ${formatNumber(judged.mismatched)} changed${share}${left.length ? `, leaving out ${left.join(' and ')}` : ''}${baseline}`
}

/** Every function the compiler's fit warnings named, collapsed: the log keeps those warnings out. */
function renderFitList(fit: FitReport): string[] {
  const section = (title: string, names: string[], total: number): string[] =>
    names.length === 0
      ? []
      : [
          `**${title}**`,
          '',
          ...names.map(name => `- ${code(name, 'line')}`),
          ...(total > names.length ? [`- and ${formatNumber(total - names.length)} more`] : []),
          ''
        ]
  return [
    `<details><summary>Every function the compiler named: ${count(fit.missing, 'function')} without profile data, ${formatNumber(fit.mismatched)} changed since profiling</summary>`,
    '',
    ...section('Without profile data', fit.functions?.missing ?? [], fit.missing),
    ...section('Changed since profiling', fit.functions?.mismatched ?? [], fit.mismatched),
    '</details>'
  ]
}

/** How the profile compares with an earlier one of the same build, and what makes profiles differ. */
function describeStability(stability: StabilityReport): string {
  const causes = stability.causes.length ? `. Likely causes of differences: ${stability.causes.join('; ')}` : ''
  if (!stability.comparedWith) return `not measured: no earlier profile of this build to compare with${causes}`
  if (stability.identical) return `identical to ${stability.comparedWith}`
  const overlap = stability.overlap === undefined ? 'differs from' : `${(stability.overlap * 100).toFixed(2)}% overlap with`
  return `${overlap} ${stability.comparedWith}${causes}`
}

/** How many functions the profile knows and how many ran, in the terms of its kind. */
export function functionsLine(profile: ProfileReport): string {
  const total = profile.totalFunctions ?? 0
  const ran = profile.functionsWithCounts ?? 0
  if (profile.kind === 'samples') return `${formatNumber(total)} on sampled stacks, ${formatNumber(ran)} sampled themselves`
  return `${formatNumber(ran)} of ${formatNumber(total)} ran (${percent(ran, total)})`
}

function renderStale(stale: StaleReport): string {
  return [
    '> [!WARNING]',
    `> The reused profile was stale: ${cell(describeStaleness(stale))}.`,
    stale.regenerated
      ? '> The run made a new profile and built again with it; the tables below describe the new one.'
      : '> It was chosen explicitly (profile, profile-hash or mode use), so it was kept. Make a new one with mode generate.'
  ].join('\n')
}

function renderArtifact(artifact: NonNullable<RunReport['artifact']>): string {
  return `### Artifact\n\n${code(artifact.name, 'line')} (id ${artifact.id}): ${count(artifact.files, 'file')}, ${formatBytes(artifact.bytes)} zipped`
}

function renderPrograms(report: RunReport): string {
  const programs = report.programs ?? []
  const [heading, column] = outputsNoun(programs.map(p => p.displayPath))
  if (programs.some(p => p.platform)) {
    const rows = programs.map(
      p => `| ${code(p.displayPath)} | ${code(p.platform ?? 'unknown', 'line')} | ${formatBytes(p.bytes)} | \`${p.sha256}\` |`
    )
    return [`### ${heading}`, '', `| ${column} | Platform | Size | sha256 |`, '|---|---|--:|---|', ...rows].join('\n')
  }
  const rows = programs.map(p => `| ${code(p.displayPath)} | ${formatBytes(p.bytes)} | \`${p.sha256}\` |`)
  return [`### ${heading}`, '', `| ${column} | Size | sha256 |`, '|---|--:|---|', ...rows].join('\n')
}

/** The table's heading and first column: programs, libraries, or files when it holds both or a wheel. */
function outputsNoun(paths: string[]): [string, string] {
  const libraries = paths.filter(isSharedLibrary).length
  if (libraries === 0 && !paths.some(file => file.endsWith('.whl'))) return ['Optimized programs', 'Program']
  if (libraries === paths.length) return ['Optimized libraries', 'Library']
  return ['Optimized files', 'File']
}
