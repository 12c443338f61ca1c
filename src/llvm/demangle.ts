// Rust's legacy mangling (`_ZN4core3ptr..17h<hash>E`) read back into a path;
// other schemes (C++ Itanium, Rust v0) are left to a demangler program.

const LEGACY_ESCAPES: Record<string, string> = {
  SP: '@',
  BP: '*',
  RF: '&',
  LT: '<',
  GT: '>',
  LP: '(',
  RP: ')',
  C: ','
}

export function demangleRustLegacy(symbol: string): string | undefined {
  const body = /^_{0,2}ZN(.*)E$/.exec(symbol)?.[1]
  if (body === undefined) return undefined
  const parts: string[] = []
  let position = 0
  while (position < body.length) {
    const length = /^\d+/.exec(body.slice(position))?.[0]
    if (!length) return undefined
    position += length.length
    parts.push(body.slice(position, position + Number(length)))
    position += Number(length)
  }
  if (position !== body.length || parts.length === 0) return undefined
  // The last part of a Rust legacy symbol is its hash, `h` and 16 hex digits.
  if (!/^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) return undefined
  return parts.slice(0, -1).map(decodeLegacyPart).join('::')
}

function decodeLegacyPart(part: string): string {
  const unescaped = part.startsWith('_$') ? part.slice(1) : part
  return unescaped
    .replace(/\$([A-Z]+|u[0-9a-f]+)\$/g, (whole, code: string) => {
      if (code.startsWith('u')) return String.fromCodePoint(parseInt(code.slice(1), 16))
      return LEGACY_ESCAPES[code] ?? whole
    })
    .replace(/\.\./g, '::')
}
