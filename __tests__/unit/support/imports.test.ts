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
  const specifiers = [...text.matchAll(/^(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'|^import\s+'(\.[^']+)'/gm)].map(
    match => match[1] ?? match[2]
  )
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

// Each room says in its header which rooms it may import, in one line of a
// fixed form, so a reader need not open eslint.config.js. eslint.config.js's
// table is the one source: this holds each header and docs/development.md's
// table to it, and the real imports within it.
const HEADER_LINE = /^\/\/ May import: (.+)\.$/m

/** The room a file of src/ belongs to: its folder, or config and constants for those two files. */
function roomOf(file: string): string | undefined {
  const [first, second] = path.relative(SRC, file).split(path.sep)
  if (second !== undefined) return first
  return ['config.ts', 'constants.ts'].includes(first) ? first.replace(/\.ts$/, '') : undefined
}

/** Each room's files. */
function rooms(): Map<string, string[]> {
  const byRoom = new Map<string, string[]>()
  for (const file of sourceFiles(SRC)) {
    const room = roomOf(file)
    if (room) byRoom.set(room, [...(byRoom.get(room) ?? []), file])
  }
  return byRoom
}

/** The rooms a header line names ("nothing" is none), sorted. */
function namedRooms(line: string): string[] {
  return line === 'nothing'
    ? []
    : line
        .split(',')
        .map(name => name.trim())
        .sort()
}

/** The rooms eslint.config.js's ROOMS table lets each folder import. */
function lintTable(): Map<string, string[]> {
  const config = fs.readFileSync(path.join(SRC, '..', 'eslint.config.js'), 'utf8')
  const table = /const ROOMS = \{([^}]*)\}/.exec(config)?.[1] ?? ''
  return new Map(
    [...table.matchAll(/^\s*(\w+): \[([^\]]*)\]/gm)].map(([, room, list]) => [room, namedRooms(list.replace(/'/g, '') || 'nothing')])
  )
}

describe('room headers', () => {
  const byRoom = rooms()
  const headers = new Map(
    [...byRoom].map(([room, files]) => [
      room,
      files.flatMap(file => {
        const line = HEADER_LINE.exec(fs.readFileSync(file, 'utf8'))?.[1]
        return line === undefined ? [] : [{ file: path.relative(SRC, file), rooms: namedRooms(line) }]
      })
    ])
  )

  test('every room has one header line that says what it may import', () => {
    expect(byRoom.size).toBeGreaterThan(14)
    const counts = Object.fromEntries([...headers].map(([room, found]) => [room, found.map(header => header.file)]))
    for (const [room, files] of Object.entries(counts)) expect({ room, files: files.length }).toEqual({ room, files: 1 })
  })

  test("each room imports only what its header allows: the header is the rule, lint's table the same rule, enforced", () => {
    for (const [room, files] of byRoom) {
      const allowed = headers.get(room)?.[0]?.rooms ?? []
      const imported = [
        ...new Set(
          files
            .flatMap(importsOf)
            .map(roomOf)
            .filter((other): other is string => other !== undefined && other !== room)
        )
      ].sort()
      expect({ room, beyondItsRule: imported.filter(other => !allowed.includes(other)) }).toEqual({ room, beyondItsRule: [] })
    }
  })

  test("each folder's header and lint's table agree", () => {
    const table = lintTable()
    expect(table.size).toBeGreaterThan(12)
    for (const [room, allowed] of table) expect({ room, imports: headers.get(room)?.[0]?.rooms }).toEqual({ room, imports: allowed })
    for (const room of byRoom.keys())
      if (!['config', 'constants'].includes(room)) expect({ room, inTable: table.has(room) }).toEqual({ room, inTable: true })
  })

  test('a header line reads as a sorted list of rooms', () => {
    expect(namedRooms('system, elf')).toEqual(['elf', 'system'])
    expect(namedRooms('nothing')).toEqual([])
    expect(HEADER_LINE.exec('// intro\n// May import: llvm, system.\nimport x')?.[1]).toBe('llvm, system')
  })
})

test("docs/development.md's room table names what each folder imports", () => {
  const doc = fs.readFileSync(path.join(SRC, '..', 'docs', 'development.md'), 'utf8')
  const rows = [...doc.matchAll(/^\| `src\/(\w+)\/` \|[^|]*\| ([^|]*) \|$/gm)]
  const table = lintTable()
  expect(rows.map(([, room]) => room).sort()).toEqual([...table.keys()].sort())
  for (const [, room, cell] of rows) {
    const named = [...cell.split(';')[0].matchAll(/`(\w+)(?:\/|\.ts)`/g)].map(match => match[1]).sort()
    expect({ room, imports: named }).toEqual({ room, imports: table.get(room) })
  }
})

test('no file is named like another room, and no two files share a name (index.ts aside)', () => {
  const files = sourceFiles(SRC).map(file => path.relative(SRC, file))
  const roomNames = new Set([...rooms().keys()])
  const named = (file: string) => path.basename(file, '.ts')
  const likeAnotherRoom = files.filter(file => roomNames.has(named(file)) && roomOf(path.join(SRC, file)) !== named(file))
  expect(likeAnotherRoom).toEqual([])
  const byName = new Map<string, string[]>()
  for (const file of files) byName.set(named(file), [...(byName.get(named(file)) ?? []), file])
  expect([...byName].filter(([name, found]) => found.length > 1 && name !== 'index')).toEqual([])
})
