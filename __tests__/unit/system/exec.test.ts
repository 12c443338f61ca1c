import { LINE_LIMIT, LineSplitter } from '../../../src/system/line-splitter'

function split(chunks: string[]): string[] {
  const lines: string[] = []
  const splitter = new LineSplitter(line => lines.push(line))
  chunks.forEach(chunk => splitter.push(Buffer.from(chunk)))
  splitter.flush()
  return lines
}

describe('splitting output into lines', () => {
  test('lines span chunks; a carriage return before the newline goes; the last line needs no newline', () => {
    expect(split(['one\ntw', 'o\r\nthr', 'ee'])).toEqual(['one', 'two', 'three'])
    expect(split(['\n\n'])).toEqual(['', ''])
  })

  test('a character split between chunks is decoded whole', () => {
    const bytes = Buffer.from('größe\n')
    const lines: string[] = []
    const splitter = new LineSplitter(line => lines.push(line))
    splitter.push(bytes.subarray(0, 3))
    splitter.push(bytes.subarray(3))
    expect(lines).toEqual(['größe'])
  })

  test('a line longer than the limit keeps its start and counts the rest', () => {
    const long = 'x'.repeat(LINE_LIMIT + 1234)
    const chunks = long.match(/.{1,1000}/g) ?? []
    expect(split([...chunks, '\nnext\n'])).toEqual([`${'x'.repeat(LINE_LIMIT)} … [1234 more characters]`, 'next'])
  })
})
