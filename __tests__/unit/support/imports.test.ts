// Dependencies point one way: lint keeps each room to the rooms below it
// (eslint.config.js), and this test finds any cycle between files, type-only
// imports included, inside a room or across rooms.
import * as fs from 'node:fs'
import * as path from 'node:path'

const SRC = path.join(__dirname, '..', '..', '..', 'src')

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : []
  })
}

/** The files of src/ that `file` imports, by its import and export-from lines. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8')
  const specifiers = [...text.matchAll(/^(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'|^import\s+'(\.[^']+)'/gm)].map(match => match[1] ?? match[2])
  return specifiers.map(specifier => path.resolve(path.dirname(file), specifier) + '.ts').filter(target => fs.existsSync(target))
}

/** Every cycle, each once, as the files in it relative to src/. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (file: string): void => {
    state.set(file, 'open')
    stack.push(file)
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(stack.slice(stack.indexOf(next)).map(entry => path.relative(SRC, entry)))
      else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of graph.keys()) if (!state.has(file)) visit(file)
  return found
}

test('no file in src/ imports itself through others', () => {
  const graph = new Map(sourceFiles(SRC).map(file => [file, importsOf(file)]))
  expect(graph.size).toBeGreaterThan(100)
  expect([...graph.values()].flat().length).toBeGreaterThan(300)
  expect(cycles(graph)).toEqual([])
})

test('a cycle is found, however long', () => {
  const graph = new Map([
    [path.join(SRC, 'a.ts'), [path.join(SRC, 'b.ts')]],
    [path.join(SRC, 'b.ts'), [path.join(SRC, 'c.ts')]],
    [path.join(SRC, 'c.ts'), [path.join(SRC, 'a.ts')]]
  ])
  expect(cycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']])
})
