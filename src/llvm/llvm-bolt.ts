// What the action knows about BOLT, LLVM's post-link optimizer, as plain
// data and pure functions: where it runs, which programs it can rewrite,
// the arguments of its three tools, and how to read what they print.
import { ElfType, SECTION_ALLOC, SectionType, type ElfInfo } from '../executables/elf'

/** The section llvm-bolt adds to every program it writes: its mark. */
export const BOLT_NOTE_SECTION = '.note.bolt_info'

/** Files llvm-bolt loads from the lib/ directory beside its bin/: the runtime an instrumented program links. */
export const BOLT_RUNTIME_LIBRARIES = ['libbolt_rt_instr.a']

/** Why shared libraries stay PGO builds, in every message that leaves one out or refuses it. */
/**
 * The LLVM whose llvm-bolt takes every flag the action passes, and BOLT's
 * LLVM where the compiler has none of its own to match (GCC) and
 * llvm-version names none.
 */
export const BOLT_LLVM_MAJOR = 22

export const PROGRAMS_ONLY = "the action runs BOLT's instrumentation on programs only"

/** The Debian and Ubuntu package with llvm-bolt and merge-fdata of LLVM `major` (llvm-N does not have them). */
export function boltAptPackage(major: number): string {
  return `bolt-${major}`
}

// ELF machines BOLT rewrites, and the Node.js names of the same architectures.
const MACHINES: Record<number, string> = { 62: 'x86-64', 183: 'AArch64' }
const ARCHES: Record<string, string> = { x64: 'x86-64', arm64: 'AArch64' }

/** Why BOLT cannot run on this runner, or undefined when it can: it rewrites Linux ELF programs for x86-64 and AArch64. */
export function boltPlatformProblem(platform: string, arch: string): string | undefined {
  const os = { darwin: 'macOS', win32: 'Windows' }[platform] ?? platform
  if (platform !== 'linux') return `BOLT rewrites Linux (ELF) programs, and this runner is ${os}`
  if (!ARCHES[arch]) return `BOLT rewrites x86-64 and AArch64 programs, and this runner is ${arch}`
  return undefined
}

/** Why llvm-bolt cannot rewrite a program; the kind says which advice helps. */
export interface BoltObstacle {
  kind: 'stripped' | 'no-relocations' | 'other'
  reason: string
}

/**
 * Why llvm-bolt cannot rewrite a program, or undefined when it can. It
 * needs a 64-bit ELF executable for a machine it knows, with its symbol
 * table (a stripped program has none) and with the relocations the linker
 * keeps only when asked (--emit-relocs): without them BOLT cannot move
 * functions. A program BOLT already wrote cannot be rewritten again.
 */
export function boltObstacle(elf: ElfInfo | undefined): BoltObstacle | undefined {
  const other = (reason: string): BoltObstacle => ({ kind: 'other', reason })
  if (!elf) return other('it is not an ELF program')
  if (elf.bits !== 64) return other('it is a 32-bit program, and BOLT rewrites 64-bit programs')
  if (elf.type !== ElfType.Executable && elf.type !== ElfType.SharedObject) return other('it is not an executable')
  if (!MACHINES[elf.machine])
    return other(`it is built for ELF machine ${elf.machine}, and BOLT rewrites ${Object.values(MACHINES).join(' and ')} programs`)
  if (elf.sections.some(section => section.name === BOLT_NOTE_SECTION)) return other('BOLT already rewrote it')
  if (!elf.sections.some(section => section.type === SectionType.SymbolTable)) {
    return { kind: 'stripped', reason: 'it is stripped: it has no symbol table, which BOLT needs' }
  }
  if (!hasLinkRelocations(elf))
    return { kind: 'no-relocations', reason: 'it was linked without its relocations (--emit-relocs), which BOLT needs to move code' }
  return undefined
}

/**
 * Relocation sections that are not loaded at run time exist only when the
 * linker kept the link's relocations (--emit-relocs); .rela.dyn and
 * .rela.plt, which every dynamic program has, are loaded.
 */
function hasLinkRelocations(elf: ElfInfo): boolean {
  return elf.sections.some(
    section => (section.type === SectionType.Rela || section.type === SectionType.Rel) && (section.flags & SECTION_ALLOC) === 0
  )
}

/**
 * A link that strips the symbols and keeps the relocations is refused by
 * lld ("--strip-all and --emit-relocs may not be used together"), which
 * rustc uses on x86-64 Linux: a Rust release profile with strip = true.
 */
export function isStripConflict(line: string): boolean {
  return /--strip-all and --emit-relocs|--emit-relocs and --strip-all/.test(line)
}

/**
 * Arguments that write an instrumented copy of `program` to `output`. Each
 * process of the instrumented program writes its counters at exit to
 * `<profileFile>.<pid>.fdata`, so processes never overwrite each other.
 */
export function instrumentArgs(program: string, output: string, profileFile: string): string[] {
  return ['--instrument', program, '-o', output, `--instrumentation-file=${profileFile}`, '--instrumentation-file-append-pid']
}

/** Whether a file in an instrumentation directory is a profile a process wrote (`<name>.fdata.<pid>.fdata`). */
export function isInstrumentationProfile(fileName: string): boolean {
  return /\.fdata\.\d+\.fdata$/.test(fileName)
}

export const NO_HUGE_PAGES = '--no-huge-pages'

/**
 * The layout flags rustc's own release builds give llvm-bolt (opt-dist in
 * rust-lang/rust), in the spelling LLVM 22's llvm-bolt documents.
 */
export function layoutFlags(arch: string): string[] {
  return [
    // Lay out each function's blocks so the hot path falls through (extended TSP).
    '--reorder-blocks=ext-tsp',
    // Place functions that call each other close together (cache-directed sort).
    '--reorder-functions=cdsort',
    // Move cold blocks out of their functions, into hot, warm and cold fragments;
    // three-way splitting is not reliable on AArch64, where two-way is used.
    '--split-functions',
    `--split-strategy=${arch === 'arm64' ? 'profile2' : 'cdsplit'}`,
    '--split-all-cold',
    // Jump tables in their own section, away from the code.
    '--jump-tables=move',
    // Fold functions whose code is identical.
    '--icf=all',
    // Keep the debug information true to the new layout.
    '--update-debug-sections',
    // Print the dynamic statistics before and after, for the summary.
    '--dyno-stats',
    // Lay the new code out on ordinary pages: the 2 MiB alignment llvm-bolt uses otherwise pads
    // every program by megabytes of zeros, for huge pages few systems map program text into
    // (bench/RESULTS.md, BOLT on top of PGO, measures both).
    NO_HUGE_PAGES
  ]
}

/** Arguments that write the optimized `output` from `program` and its merged profile. */
export function optimizeArgs(program: string, output: string, profile: string, arch: string): string[] {
  return [program, '-o', output, `--data=${profile}`, ...layoutFlags(arch)]
}

/** What an option of llvm-bolt takes: nothing (a switch), any value, or one of its choices. */
export type BoltOption = { takes: 'switch' } | { takes: 'value' } | { takes: 'choice'; choices: Set<string> }

/**
 * The options of `llvm-bolt --help-hidden`: every flag the action passes can be
 * checked before any work, so an llvm-bolt too old for them fails at once,
 * naming them. An option listed both as a switch and with choices (--icf)
 * takes the choices.
 */
export function parseBoltHelp(help: string): Map<string, BoltOption> {
  const options = new Map<string, BoltOption>()
  let choosing: Set<string> | undefined
  for (const line of help.split('\n')) {
    const option = /^ {2}--?([\w-]+)(=<(\w+)>)?\s+- /.exec(line)
    if (option) {
      const [, name, , kind] = option
      const known = options.get(name)
      choosing = undefined
      if (kind === 'value') {
        choosing = known?.takes === 'choice' ? known.choices : new Set()
        options.set(name, { takes: 'choice', choices: choosing })
      } else if (kind) {
        options.set(name, { takes: 'value' })
      } else if (!known) {
        options.set(name, { takes: 'switch' })
      }
      continue
    }
    const choice = /^ {4}=(\S+)\s+- /.exec(line)
    if (choice && choosing) choosing.add(choice[1] === '<empty>' ? '' : choice[1])
  }
  return options
}

/** The flags among `flags` that an llvm-bolt with these options would refuse. */
export function unknownFlags(flags: string[], options: Map<string, BoltOption>): string[] {
  return flags.filter(flag => {
    const [, name, value] = /^--?([\w-]+)(?:=(.*))?$/.exec(flag) ?? []
    const option = name ? options.get(name) : undefined
    if (!option) return true
    if (value === undefined) return false
    if (option.takes === 'switch') return !['true', 'false', '1', '0'].includes(value)
    return option.takes === 'choice' && !option.choices.has(value)
  })
}

/**
 * Reads `--dyno-stats` from llvm-bolt's output. After the heading
 * "BOLT-INFO: program-wide dynostats …" come the counts before the
 * optimizations, then, unless the heading says "(no change)", the counts
 * after them with the change in parentheses. The last report counts.
 */
export function parseDynoStats(output: string): DynoStat[] {
  let before: Array<[string, number]> = []
  let after = new Map<string, number>()
  let inReport = false
  for (const line of output.split('\n')) {
    if (/^BOLT-INFO: program-wide dynostats/.test(line)) {
      before = []
      after = new Map()
      inReport = true
      continue
    }
    if (!inReport) continue
    const stat = /^\s*([\d,]+) : (.+?)(?: \((=|[+-][\d.]+%)\))?\s*$/.exec(line)
    if (!stat) {
      if (line.trim() !== '' && (before.length > 0 || after.size > 0)) inReport = false
      continue
    }
    const [, count, name, change] = stat
    const value = Number(count.replace(/,/g, ''))
    if (change === undefined) before.push([name, value])
    else after.set(name, value)
  }
  return before.map(([name, value]) => ({ name, before: value, after: after.get(name) ?? value }))
}

/** One of llvm-bolt's dynamic statistics: counts from the profile, on the program before and after. */
export interface DynoStat {
  name: string
  before: number
  after: number
}
