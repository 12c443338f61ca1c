// How much of one profile's work another profile never saw. LLVM takes a
// function whose counts are all zero as cold: optimized for size, not
// inlined into, placed apart. So a benchmark that spends its time in code
// the training never ran measures code the profile made slower on purpose.
import { execFileSync } from 'node:child_process'
import { capture, percent } from './measure'

const PROFDATA = 'llvm-profdata-22'

/** Each function's counted blocks, summed, by its name without the file prefix LLVM gives local symbols ("file.rs;name"). */
export function functionCounts(profile: string): Map<string, number> {
  const listing = execFileSync(PROFDATA, ['show', '--all-functions', '--counts', profile], { encoding: 'utf8', maxBuffer: 1024 * 2 ** 20 })
  const counts = new Map<string, number>()
  let name: string | undefined
  for (const line of listing.split('\n')) {
    const header = /^ {2}(\S.*):$/.exec(line)
    if (header) {
      name = header[1].slice(header[1].lastIndexOf(';') + 1)
      continue
    }
    const blocks = /^ {4}Block counts: \[(.*)\]$/.exec(line)
    if (blocks && name) {
      const total = blocks[1].split(',').reduce((sum, count) => sum + (Number(count) || 0), 0)
      counts.set(name, (counts.get(name) ?? 0) + total)
    }
  }
  return counts
}

export interface Untrained {
  /** Functions that ran under `measured`. */
  ran: number
  /** Of those, the ones `training` never ran. */
  untrained: number
  /** Their share of `measured`'s counted blocks. */
  share: number
  /** The biggest of them, demangled, with their share. */
  biggest: string[]
}

/** The work of `measured` that fell in functions `training` has no counts for. */
export function untrainedWork(training: Map<string, number>, measured: Map<string, number>, shown = 3): Untrained {
  const ran = [...measured].filter(([, count]) => count > 0)
  const total = ran.reduce((sum, [, count]) => sum + count, 0)
  const untrained = ran.filter(([name]) => !training.get(name)).sort((a, b) => b[1] - a[1])
  const work = untrained.reduce((sum, [, count]) => sum + count, 0)
  const names = demangle(untrained.slice(0, shown).map(([name]) => name))
  return {
    ran: ran.length,
    untrained: untrained.length,
    share: total > 0 ? work / total : 0,
    biggest: untrained.slice(0, shown).map(([, count], i) => `${names[i]} (${percent(count / total)})`)
  }
}

/** llvm-profdata's "Edge profile overlap" of two profiles: 100% when their block counts are in the same proportions. */
export function edgeOverlap(first: string, second: string): string {
  const report = capture(PROFDATA, ['overlap', first, second])
  return /Edge profile overlap: ([\d.]+%)/.exec(report)?.[1] ?? '?'
}

/** Rust's symbols as people read them, without the hash: `regex_automata::dfa::search::find_fwd`. */
export function demangle(symbols: string[]): string[] {
  if (symbols.length === 0) return []
  const plain = execFileSync('c++filt', [], { input: symbols.join('\n'), encoding: 'utf8' })
  return plain
    .trimEnd()
    .split('\n')
    .map(name => name.replace(/::h[0-9a-f]{16}$/, ''))
}
