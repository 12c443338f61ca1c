import { goFunctionNames } from '../../../../src/toolchains/go/go-pclntab'

/** A program's bytes with a Go 1.20 pcHeader (64-bit) whose function name table holds `names`, after some unrelated bytes. */
function programWith(names: string[], options: { prefix?: Buffer } = {}): Buffer {
  const table = Buffer.from(names.map(name => `${name}\0`).join(''))
  const header = Buffer.alloc(8 + 8 * 8)
  header.writeUInt32LE(0xfffffff1, 0)
  header[6] = 1 // minLC on amd64
  header[7] = 8 // ptrSize
  header.writeBigUInt64LE(BigInt(names.length), 8) // nfunc
  header.writeBigUInt64LE(BigInt(header.length), 8 + 3 * 8) // funcnameOffset: right after the header
  header.writeBigUInt64LE(BigInt(header.length + table.length), 8 + 4 * 8) // cuOffset: right after the table
  return Buffer.concat([options.prefix ?? Buffer.alloc(0), header, table, Buffer.from('cutab…')])
}

describe('goFunctionNames', () => {
  test('reads the function name table, inlined functions and generic instances included', () => {
    const names = ['runtime.main', 'main.main', 'example.com/x/text.Checksum', 'slices.Sort[go.shape.int]']
    expect(goFunctionNames(programWith(names))).toEqual(new Set(names))
  })

  test('bytes that only look like the magic are passed over', () => {
    const decoy = Buffer.from([0xf1, 0xff, 0xff, 0xff, 0, 0, 9, 9, 1, 2, 3])
    expect(goFunctionNames(programWith(['runtime.main', 'main.main'], { prefix: decoy }))).toEqual(new Set(['runtime.main', 'main.main']))
  })

  test('no table, or one without runtime.main: undefined, for the caller to fall back', () => {
    expect(goFunctionNames(Buffer.from('\x7fELF not a Go program'))).toBeUndefined()
    expect(goFunctionNames(programWith(['main.main']))).toBeUndefined()
  })
})
