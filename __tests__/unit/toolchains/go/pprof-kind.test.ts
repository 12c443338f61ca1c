import * as fs from 'node:fs'
import * as path from 'node:path'
import * as zlib from 'node:zlib'
import { describeSampleTypes, pprofKind } from '../../../../src/toolchains/go/pprof-kind'

// Profiles written by Go's runtime/pprof: StartCPUProfile, WriteHeapProfile, and Lookup("goroutine"/"mutex").
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../../fixtures/pprof-kinds', name))

describe('pprofKind', () => {
  test('a CPU profile, gzipped as runtime/pprof writes it or not', () => {
    expect(pprofKind(fixture('cpu.pprof'))).toEqual({ kind: 'cpu' })
    expect(pprofKind(zlib.gunzipSync(fixture('cpu.pprof')))).toEqual({ kind: 'cpu' })
  })

  test.each([
    ['heap.pprof', 'a heap profile'],
    ['goroutine.pprof', 'a goroutine profile'],
    ['mutex.pprof', 'a block or mutex profile']
  ])('%s is not a CPU profile: %s', (name, words) => {
    const kind = pprofKind(fixture(name))
    expect(kind.kind).toBe('other')
    if (kind.kind === 'other') expect(describeSampleTypes(kind.sampleTypes)).toBe(words)
  })

  test('the heap profile names its sample types', () => {
    expect(pprofKind(fixture('heap.pprof'))).toEqual({
      kind: 'other',
      sampleTypes: ['alloc_objects/count', 'alloc_space/bytes', 'inuse_objects/count', 'inuse_space/bytes']
    })
  })

  test('a truncated gzip stream, text, and an empty file are unreadable', () => {
    const cpu = fixture('cpu.pprof')
    expect(pprofKind(cpu.subarray(0, cpu.length / 2)).kind).toBe('unreadable')
    expect(pprofKind(Buffer.from('goos: linux\nBenchmarkArea-2 1000 1200 ns/op\n')).kind).toBe('unreadable')
    expect(pprofKind(Buffer.alloc(0))).toEqual({ kind: 'unreadable', reason: 'not a pprof profile: it has no sample types' })
  })
})
