// The fit room: how well a profile fits the programs built with it, per
// program (this file), read from each program's symbol table and described
// for the log (program-fit.ts), and the record each profile keeps of what
// its own build could not match (baseline.ts).
// May import: executables, outputs, system.
import type { FitBaseline, FitNames } from './baseline'
import type { JudgedFit, ProgramFit, Training } from './fit-report'

/** A program and the functions its symbol table defines (undefined when it has none: stripped). */
export interface ProgramFunctions {
  displayPath: string
  functions?: ReadonlySet<string>
}

/** The functions a profile holds data for, and those of them that ran (a counter above zero), with their counters added up. */
export interface ProfileNames {
  all: ReadonlySet<string>
  ran: ReadonlyMap<string, number>
  /** Every counter of the profile added up. */
  totalCount: number
}

/**
 * Which programs the profile was trained on, and each one's fit. A program
 * ran when one of the functions only it defines ran; it did not when such
 * a function was compiled with counters (the profile knows it, or the
 * compiler found no data for it) and none ran. Otherwise (no symbols, or
 * only functions other programs share, such as C's `main`) its symbols
 * cannot tell. A profile holds zero counts for functions linked into a
 * program a workload ran but never called, so holding data is not running.
 */
export function fitPerProgram(programs: ProgramFunctions[], profile: ProfileNames, names: FitNames): ProgramFit[] {
  const definedBy = countDefinitions(programs)
  return programs.map(({ displayPath, functions }) => {
    if (!functions) return { displayPath, training: 'unknown' }
    const own = [...functions].filter(name => definedBy.get(name) === 1)
    const instrumented = (name: string) => profile.all.has(name) || names.missing.has(name)
    const training: Training = own.some(name => profile.ran.has(name)) ? 'ran' : own.some(instrumented) ? 'not run' : 'unknown'
    const mismatched = countIn(functions, names.mismatched)
    return {
      displayPath,
      training,
      functions: { withData: countIn(functions, profile.all) - mismatched, missing: countIn(functions, names.missing), mismatched }
    }
  })
}

/**
 * What the staleness rule counts: every function named, but those only
 * programs no workload ran define, and those the profile's baseline
 * already lacked. When no program ran, the profile fits none of them, and
 * every function counts.
 */
export function judgeFit(
  programs: ProgramFunctions[],
  fits: ProgramFit[],
  profile: ProfileNames,
  names: FitNames,
  baseline?: FitBaseline
): JudgedFit {
  // A stripped program may define any name, so none is known to belong to untrained programs alone.
  const known = someRanAndAllKnown(programs, fits)
  const untrainedOnly = known ? namesOnlyIn(programs, fits) : new Set<string>()
  let untrained = 0
  let inBaseline = 0
  const counted = (kind: ReadonlySet<string>, before: ReadonlySet<string> | undefined) =>
    [...kind].filter(name => {
      if (untrainedOnly.has(name)) untrained++
      else if (before?.has(name)) inBaseline++
      else return true
      return false
    })
  const missing = counted(names.missing, baseline?.missing)
  const mismatched = counted(names.mismatched, baseline?.mismatched)
  const changedCounts = mismatched.reduce((sum, name) => sum + (profile.ran.get(name) ?? 0), 0)
  const changedShare = profile.totalCount > 0 ? changedCounts / profile.totalCount : 0
  return { missing: missing.length, mismatched: mismatched.length, changedShare, untrained, inBaseline: baseline ? inBaseline : undefined }
}

function someRanAndAllKnown(programs: ProgramFunctions[], fits: ProgramFit[]): boolean {
  return fits.some(fit => fit.training === 'ran') && programs.every(program => program.functions !== undefined)
}

/** Names defined by programs no workload ran, and by no other program. */
function namesOnlyIn(programs: ProgramFunctions[], fits: ProgramFit[]): Set<string> {
  const notRun = new Set<string>()
  const elsewhere = new Set<string>()
  programs.forEach(({ functions }, index) => {
    for (const name of functions ?? []) (fits[index].training === 'not run' ? notRun : elsewhere).add(name)
  })
  return new Set([...notRun].filter(name => !elsewhere.has(name)))
}

function countDefinitions(programs: ProgramFunctions[]): Map<string, number> {
  const definedBy = new Map<string, number>()
  for (const { functions } of programs) for (const name of functions ?? []) definedBy.set(name, (definedBy.get(name) ?? 0) + 1)
  return definedBy
}

function countIn(functions: ReadonlySet<string>, names: ReadonlySet<string>): number {
  let count = 0
  for (const name of functions) if (names.has(name)) count++
  return count
}
