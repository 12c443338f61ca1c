import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { displayPath, filesIn, uniqueFileName } from '../../../src/system/paths'

test('display paths are relative inside the working directory, absolute outside', () => {
  expect(displayPath('/w/target/release/app', '/w')).toBe('target/release/app')
  expect(displayPath('/tmp/app', '/w')).toBe('/tmp/app')
})

test('a file name that is taken is numbered before its extension', () => {
  const used = new Set<string>()
  expect(['/a/app', '/b/app', '/a/p.profdata', '/b/p.profdata', '/c/app'].map(file => uniqueFileName(file, used))).toEqual([
    'app',
    'app-2',
    'p.profdata',
    'p-2.profdata',
    'app-3'
  ])
})

test('the files of a directory that a predicate keeps, sorted, as full paths', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-files-'))
  for (const name of ['w2_1.profraw', 'notes.txt', 'w1_9.profraw']) fs.writeFileSync(path.join(dir, name), '')
  expect(filesIn(dir, name => name.endsWith('.profraw'))).toEqual([path.join(dir, 'w1_9.profraw'), path.join(dir, 'w2_1.profraw')])
})
