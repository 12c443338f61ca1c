// The Mach-O reader on files real tools wrote: Go links darwin programs
// itself on any system, and clang writes Mach-O objects for an Apple target.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { bufferReader, MalformedProgram } from '../../../src/executables/elf'
import { isMachO, parseMachOFunctionNames } from '../../../src/executables/macho'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-macho-'))

function machO(file: string): Buffer {
  const bytes = fs.readFileSync(file)
  expect(isMachO(bufferReader(bytes))).toBe(true)
  return bytes
}

test("a Go program for darwin/arm64: its own functions and the runtime's", () => {
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/shapes\n\ngo 1.22\n')
  fs.writeFileSync(
    path.join(dir, 'main.go'),
    'package main\n\nimport "fmt"\n\nfunc area(w, h int) int { return w * h }\n\nfunc main() { fmt.Println(area(3, 4)) }\n'
  )
  execFileSync('go', ['build', '-o', 'shapes', '.'], {
    cwd: dir,
    env: { ...process.env, GOOS: 'darwin', GOARCH: 'arm64', CGO_ENABLED: '0' }
  })
  const names = parseMachOFunctionNames(bufferReader(machO(path.join(dir, 'shapes'))))
  expect(names?.has('main.main')).toBe(true)
  expect(names?.has('runtime.mallocgc')).toBe(true)
  // Data symbols are not functions.
  expect(names?.has('runtime.buildVersion')).toBe(false)
}, 120_000)

test('a C object clang wrote for arm64-apple-macos: defined functions without the leading underscore, not those it only calls', () => {
  const source = path.join(dir, 'hot.c')
  fs.writeFileSync(
    source,
    'extern int elsewhere(int);\nint counter = 1;\nint hot(int x) { return elsewhere(x) + counter; }\nstatic int cold(int x) { return x * 2; }\nint (*keep)(int) = cold;\n'
  )
  execFileSync('clang-22', ['--target=arm64-apple-macos11', '-O1', '-c', source, '-o', path.join(dir, 'hot.o')])
  const names = parseMachOFunctionNames(bufferReader(machO(path.join(dir, 'hot.o'))))
  expect([...(names ?? [])].sort()).toEqual(['cold', 'hot'])
})

test("not Mach-O, or a header whose counts break the file's bounds", () => {
  expect(parseMachOFunctionNames(bufferReader(Buffer.from('\x7fELF not this')))).toBeUndefined()
  const header = Buffer.alloc(32)
  header.writeUInt32LE(0xfeedfacf, 0)
  header.writeUInt32LE(3, 16)
  header.writeUInt32LE(0x7fffffff, 20)
  expect(() => parseMachOFunctionNames(bufferReader(header))).toThrow(MalformedProgram)
})

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
