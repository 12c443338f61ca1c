// What gcov-dump prints of GCC's profile files, read back. Of a counts file
// (gcov-dump -l x.gcda), each function's record and its arc counters:
//   x.gcda:  01000000:  12:FUNCTION ident=2057255425, lineno_checksum=0x…, cfg_checksum=0x…
//   x.gcda:    01a10000:  24:COUNTERS arcs 3 counts
//   x.gcda:                   0: 8 1142864 8000000
// Of a notes file (gcov-dump x.gcno), each function's name and place:
//   x.gcno:  01000000:  56:FUNCTION ident=108032747, …, `main' src/main.c:6:5-8:35

/** One function's counters in a counts file, keyed by the unit (the file's name without its ending) and GCC's ident. */
export interface CountedFunction {
  unit: string
  ident: string
  /** Every arc counter: how often each edge of its flow graph ran. */
  arcs: number[]
}

/** The functions of every counts file gcov-dump -l printed, in its order. */
export function parseCountsDump(output: string): CountedFunction[] {
  const functions: CountedFunction[] = []
  let current: CountedFunction | undefined
  let inArcs = false
  for (const line of output.split('\n')) {
    const record = /^(.*)\.gcda:\s+([0-9a-f]{8}):\s*\d+:(\S+)(.*)$/.exec(line)
    if (record) {
      const [, file, , tag, rest] = record
      if (tag === 'FUNCTION') {
        current = { unit: unitOf(file), ident: /ident=(\d+)/.exec(rest)?.[1] ?? '?', arcs: [] }
        functions.push(current)
        inArcs = false
      } else inArcs = tag === 'COUNTERS' && /^\s*arcs\b/.test(rest)
      continue
    }
    const values = /^.*\.gcda:\s+\d+:((?:\s+\d+)+)\s*$/.exec(line)
    if (values && inArcs && current) current.arcs.push(...values[1].trim().split(/\s+/).map(Number))
  }
  return functions
}

/** Each function's name in the notes files gcov-dump printed, keyed `<unit>:<ident>`. */
export function parseNotesDump(output: string): Map<string, string> {
  const names = new Map<string, string>()
  for (const line of output.split('\n')) {
    const match = /^(.*)\.gcno:\s+[0-9a-f]{8}:\s*\d+:FUNCTION ident=(\d+),.*?`(.*)'\s/.exec(line)
    if (match) names.set(`${unitOf(match[1])}:${match[2]}`, match[3])
  }
  return names
}

/** The unit a file belongs to: its name without directory, which the counts and the notes of one object share. */
function unitOf(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1)
}
