// Words as the programs that read the action's variables split them. Every
// path the action adds to a command or a flag variable goes through one of
// these, so a space, a quote or a `;` in a path stays part of the path.

/** Characters that never need quoting for a POSIX shell. */
const PLAIN_WORD = /^[\w@%+=:,./-]+$/

/**
 * `word` quoted for a POSIX shell, as make, CMake's generators, autoconf's
 * eval and Meson's shlex read CC and CXX: single quotes, with each single
 * quote written as '\''.
 */
export function quoteForShell(word: string): string {
  return PLAIN_WORD.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

/**
 * Splits a shell word list the way a POSIX shell does for quotes and
 * backslashes (no expansions): how a CC of the user's such as
 * `ccache "/opt/my llvm/bin/clang"` names its program and arguments.
 */
export function splitShellWords(text: string): string[] {
  return scanWords(text, false).flat()
}

/**
 * A command line's simple commands, each as its words, split where the
 * shell splits them: at line breaks and at an unquoted `;`, `|`, `&`, `(`
 * or `)`, even against a word (`--release;`, `(cd app`). The `&` and `|`
 * of a redirection (`2>&1`, `&>log`, `>|`) stay in their word. No
 * expansions.
 */
export function shellCommands(text: string): string[][] {
  return scanWords(text, true)
}

function scanWords(text: string, atOperators: boolean): string[][] {
  const commands: string[][] = [[]]
  let word: string | undefined
  const endWord = () => {
    if (word !== undefined) commands[commands.length - 1].push(word)
    word = undefined
  }
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (atOperators && isCommandBreak(text, i)) {
      endWord()
      if (commands[commands.length - 1].length > 0) commands.push([])
    } else if (/\s/.test(char)) {
      endWord()
    } else if (char === "'") {
      const end = text.indexOf("'", i + 1)
      word = (word ?? '') + text.slice(i + 1, end < 0 ? text.length : end)
      i = end < 0 ? text.length : end
    } else if (char === '"') {
      let quoted = ''
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\' && /["\\$`]/.test(text[i + 1] ?? '')) i++
        quoted += text[i]
      }
      word = (word ?? '') + quoted
    } else if (char === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i]
    } else {
      word = (word ?? '') + char
    }
  }
  endWord()
  return commands.filter(words => words.length > 0)
}

/** An unquoted character at which one command ends: a line break, or an operator that is not part of a redirection. */
function isCommandBreak(text: string, i: number): boolean {
  const char = text[i]
  if (char === '\n' || char === ';' || char === '(' || char === ')') return true
  if (char !== '&' && char !== '|') return false
  const redirection = /[<>]/.test(text[i - 1] ?? '') || (char === '&' && text[i + 1] === '>')
  return !redirection
}

/**
 * `word` for GOFLAGS, which Go splits on spaces and unquotes with single or
 * double quotes (no escapes inside): undefined when the word holds both.
 */
export function quoteForGoFlags(word: string): string | undefined {
  if (!/[\s'"]/.test(word)) return word
  if (!word.includes("'")) return `'${word}'`
  if (!word.includes('"')) return `"${word}"`
  return undefined
}
