// Evaluates cargo's `cfg(...)` target keys against `rustc --print cfg` output.
// Grammar: cfg(P); P = all(P, ...) | any(P, ...) | not(P) | name | name = "value".

type Token = { kind: 'ident' | 'string' | 'punct'; text: string }

/** Whether a `[target.'cfg(...)']` key applies to a target with these cfg lines. */
export function matchesCfg(key: string, cfgLines: string[]): boolean {
  const set = new Set(cfgLines.map(line => line.trim()).filter(line => line !== ''))
  const tokens = tokenize(key)
  let position = 0
  const peek = (): Token | undefined => tokens[position]
  const take = (text?: string): Token => {
    const token = tokens[position++]
    if (!token || (text !== undefined && token.text !== text)) throw new Error(`malformed cfg expression: ${key}`)
    return token
  }
  const list = (): boolean[] => {
    take('(')
    const values: boolean[] = []
    while (peek()?.text !== ')') {
      values.push(predicate())
      if (peek()?.text === ',') take(',')
    }
    take(')')
    return values
  }
  const predicate = (): boolean => {
    const name = take().text
    if (name === 'all') return list().every(Boolean)
    if (name === 'any') return list().some(Boolean)
    if (name === 'not') {
      const values = list()
      return !values[0]
    }
    if (peek()?.text === '=') {
      take('=')
      const value = take()
      return set.has(`${name}="${value.text}"`)
    }
    return set.has(name)
  }
  if (take().text !== 'cfg') return false
  take('(')
  const result = predicate()
  take(')')
  return result
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  const pattern = /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|"((?:[^"\\]|\\.)*)"|([(),=]))/y
  let match: RegExpExecArray | null
  while (pattern.lastIndex < text.length && (match = pattern.exec(text))) {
    if (match[1] !== undefined) tokens.push({ kind: 'ident', text: match[1] })
    else if (match[2] !== undefined) tokens.push({ kind: 'string', text: match[2] })
    else tokens.push({ kind: 'punct', text: match[3] })
  }
  return tokens
}
