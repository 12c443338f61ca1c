import type { FunctionCounts } from '../../llvm/profile-tool'
import { displayPath } from '../../system/paths'

/** One program's fit to the profile it was built with. */
export interface ProgramSampleFit {
  program: string
  fit: SampleFit
  /** The import path of the program's main package. */
  mainPackage?: string
}

/** The fit of the optimized programs, judged: the summary's words, the log's lines, and the warnings. */
export interface SampleFitReport {
  /** For the optimized build's row: "the profile's samples in their functions: bin/a 98.1%, bin/b 40.0%". */
  text: string
  notes: string[]
  warnings: string[]
}

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
const LOW_FIT_SHARE = 0.8

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

/**
 * "samples in the program's functions: 98.1%", for each program, with a
 * warning for each program the profile mostly misses. A profile from a test
 * binary of package main is the usual cause, and it is named: go test
 * compiles the package under its import path, the program as main, and Go's
 * PGO matches functions by name.
 */
export function judgeSampleFits(fits: ProgramSampleFit[], workingDirectory: string): SampleFitReport | undefined {
  // An empty profile has no fit to judge; the profile's own row says it has no samples.
  if (fits.length === 0 || fits.every(({ fit }) => fit.samples === 0)) return undefined
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`
  const notes: string[] = []
  const warnings: string[] = []
  for (const { program, fit, mainPackage } of fits) {
    const name = displayPath(program, workingDirectory)
    if (fit.mainPackageShare >= MAIN_PACKAGE_SHARE_NOTED) {
      warnings.push(
        `${percent(fit.mainPackageShare)} of the profile's samples are in functions named ${mainPackage}.…, which ${name} calls main.…: they come from a go test ` +
          "of package main, which compiles the package under its import path, and Go's PGO matches functions by name, so it uses none of them. " +
          'Profile the program itself (a -cpuprofile flag, runtime/pprof), or benchmark code that lives outside package main.'
      )
    } else if (fit.share < LOW_FIT_SHARE) {
      warnings.push(
        `${name} has the functions of only ${percent(fit.share)} of the profile's samples (the hottest it lacks: ${fit.unmatched.join(', ')}): ` +
          'the profile was taken from other code and guides little of this program. Check that the workload runs this program, or benchmarks the packages it uses.'
      )
    }
    notes.push(`Profile fit: ${percent(fit.share)} of the profile's samples are in functions of ${name}`)
  }
  const shares = fits.map(({ program, fit }) =>
    fits.length === 1 ? percent(fit.share) : `${displayPath(program, workingDirectory)} ${percent(fit.share)}`
  )
  return { text: `the profile's samples in ${fits.length === 1 ? 'its' : 'their'} functions: ${shares.join(', ')}`, notes, warnings }
}

/** The share of samples in a main package's test-binary names above which the profile is called out as from go test of package main. */
const MAIN_PACKAGE_SHARE_NOTED = 0.05
