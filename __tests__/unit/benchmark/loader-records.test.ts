import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { inWindow, readLoaderRecords } from '../../../src/benchmark/loader-records'

const window = { after: 1000, upTo: 1100 }

function records(files: Record<string, string>): { prefix: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-records-'))
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text)
  return { prefix: path.join(dir, 'loaded-plain'), dir }
}

test('process IDs handed out during the run, also across pid_max', () => {
  expect(inWindow(1001, window)).toBe(true)
  expect(inWindow(1000, window)).toBe(false)
  expect(inWindow(7, window)).toBe(false)
  expect(inWindow(32767, { after: 32700, upTo: 40 })).toBe(true)
  expect(inWindow(12, { after: 32700, upTo: 40 })).toBe(true)
  expect(inWindow(500, { after: 32700, upTo: 40 })).toBe(false)
})

test("the loader's records of the run are taken, with a forked child's lines in its parent's record", () => {
  const { prefix } = records({
    'loaded-plain.1010': '      1010:\tfile=libc.so.6 [0];  needed by bash [0]\n      1012:\tcalling fini:  [0]\n',
    'loaded-plain.1020': '      1020:\tcalling init: /w/libhot.so\n'
  })
  const read = readLoaderRecords(prefix, window)
  expect(read.setAside).toEqual([])
  expect(read.text).toContain('calling init: /w/libhot.so')
})

test('records the run did not write as the loader does are set aside, each with why', () => {
  const { prefix, dir } = records({
    'loaded-plain.7': '         7:\tcalling init: /w/libhot.so\n',
    'loaded-plain.1030': '      1031:\tcalling init: /w/libhot.so\n',
    'loaded-plain.1040': '      1040:\tfile=x [0]\n         7:\tcalling init: /w/libhot.so\n',
    'loaded-plain.1050': '      1050:\tfile=x [0]\ncalling init: /w/libhot.so\n',
    'loaded-plain.x': '1:\n'
  })
  fs.symlinkSync('/dev/zero', path.join(dir, 'loaded-plain.1060'))
  const read = readLoaderRecords(prefix, window)
  expect(read.text).toBe('')
  expect(read.setAside.sort()).toEqual([
    'loaded-plain.1030: it does not start with a line of process 1030',
    "loaded-plain.1040: a line of it is not the loader's line of a process of the run",
    "loaded-plain.1050: a line of it is not the loader's line of a process of the run",
    'loaded-plain.1060: it is a symbolic link',
    'loaded-plain.7: process 7 was not started by the run',
    'loaded-plain.x: not named by a process ID'
  ])
})
