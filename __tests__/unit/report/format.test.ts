import { cell, code, fenced } from '../../../src/report/format'
import { foreignElements, renderMarkdown } from '../../support/workflow-commands'

const HOSTILE = 'x`<img src=x onerror=alert(1)>`y | [click](https://evil.example) www.evil.example a@evil.example *em* ~~s~~ \\` &amp;'

/** The rendered HTML of a table whose only cell holds `content`. */
function inTable(content: string): string {
  return renderMarkdown(`| a |\n|---|\n| ${content} |\n`)
}

test('cell: text that renders as itself, with no element, link or new cell', () => {
  const html = inTable(cell(HOSTILE))
  expect(foreignElements(html)).toEqual([])
  expect(html).not.toMatch(/<(em|del|strong)>/)
  expect(html.match(/<td>/g)).toHaveLength(1)
  expect(html).toContain(
    'x`&lt;img src=x onerror=alert(1)&gt;`y | [click](https://evil.example) www.evil.example a@evil.example *em* ~~s~~ \\` &amp;amp;'
  )
})

test('code: a span no backtick inside can end, in a table cell and in a line', () => {
  const html = inTable(code(HOSTILE))
  expect(foreignElements(html)).toEqual([])
  expect(html.match(/<td>/g)).toHaveLength(1)
  expect(renderMarkdown(code('``a`', 'line'))).toBe('<p><code>``a`</code></p>\n')
  expect(code('a\nb')).toBe('`a\\nb`')
})

test('fenced: a fence longer than any run of backticks inside, and no carriage return to end the block', () => {
  const lines = fenced(['```', '<img src=x>', 'a\r<img src=y>'])
  expect(lines[0]).toBe('````')
  const html = renderMarkdown(lines.map(line => `> ${line}`).join('\n'))
  expect(foreignElements(html)).toEqual([])
  expect(html).toContain('a\\r&lt;img src=y&gt;')
})
