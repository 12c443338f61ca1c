// The PE reader on a program a real linker wrote: Go links Windows programs
// itself on any system, and keeps their COFF symbol table.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { bufferReader, MalformedProgram } from '../../../src/executables/elf'
import { isPe, parsePeFunctionNames } from '../../../src/executables/pe'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-pe-'))

test("a Go program for windows/amd64: its own functions and the runtime's, not its data", () => {
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/shapes\n\ngo 1.22\n')
  fs.writeFileSync(
    path.join(dir, 'main.go'),
    'package main\n\nimport "fmt"\n\nfunc area(w, h int) int { return w * h }\n\nfunc main() { fmt.Println(area(3, 4)) }\n'
  )
  execFileSync('go', ['build', '-o', 'shapes.exe', '.'], {
    cwd: dir,
    env: { ...process.env, GOOS: 'windows', GOARCH: 'amd64', CGO_ENABLED: '0' }
  })
  const read = bufferReader(fs.readFileSync(path.join(dir, 'shapes.exe')))
  expect(isPe(read)).toBe(true)
  const names = parsePeFunctionNames(read)
  expect(names?.has('main.main')).toBe(true)
  expect(names?.has('runtime.mallocgc')).toBe(true)
  expect(names?.has('runtime.buildVersion')).toBe(false)
}, 120_000)

test("a program linked without symbols, and counts that break the file's bounds", () => {
  execFileSync('go', ['build', '-ldflags=-s', '-o', 'stripped.exe', '.'], {
    cwd: dir,
    env: { ...process.env, GOOS: 'windows', GOARCH: 'amd64', CGO_ENABLED: '0' }
  })
  expect(parsePeFunctionNames(bufferReader(fs.readFileSync(path.join(dir, 'stripped.exe'))))).toBeUndefined()
  const file = Buffer.alloc(128)
  file.write('MZ', 0, 'latin1')
  file.writeUInt32LE(64, 0x3c)
  file.writeUInt32LE(0x4550, 64)
  file.writeUInt16LE(2, 68 + 2)
  file.writeUInt32LE(100, 68 + 8)
  file.writeUInt32LE(0x7fffffff, 68 + 12)
  expect(() => parsePeFunctionNames(bufferReader(file))).toThrow(MalformedProgram)
  expect(isPe(bufferReader(Buffer.from('\x7fELF')))).toBe(false)
}, 120_000)

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
