/** A failure whose message is complete as it stands: what went wrong and what to do. */
export class ActionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ActionError'
  }
}

/** Every problem found in the inputs, reported together before any work starts. */
export class InputError extends ActionError {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? `Invalid input: ${problems[0]}` : `Invalid inputs:\n${problems.map(p => `- ${p}`).join('\n')}`)
    this.name = 'InputError'
  }
}

/** A command that exited non-zero (or could not start), with the end of its output. */
export class CommandError extends ActionError {
  constructor(
    readonly what: string,
    readonly commandLine: string,
    readonly exitDescription: string,
    readonly tail: string[]
  ) {
    super(CommandError.format(what, commandLine, exitDescription, tail))
    this.name = 'CommandError'
  }

  private static format(what: string, commandLine: string, exitDescription: string, tail: string[]): string {
    const head = `${what} failed: \`${firstLineOf(commandLine)}\` ${exitDescription}.`
    if (tail.length === 0) return `${head} It printed nothing.`
    return `${head}\nLast ${tail.length} lines of its output:\n${tail.map(l => `  ${l}`).join('\n')}`
  }
}

/** A script of several lines as its first line and how many there are: the error's first line stays one line. */
function firstLineOf(command: string): string {
  const lines = command.split(/\r?\n/)
  return lines.length === 1 ? command : `${lines[0]} … (${lines.length} lines)`
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
