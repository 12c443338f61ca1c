import { boltProgramsDigest, misfit } from '../../../src/bolt/profile-set'
import { bufferReader, ElfType, parseElf, SECTION_ALLOC, SectionType, type ElfInfo, type ElfSection } from '../../../src/executables/elf'
import {
  boltAptPackage,
  boltObstacle,
  boltPlatformProblem,
  instrumentArgs,
  isInstrumentationProfile,
  isStripConflict,
  layoutFlags,
  optimizeArgs,
  parseBoltHelp,
  parseDynoStats,
  unknownFlags
} from '../../../src/llvm/llvm-bolt'

// llvm-bolt 22's --dyno-stats report, cut from a run on the c-make fixture.
const DYNO_OUTPUT = `BOLT-INFO: 0 Functions were reordered by LoopInversionPass
BOLT-INFO: program-wide dynostats after all optimizations before SCTC and FOP:

            30026512 : executed forward branches
            16140252 : taken forward branches
                   0 : executed unconditional branches
           155307826 : executed instructions
            16380846 : taken branches

            30026512 : executed forward branches (=)
             5221250 : taken forward branches (-67.7%)
                   2 : executed unconditional branches (+200.0%)
           155308074 : executed instructions (+0.0%)
             5461846 : taken branches (-66.7%)

BOLT-INFO: padding code to 0x600000 to accommodate hot text
`

describe('dyno stats', () => {
  test('the counts before and after, by name, from the last report', () => {
    expect(parseDynoStats(DYNO_OUTPUT)).toEqual([
      { name: 'executed forward branches', before: 30026512, after: 30026512 },
      { name: 'taken forward branches', before: 16140252, after: 5221250 },
      { name: 'executed unconditional branches', before: 0, after: 2 },
      { name: 'executed instructions', before: 155307826, after: 155308074 },
      { name: 'taken branches', before: 16380846, after: 5461846 }
    ])
  })

  test('a report "(no change)" has one block: after is before', () => {
    const unchanged =
      'BOLT-INFO: program-wide dynostats after all optimizations before SCTC and FOP (no change):\n\n     1,234 : taken branches\n\n'
    expect(parseDynoStats(unchanged)).toEqual([{ name: 'taken branches', before: 1234, after: 1234 }])
  })

  test('no report, no stats; a line that only looks like one outside the report is not one', () => {
    expect(parseDynoStats('BOLT-INFO: 2 instructions were shortened\n   12 : taken branches\n')).toEqual([])
  })
})

describe('llvm-bolt arguments', () => {
  test("the layout flags of rustc's own release builds, with two-way splitting on AArch64", () => {
    expect(layoutFlags('x64')).toEqual([
      '--reorder-blocks=ext-tsp',
      '--reorder-functions=cdsort',
      '--split-functions',
      '--split-strategy=cdsplit',
      '--split-all-cold',
      '--jump-tables=move',
      '--icf=all',
      '--update-debug-sections',
      '--dyno-stats',
      '--no-huge-pages'
    ])
    expect(layoutFlags('arm64')).toContain('--split-strategy=profile2')
  })

  test('optimizing reads the merged profile; instrumenting writes one profile per process', () => {
    expect(optimizeArgs('pgo/app', 'out/app', '../bolt-profile/app.fdata', 'x64').slice(0, 4)).toEqual([
      'pgo/app',
      '-o',
      'out/app',
      '--data=../bolt-profile/app.fdata'
    ])
    expect(instrumentArgs('/p/app', '/i/app', '/raw/app/app.fdata')).toEqual([
      '--instrument',
      '/p/app',
      '-o',
      '/i/app',
      '--instrumentation-file=/raw/app/app.fdata',
      '--instrumentation-file-append-pid'
    ])
    expect(isInstrumentationProfile('app.fdata.4242.fdata')).toBe(true)
    expect(isInstrumentationProfile('app.fdata')).toBe(false)
  })

  test('the flags are checked against llvm-bolt --help: an older llvm-bolt is named with what it lacks', () => {
    const current = [
      '  --dyno-stats                                          - print execution info based on profile',
      '  --icf=<value>                                         - fold functions with identical code',
      '    =all                                                -   Enable identical code folding',
      '    =<empty>                                            -   Enable identical code folding',
      '  --reorder-functions=<value>                           - reorder and cluster functions (works only with relocations)',
      '    =hfsort+                                            -   use cache-directed sort',
      '    =cdsort                                             -   use cache-directed sort',
      '  --split-functions                                     - split functions into fragments',
      '  --instrumentation-file=<string>                       - file name where instrumented profile will be saved'
    ].join('\n')
    const options = parseBoltHelp(current)
    expect(
      unknownFlags(['--icf=all', '--reorder-functions=cdsort', '--split-functions', '--dyno-stats', '--instrumentation-file=/x'], options)
    ).toEqual([])
    expect(unknownFlags(['--icf=safe', '--reorder-functions=cds', '--split-strategy=cdsplit'], options)).toEqual([
      '--icf=safe',
      '--reorder-functions=cds',
      '--split-strategy=cdsplit'
    ])
    // In older LLVM releases --icf was a plain switch, which refuses --icf=all.
    const older = parseBoltHelp('  --icf                                                 - fold functions with identical code\n')
    expect(unknownFlags(['--icf=all'], older)).toEqual(['--icf=all'])
  })

  test("Debian's and Ubuntu's package for BOLT, and lld's refusal of a stripped link with relocations", () => {
    expect(boltAptPackage(22)).toBe('bolt-22')
    expect(isStripConflict('          rust-lld: error: --strip-all and --emit-relocs may not be used together')).toBe(true)
    expect(isStripConflict('error: linking with `cc` failed: exit status: 1')).toBe(false)
  })
})

describe('where BOLT runs and what it rewrites', () => {
  test('Linux on x86-64 and AArch64 only', () => {
    expect(boltPlatformProblem('linux', 'x64')).toBeUndefined()
    expect(boltPlatformProblem('linux', 'arm64')).toBeUndefined()
    expect(boltPlatformProblem('darwin', 'arm64')).toBe('BOLT rewrites Linux (ELF) programs, and this runner is macOS')
    expect(boltPlatformProblem('win32', 'x64')).toBe('BOLT rewrites Linux (ELF) programs, and this runner is Windows')
    expect(boltPlatformProblem('linux', 'riscv64')).toBe('BOLT rewrites x86-64 and AArch64 programs, and this runner is riscv64')
  })

  const program = (changes: Partial<ElfInfo> = {}): ElfInfo => ({
    bits: 64,
    littleEndian: true,
    type: ElfType.SharedObject,
    machine: 62,
    sections: [
      { name: '.rela.dyn', type: SectionType.Rela, flags: SECTION_ALLOC },
      { name: '.text', type: 1, flags: SECTION_ALLOC | 0x4 },
      { name: '.rela.text', type: SectionType.Rela, flags: 0x40 },
      { name: '.symtab', type: SectionType.SymbolTable, flags: 0 }
    ],
    ...changes
  })
  const without = (name: string): ElfSection[] => program().sections.filter(section => section.name !== name)

  test('a 64-bit ELF program with its symbols and its link relocations can be rewritten', () => {
    expect(boltObstacle(program())).toBeUndefined()
    expect(boltObstacle(program({ type: ElfType.Executable, machine: 183 }))).toBeUndefined()
  })

  test('each thing that stops BOLT is named', () => {
    expect(boltObstacle(undefined)).toEqual({ kind: 'other', reason: 'it is not an ELF program' })
    expect(boltObstacle(program({ bits: 32 }))?.reason).toMatch(/32-bit/)
    expect(boltObstacle(program({ type: 1 }))?.reason).toBe('it is not an executable')
    expect(boltObstacle(program({ machine: 243 }))?.reason).toBe(
      'it is built for ELF machine 243, and BOLT rewrites x86-64 and AArch64 programs'
    )
    expect(
      boltObstacle(program({ sections: [...program().sections, { name: '.note.bolt_info', type: SectionType.Note, flags: 0 }] }))?.reason
    ).toBe('BOLT already rewrote it')
    expect(boltObstacle(program({ sections: without('.symtab') }))?.kind).toBe('stripped')
    // .rela.dyn is loaded at run time and every dynamic program has it: it does not count.
    expect(boltObstacle(program({ sections: without('.rela.text') }))?.kind).toBe('no-relocations')
  })
})

describe('reading ELF section headers', () => {
  /** A minimal ELF file: the header, the named sections, and the section name table. */
  function elfFile(options: { bits: 32 | 64; littleEndian: boolean; sections: ElfSection[] }): Buffer {
    const { bits, littleEndian } = options
    const sections = [{ name: '', type: 0, flags: 0 }, ...options.sections, { name: '.shstrtab', type: 3, flags: 0 }]
    const names = Buffer.concat(sections.map(section => Buffer.from(`${section.name}\0`)))
    const nameOffsets = sections.map((_, i) => sections.slice(0, i).reduce((sum, section) => sum + section.name.length + 1, 0))
    const headerSize = bits === 64 ? 64 : 52
    const entrySize = bits === 64 ? 64 : 40
    const namesOffset = headerSize
    const tableOffset = namesOffset + names.length
    const file = Buffer.alloc(tableOffset + entrySize * sections.length)
    const u16 = (value: number, at: number) => (littleEndian ? file.writeUInt16LE(value, at) : file.writeUInt16BE(value, at))
    const u32 = (value: number, at: number) => (littleEndian ? file.writeUInt32LE(value, at) : file.writeUInt32BE(value, at))
    const word = (value: number, at: number) =>
      bits === 32 ? u32(value, at) : littleEndian ? file.writeBigUInt64LE(BigInt(value), at) : file.writeBigUInt64BE(BigInt(value), at)
    file.set([0x7f, 0x45, 0x4c, 0x46, bits === 64 ? 2 : 1, littleEndian ? 1 : 2, 1], 0)
    u16(ElfType.SharedObject, 16)
    u16(bits === 64 ? 62 : 3, 18)
    const at =
      bits === 64
        ? { shoff: 0x28, shentsize: 0x3a, shnum: 0x3c, shstrndx: 0x3e }
        : { shoff: 0x20, shentsize: 0x2e, shnum: 0x30, shstrndx: 0x32 }
    word(tableOffset, at.shoff)
    u16(entrySize, at.shentsize)
    u16(sections.length, at.shnum)
    u16(sections.length - 1, at.shstrndx)
    names.copy(file, namesOffset)
    sections.forEach((section, i) => {
      const base = tableOffset + i * entrySize
      u32(nameOffsets[i], base)
      u32(section.type, base + 4)
      word(section.flags, base + 8)
      if (section.name === '.shstrtab') {
        word(namesOffset, base + (bits === 64 ? 24 : 16))
        word(names.length, base + (bits === 64 ? 32 : 20))
      }
    })
    return file
  }
  const reader = bufferReader
  const sections: ElfSection[] = [
    { name: '.text', type: 1, flags: 6 },
    { name: '.rela.text', type: SectionType.Rela, flags: 0x40 },
    { name: '.symtab', type: SectionType.SymbolTable, flags: 0 }
  ]

  test('64-bit little-endian: class, type, machine and every section', () => {
    const elf = parseElf(reader(elfFile({ bits: 64, littleEndian: true, sections })))
    expect(elf).toMatchObject({ bits: 64, littleEndian: true, type: ElfType.SharedObject, machine: 62 })
    expect(elf?.sections.map(section => section.name)).toEqual(['', '.text', '.rela.text', '.symtab', '.shstrtab'])
    expect(elf?.sections[2]).toEqual({ name: '.rela.text', type: SectionType.Rela, flags: 0x40 })
  })

  test('32-bit and big-endian files read the same', () => {
    expect(parseElf(reader(elfFile({ bits: 32, littleEndian: false, sections })))?.sections.map(section => section.name)).toEqual([
      '',
      '.text',
      '.rela.text',
      '.symtab',
      '.shstrtab'
    ])
  })

  test('a file that is not ELF, or is cut short, is not taken for one', () => {
    expect(parseElf(reader(Buffer.from('#!/bin/sh\necho hello\n'.repeat(4))))).toBeUndefined()
    expect(parseElf(reader(elfFile({ bits: 64, littleEndian: true, sections }).subarray(0, 40)))).toBeUndefined()
  })
})

describe('BOLT profiles and the programs they were recorded on', () => {
  const programs = [
    { displayPath: 'target/x/release/b', sha256: 'b'.repeat(64) },
    { displayPath: 'target/x/release/a', sha256: 'a'.repeat(64) }
  ]
  const set = { programs: programs.map(program => ({ ...program, profile: 'p.fdata', profileSha256: 'f'.repeat(64) })) }

  test('the digest names the exact programs, in any order', () => {
    expect(boltProgramsDigest(programs)).toMatch(/^[0-9a-f]{16}$/)
    expect(boltProgramsDigest([...programs].reverse())).toBe(boltProgramsDigest(programs))
    expect(boltProgramsDigest([programs[0], { ...programs[1], sha256: 'c'.repeat(64) }])).not.toBe(boltProgramsDigest(programs))
  })

  test('a set fits only the same programs with the same hashes', () => {
    expect(misfit(set, programs)).toBeUndefined()
    expect(misfit(set, [programs[0], { ...programs[1], sha256: 'c'.repeat(64) }])).toBe(
      'target/x/release/a is not the program it was recorded on (sha256 cccccccccccc…, recorded aaaaaaaaaaaa…)'
    )
    expect(misfit(set, [...programs, { displayPath: 'target/x/release/c', sha256: 'c'.repeat(64) }])).toBe(
      'it has no profile for target/x/release/c'
    )
    expect(misfit(set, [programs[0]])).toBe('it was made for target/x/release/a too, which this build did not write')
  })
})
