// How well a profile fits the programs built with it, as the fit room
// finds it: the whole build's, each program's, and what the staleness rule
// counts. The report shows these; the fit room owns them.
import { count } from '../system/units'

/** How well the profile fit the code of the optimized build. */
export interface FitReport {
  /** Functions the compiler named, each once: without profile data, and changed since profiling. */
  missing: number
  mismatched: number
  /** A few of the functions named in the warnings. */
  examples: string[]
  /** The functions the warnings named, up to FitReport's limit each: the compiler's warnings are kept out of the log, and the summary lists them. */
  functions?: { missing: string[]; mismatched: string[] }
  /** Each program's share of them, and whether a workload ran it, where the programs' symbol tables tell. */
  programs?: ProgramFit[]
  /** What the staleness rule counts, where it differs from the whole: see JudgedFit. */
  judged?: JudgedFit
}

/** Whether the profile holds data for a program: 'unknown' where its symbols cannot tell (then it counts as trained). */
export type Training = 'ran' | 'not run' | 'unknown'

export interface ProgramFit {
  displayPath: string
  training: Training
  /** Its functions the profile has data for, has none for, and that changed since profiling; undefined without a symbol table. */
  functions?: { withData: number; missing: number; mismatched: number }
}

/**
 * The functions the staleness rule counts against a reused profile: those
 * of the programs a workload ran (a function only programs no workload ran
 * define is theirs to lack), and, where the profile came with the record
 * of what its own build could not match (its baseline), only those new
 * since then.
 */
export interface JudgedFit {
  missing: number
  mismatched: number
  /** The share of the profile's counts in the functions counted as changed: how much of the hot path lost its data. */
  changedShare: number
  /** Functions left out because only programs no workload ran define them. */
  untrained: number
  /** Functions left out because the profile's own build already lacked them; undefined without a baseline. */
  inBaseline?: number
}

/** What the rule left out of a fit, and why, in words: one phrase for each reason that applied. */
export function describeLeftOut(judged: JudgedFit): string[] {
  const functions = (n: number) => count(n, 'function')
  return [
    judged.untrained ? `${functions(judged.untrained)} only programs no workload ran define` : '',
    judged.inBaseline !== undefined ? `${functions(judged.inBaseline)} the profile's own build already lacked (its baseline)` : ''
  ].filter(Boolean)
}
