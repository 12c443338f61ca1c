// Text the action did not write itself, made safe for the log. The runner
// reads every line of the step's stdout and stderr, and a line that parses
// as a workflow command is obeyed: `::stop-commands::` would silence the
// action's own `::add-mask::` and `::error::`, `::set-output::` would change
// an output. The code the action builds and runs is untrusted, and so is all
// it chooses: its output, and the names of its functions, files and
// profiles. log.ts passes every line of the action's through neutralize();
// exec.ts passes commands' output through CommandOutput.
import { StringDecoder } from 'node:string_decoder'

/**
 * Characters that a culture-aware string comparison may skip, or that
 * String.TrimStart removes: whitespace, controls, format characters (the
 * zero-width space, the soft hyphen), marks and unassigned code points.
 * The runner is .NET, and its StartsWith("::") and IndexOf("##[") are
 * culture-aware; everything that is not a letter, digit, punctuation or
 * symbol is taken to be skippable. Line breaks end a line instead.
 */
const SKIPPABLE = '[^\\p{L}\\p{N}\\p{P}\\p{S}\\r\\n]'
/**
 * The start of a line that begins with `::`, as the runner's TrimStart and
 * StartsWith see it. With the m flag, ^ also matches after \r, where the
 * runner splits lines too (.NET's ReadLine).
 */
const COMMAND_START = new RegExp(`^(?=${SKIPPABLE}*:${SKIPPABLE}*:)`, 'gmu')
/** `##[` anywhere in a line: the older command form, which the runner still reads. */
const OLD_COMMAND = new RegExp(`(#${SKIPPABLE}*#${SKIPPABLE}*)\\[`, 'gu')

/**
 * The text with every line that the runner could read as a workflow
 * command changed so that it cannot be: a backslash before a leading `::`
 * and before the `[` of `##[`. The line still reads as it was written, and
 * a line that was never a command is left exactly as it is. Two passes of
 * the whole text, not one a line: command output runs to many megabytes.
 */
export function neutralize(text: string): string {
  if (!text.includes(':') && !text.includes('#')) return text
  return text.replace(OLD_COMMAND, '$1\\[').replace(COMMAND_START, '\\')
}

/** A line of text longer than this is broken, so that a command that prints no line break cannot hold memory. */
const LONGEST_HELD_LINE = 64 * 1024

/**
 * A command's output on its way to the log. Whole lines are passed on,
 * neutralized; the start of an unfinished line is held until its end comes
 * (the runner shows no line before its end either), so that a command
 * cannot split `::` across two writes.
 */
export class CommandOutput {
  private held = ''
  private readonly decoder = new StringDecoder('utf8')
  /** Whether the last line was left out of the log. */
  private leftOut = false

  /** `shown`: whether a line (without its line break) goes to the log; every line does without it. */
  constructor(private readonly shown?: (line: string) => boolean) {}

  /** The text of `chunk` that is ready for the log: every line finished in it. */
  push(chunk: Buffer): string {
    const text = this.held + this.decoder.write(chunk)
    const end = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1
    this.held = text.slice(end)
    let ready = text.slice(0, end)
    if (this.held.length > LONGEST_HELD_LINE) {
      ready += `${this.held}\n`
      this.held = ''
    }
    return neutralize(this.shownOf(ready))
  }

  /** What is still held, ended with a line break, so that the next line of the log starts afresh. */
  end(): string {
    const rest = this.held + this.decoder.end()
    this.held = ''
    return rest === '' ? '' : neutralize(this.shownOf(`${rest}\n`))
  }

  /** The lines of `text` (each ended by \n) that go to the log; a blank line after a line left out goes with it (rustc ends each warning with one). */
  private shownOf(text: string): string {
    if (!this.shown || text === '') return text
    const shown = this.shown
    return text
      .split(/(?<=\n)/)
      .filter(line => {
        const bare = line.replace(/\r?\n$/, '')
        if (bare === '') {
          const keep = !this.leftOut
          this.leftOut = false
          return keep
        }
        this.leftOut = !shown(bare)
        return !this.leftOut
      })
      .join('')
  }
}

/** Writes a file of command output to the log, neutralized, waiting whenever the log's pipe is full. */
export async function writeCommandOutput(chunks: AsyncIterable<Buffer>, to: NodeJS.WritableStream = process.stdout): Promise<void> {
  const output = new CommandOutput()
  const write = (text: string): Promise<void> | undefined =>
    text === '' || to.write(text) ? undefined : new Promise(resolve => to.once('drain', () => resolve()))
  for await (const chunk of chunks) await write(output.push(chunk))
  await write(output.end())
}

/**
 * A name as one line of the log shows it: line breaks and other control
 * characters written as escapes, so that a name cannot start a new line.
 */
export function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, char =>
    char === '\n' ? '\\n' : char === '\r' ? '\\r' : char === '\t' ? '\\t' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}
