// The outputs room: the programs a build wrote, found by the binaries
// patterns or watched for while it runs, identified by their contents, and
// described for the report; the release kept while a variant builds
// (kept-release.ts), and the plain build shipped in its place
// (shipped-build.ts).
// May import: system.
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '../system/log'
import * as glob from '@actions/glob'
import { ActionError } from '../system/errors'
import { sha256File } from '../system/hash'
import { displayPath, liesWithin } from '../system/paths'

/** A program the release holds, as the report names it. */
export interface ProgramReport {
  /** As the user would write it: relative to working-directory where it is inside. */
  displayPath: string
  sha256: string
  bytes: number
  /** The platform it was built for, where the release has several (Go's linux/arm64). */
  platform?: string
}

/**
 * The files the `binaries` patterns name, relative to the working directory.
 * Each pattern must match a file: a pattern that matches nothing is almost
 * always a wrong path, and the error says which one.
 */
export async function expandBinaryPatterns(patterns: string[], cwd: string): Promise<string[]> {
  const { files, unmatched } = await matchPatterns(patterns, cwd)
  if (unmatched.length > 0) {
    throw new ActionError(
      `binaries: ${unmatched.map(p => `'${p}'`).join(', ')} matched no file in ${cwd} after the build. ` +
        'Patterns are relative to working-directory; check the path the build writes the program to.'
    )
  }
  return files
}

async function matchPatterns(patterns: string[], cwd: string): Promise<{ files: string[]; unmatched: string[] }> {
  const found = new Set<string>()
  const excluded = new Set<string>()
  const unmatched: string[] = []
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!')
    const files = await globFiles(path.resolve(cwd, negated ? pattern.slice(1) : pattern))
    if (negated) files.forEach(file => excluded.add(file))
    else if (files.length === 0) unmatched.push(pattern)
    else files.forEach(file => found.add(file))
  }
  return { files: [...found].filter(file => !excluded.has(file)).sort(), unmatched }
}

/** What identifies a file's contents without reading it: a rewritten program changes it. */
type FileSignature = string

function signature(file: string): FileSignature | undefined {
  const stat = fs.statSync(file, { throwIfNoEntry: false })
  return stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}` : undefined
}

/** What a build that wrote none of its programs means. */
export interface UpToDate {
  /** Whether programs from before the step are the build's output (the plain build), or a build that ignored the action's flags. */
  accept: boolean
  /** The build, for the error: "The optimized build". */
  what: string
  /** Files already warned about as not written by a build: each build would say it again. */
  warned: Set<string>
  /** One build per platform: a pattern that reaches every platform's directory matches the other builds' programs, which is no mistake. */
  platforms?: boolean
}

/**
 * Notes what the `binaries` patterns match before a build, so that a file the
 * build did not write (a checked-in script beside the programs) is not taken
 * for one of its programs.
 */
export async function watchBinaryPatterns(
  patterns: string[],
  cwd: string,
  workspace: string,
  upToDate: UpToDate
): Promise<{ programs(): Promise<string[]> }> {
  const before = new Map((await matchPatterns(patterns, cwd)).files.map(file => [file, signature(file)]))
  return {
    programs: async () => {
      const files = await expandBinaryPatterns(patterns, cwd)
      const untouched = files.filter(file => before.has(file) && before.get(file) === signature(file))
      const names = listed(untouched.map(file => displayPath(file, cwd)))
      // The action rewrites its programs in place (BOLT) and uploads them: a file it did not see built must be the workspace's.
      const foreign = untouched.filter(file => !liesWithin(file, workspace))
      if (foreign.length > 0) {
        throw new ActionError(
          `binaries matches ${listed(foreign)}, outside the workspace, and the build did not write ${foreign.length === 1 ? 'it' : 'them'}: ` +
            'the action takes only programs the build wrote, or files in the workspace. Check the patterns in binaries.'
        )
      }
      if (untouched.length === files.length) {
        if (!upToDate.accept) throw staleOutputsError(upToDate.what, names, untouched.length)
        // cargo or make found everything up to date: what is there is the build's output.
        if (untouched.length > 0) core.info(`The build rewrote none of ${names}: taking them as they are, up to date.`)
        return files
      }
      const newlyUntouched = untouched.filter(file => !upToDate.warned.has(file))
      newlyUntouched.forEach(file => upToDate.warned.add(file))
      if (newlyUntouched.length > 0 && upToDate.platforms) {
        core.info(
          `Left out, as this build did not write them (another platform's build did, or they were there before): ${listed(newlyUntouched.map(file => displayPath(file, cwd)))}`
        )
      } else if (newlyUntouched.length > 0) {
        core.warning(
          `binaries matches ${listed(newlyUntouched.map(file => displayPath(file, cwd)))}, which the build did not write (it is as it was before the build): it is left out of the programs the action optimizes and reports.`
        )
      }
      return files.filter(file => !untouched.includes(file))
    }
  }
}

/**
 * A build with new flags that rewrote nothing: its outputs date from before
 * the step (an earlier step built them, or the runner keeps its checkout),
 * and the action never deletes what it did not see appear.
 */
function staleOutputsError(what: string, names: string, count: number): ActionError {
  const [it, was] = count === 1 ? ['it', 'was'] : ['they', 'were']
  return new ActionError(
    `${what} wrote none of ${names}: ${it} ${was} there before this step, and the build found ${it} up to date, so nothing was ` +
      "compiled with the action's flags. The action deletes only files that appear during the step, so the outputs of a build " +
      'before it stay: run the step on a clean checkout, or clean in the build command (make clean && make …, or a new CMake ' +
      'build directory: rm -rf build && cmake -S . -B build …).'
  )
}

/** Names for a message, the first few of many: a pattern such as ../* can match thousands. */
function listed(names: string[], shown = 5): string {
  const more = names.length - shown
  return more > 0 ? `${names.slice(0, shown).join(', ')} and ${more} more` : names.join(', ')
}

/** The files a glob pattern matches, directories left out. */
export async function globFiles(pattern: string): Promise<string[]> {
  const globber = await glob.create(pattern, { matchDirectories: false, implicitDescendants: false })
  return (await globber.glob()).filter(file => fs.statSync(file).isFile())
}

export async function describePrograms(files: string[], cwd: string): Promise<ProgramReport[]> {
  return Promise.all(
    files.map(async file => ({ displayPath: displayPath(file, cwd), sha256: await sha256File(file), bytes: fs.statSync(file).size }))
  )
}
