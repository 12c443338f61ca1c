// Reads a step's log as the runner reads it, to find every line it would
// obey as a workflow command. Stricter than the runner: its .NET string
// comparisons may skip zero-width and other invisible characters, so here
// anything but letters, digits, punctuation and symbols is skipped too.
import MarkdownIt from 'markdown-it'

const SKIPPABLE = '[^\\p{L}\\p{N}\\p{P}\\p{S}]'
const COMMAND = new RegExp(`^${SKIPPABLE}*:${SKIPPABLE}*:([^\\s:]*)`, 'u')
const OLD_COMMAND = new RegExp(`#${SKIPPABLE}*#${SKIPPABLE}*\\[([^\\s\\]]*)`, 'u')

export interface ParsedCommand {
  name: string
  line: string
}

/** Every line of `log` the runner could read as a command (it splits lines at \r as well as \n). */
export function runnerCommands(log: string): ParsedCommand[] {
  const found: ParsedCommand[] = []
  for (const line of log.split(/\r\n|\r|\n/)) {
    const match = COMMAND.exec(line) ?? OLD_COMMAND.exec(line)
    if (match) found.push({ name: match[1], line })
  }
  return found
}

/** The commands @actions/core writes for the action: at the very start of a line, in the current form. */
const ACTION_COMMANDS = new Set(['group', 'endgroup', 'warning', 'error', 'notice', 'debug', 'add-mask'])

/** The lines of `log` that the runner would obey and that the action did not write itself. */
export function foreignCommands(log: string): string[] {
  return runnerCommands(log)
    .filter(command => {
      const properties = /^::[\w-]+( [^:]*)?::/.exec(command.line)?.[1] ?? ''
      return !(ACTION_COMMANDS.has(command.name) && command.line.startsWith(`::${command.name}`)) || /Injected/i.test(properties)
    })
    .map(command => command.line)
}

/** Renders a job summary as GitHub does, with raw HTML allowed and bare addresses made links. */
export function renderMarkdown(markdown: string): string {
  return new MarkdownIt({ html: true, linkify: true }).render(markdown)
}

/** The elements the action's own summaries use. */
const SUMMARY_ELEMENTS = new Set([
  'h2',
  'h3',
  'p',
  'strong',
  'em',
  'code',
  'pre',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'blockquote',
  'ul',
  'li',
  'details',
  'summary',
  'sub',
  'br'
])

/** Elements in rendered HTML that the action's summaries never write (an image, a link, a script). */
export function foreignElements(html: string): string[] {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map(match => match[1].toLowerCase()).filter(name => !SUMMARY_ELEMENTS.has(name))
}
