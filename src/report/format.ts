// Numbers, sizes, times and text as the log and the job summary show them.
import { printable } from '../system/untrusted-text'

/** The change from `before` to `after` as a signed percentage: "−68.7%", "+0.03%", "=", or "new" from nothing. */
export function formatChange(before: number, after: number): string {
  if (before === after) return '='
  if (before === 0) return 'new'
  const percent = ((after - before) / before) * 100
  const size = Math.abs(percent)
  // Small changes keep a second decimal, so they do not read as none.
  const digits = size < 0.01 ? '<0.01' : size < 1 ? size.toFixed(2) : size.toFixed(1)
  return `${percent > 0 ? '+' : '−'}${digits}%`
}

/**
 * Text for the summary, in a table cell or a line: shown as it reads, never
 * as markup. Whatever it holds (names a pull request chose, command output)
 * makes no element, emphasis, link or new cell: HTML's special characters
 * become entities, Markdown's are escaped, line breaks become spaces, and
 * what GitHub would turn into a link by itself (`://`, `www.`, an address
 * with `@`) is broken by an entity, which renders as the character itself.
 */
export function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~!]/g, char => `\\${char}`)
    .replace(/:(?=\/\/)/g, '&#58;')
    .replace(/(www)\./gi, '$1&#46;')
    .replace(/@/g, '&#64;')
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
}

/**
 * A name in a code span, shown exactly: control characters written as
 * escapes, and a fence of more backticks than any run inside it, so that
 * nothing in the name can end the span. In a table cell (the default) its
 * pipes are escaped, which GitHub's tables read inside code spans too.
 */
export function code(text: string, where: 'cell' | 'line' = 'cell'): string {
  // A code span cannot hold a line break, and other control characters do not show.
  const shown = printable(text)
  const content = where === 'cell' ? shown.replace(/\|/g, '\\|') : shown
  const fence = '`'.repeat(longestRun(content, '`') + 1)
  const pad = /^[` ]|[` ]$/.test(content) ? ' ' : ''
  return `${fence}${pad}${content}${pad}${fence}`
}

/**
 * Lines shown verbatim in a fenced block that none of them can close: its
 * fence is longer than any run of backticks inside, and a carriage return,
 * which Markdown takes for the end of a line (and of a quote around the
 * block), is written as an escape.
 */
export function fenced(lines: string[], info = ''): string[] {
  const shown = lines.map(line => line.replace(/[\r\n\u2028\u2029]/g, printable))
  const fence = '`'.repeat(Math.max(3, ...shown.map(line => longestRun(line, '`') + 1)))
  return [`${fence}${info}`, ...shown, fence]
}

function longestRun(text: string, char: string): number {
  let longest = 0
  let run = 0
  for (const c of text) {
    run = c === char ? run + 1 : 0
    longest = Math.max(longest, run)
  }
  return longest
}

export function shorten(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((part / whole) * 100).toFixed(1)}%`
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const whole = Math.round(seconds)
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`
}

export { count, formatBytes, formatNumber } from '../system/units'
