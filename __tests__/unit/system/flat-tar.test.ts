import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { packFlatTar, unpackFlatTar } from '../../../src/system/flat-tar'

const LONG = `${'build#CMakeFiles#'.repeat(8)}shapes.cpp.gcda`

describe('a flat tar', () => {
  test('the same files in any order give the same bytes, and come back whole', () => {
    const entries = [
      { name: 'b.gcda', data: Buffer.from('two') },
      { name: LONG, data: Buffer.alloc(700, 7) },
      { name: 'a.gcno', data: Buffer.alloc(0) }
    ]
    const packed = packFlatTar(entries)
    expect(packFlatTar([...entries].reverse()).equals(packed)).toBe(true)
    expect(unpackFlatTar(packed, 'it')).toEqual([...entries].sort((x, y) => (x.name < y.name ? -1 : 1)))
  })

  test('tar reads it as the same files, long names included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flat-tar-'))
    const archive = path.join(dir, 'p.tar')
    fs.writeFileSync(archive, packFlatTar([{ name: LONG, data: Buffer.from('counts') }]))
    expect(execFileSync('tar', ['-tf', archive], { encoding: 'utf8' })).toBe(`${LONG}\n`)
    execFileSync('tar', ['-xf', archive, '-C', dir])
    expect(fs.readFileSync(path.join(dir, LONG), 'utf8')).toBe('counts')
  })

  test('an entry that is a path, a link, or cut short is refused, naming the archive', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flat-tar-'))
    fs.mkdirSync(path.join(dir, 'sub'))
    fs.writeFileSync(path.join(dir, 'sub', 'x.gcda'), 'x')
    fs.symlinkSync('/etc/passwd', path.join(dir, 'link.gcda'))
    const withPath = execFileSync('tar', ['-cf', '-', '-C', dir, 'sub/x.gcda'])
    expect(() => unpackFlatTar(withPath, 'The profile p')).toThrow(
      "The profile p is not a profile archive the action wrote: it holds an entry named 'sub/x.gcda', which is not a plain file name."
    )
    const withLink = execFileSync('tar', ['-cf', '-', '-C', dir, 'link.gcda'])
    expect(() => unpackFlatTar(withLink, 'p')).toThrow("it holds an entry of type '2', and a profile holds plain files only")
    const packed = packFlatTar([{ name: 'a.gcda', data: Buffer.alloc(2000) }])
    expect(() => unpackFlatTar(packed.subarray(0, 1024), 'p')).toThrow('it ends inside an entry')
    expect(() => unpackFlatTar(packed.subarray(0, 512 * 5), 'p')).toThrow('it has no end marker (cut short?)')
    const damaged = Buffer.from(packed)
    damaged[10] ^= 1
    expect(() => unpackFlatTar(damaged, 'p')).toThrow('a header fails its checksum')
  })

  test('a name that is not a plain file name is never written', () => {
    expect(() => packFlatTar([{ name: '../x', data: Buffer.alloc(1) }])).toThrow('not a plain file name')
  })
})
