import type { FunctionCounts } from '../llvm/profile-tool'

/**
 * How much of a CPU profile is about a program: the share of its samples
 * taken in functions the program has. Go's PGO matches a profile to the
 * code by function name, so samples in functions the program lacks guide
 * nothing. The names come from the program's pclntab, which has inlined
 * functions too; where only the symbol table could be read, a function
 * inlined everywhere has no symbol, so a function also counts as present
 * when the program has any function of its package.
 */
export interface SampleFit {
  /** The profile's samples, all functions together. */
  samples: number
  /** Share of the profile's samples in functions the program has, 0 to 1. */
  share: number
  /** Share of the samples in functions named by the program's main package's import path, 0 to 1. */
  mainPackageShare: number
  /** The hottest functions the program lacks, hottest first. */
  unmatched: string[]
}

export interface ProgramSymbols {
  functions: Set<string>
  packages: Set<string>
  /** Whether `functions` has inlined functions too (from the pclntab): then a name must match exactly. */
  complete: boolean
}

/** Below this share the profile is mostly about other code, and the summary says so loudly. */
export const LOW_FIT_SHARE = 0.8

/** The functions a program holds code of, by name (from its pclntab, inlined ones included), and their packages. */
export function programFunctions(names: Iterable<string>, complete = true): ProgramSymbols {
  const functions = new Set(names)
  return { functions, packages: new Set([...functions].map(packageOf)), complete }
}

/** The text symbols of `go tool nm` ("  4ce060 T example.com/x/geometry.(*Circle).Area"): the fallback, without inlined functions. */
export function programSymbols(nmOutput: string): ProgramSymbols {
  const names: string[] = []
  for (const line of nmOutput.split('\n')) {
    const match = /^\s*[0-9a-f]*\s+[Tt]\s+(\S.*)$/.exec(line)
    if (match) names.push(match[1])
  }
  return programFunctions(names, false)
}

/** The package of a Go function name: "example.com/x/geometry" of "example.com/x/geometry.(*Circle).Area". */
export function packageOf(functionName: string): string {
  const name = withoutInstantiation(functionName)
  const lastSlash = name.lastIndexOf('/')
  const dot = name.indexOf('.', lastSlash + 1)
  return dot < 0 ? name : name.slice(0, dot)
}

/** A generic function's type arguments, which may hold package paths of their own: "slices.Sort[...]" → "slices.Sort". */
function withoutInstantiation(name: string): string {
  const bracket = name.indexOf('[')
  return bracket < 0 ? name : name.slice(0, bracket)
}

/** pprof -top marks frames of inlined calls " (inline)"; the function's name is what comes before. */
function functionName(topName: string): string {
  return topName.replace(/ \(inline\)$/, '')
}

/** The fit of a profile's sampled functions (their own samples) to one program's symbols. */
export function sampleFit(sampled: FunctionCounts[], symbols: ProgramSymbols, mainImportPath?: string): SampleFit {
  let total = 0
  let matched = 0
  let inMain = 0
  const unmatched: FunctionCounts[] = []
  for (const fn of sampled) {
    const name = functionName(fn.name)
    total += fn.totalCount
    if (symbols.functions.has(name) || (!symbols.complete && symbols.packages.has(packageOf(name)))) matched += fn.totalCount
    else unmatched.push(fn)
    if (mainImportPath && packageOf(name) === mainImportPath) inMain += fn.totalCount
  }
  return {
    samples: total,
    share: total ? matched / total : 0,
    mainPackageShare: total ? inMain / total : 0,
    unmatched: unmatched
      .sort((a, b) => b.totalCount - a.totalCount)
      .slice(0, 3)
      .map(fn => functionName(fn.name))
  }
}
