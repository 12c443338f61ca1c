import * as fs from 'node:fs'
import * as path from 'node:path'
import { readableNames } from '../../llvm/readable-names'
import type { MergeInput, MergeOutcome, ProfileContents, ProfileTool } from '../../llvm/profile-tool'
import { commandEnv } from '../../system/environment'
import { ActionError } from '../../system/errors'
import { runTool } from '../../system/exec'
import { liesWithin } from '../../system/paths'
import { packFlatTar, unpackFlatTar, type FlatEntry } from '../../system/flat-tar'
import { FileKinds, readUntrusted, readUntrustedHead } from '../../system/untrusted-file'
import { parseCountsDump, parseNotesDump, type CountedFunction } from './gcov-dump-parser'
import { describeStamp, profileStamp, readProfileStamp, type GccVersion } from './gcc-version'

// GCC's profile is a directory of counts files (.gcda), one per object,
// named after the object's path. The action keeps it as one file: a tar of
// those files (packed by flat-tar.ts, so the same files give the same
// bytes), with each object's notes file (.gcno) beside its counts, which
// hold the functions' names. gcov-tool merges, gcov-dump reads.

/** gcov-dump reads this many files per run, well inside any command line's length. */
const FILES_PER_DUMP = 200

export interface GccProfileTools {
  gcovTool: string
  gcovDump: string
}

export interface GccProfileToolOptions {
  tools: GccProfileTools
  gcc: { name: string; version: GccVersion }
  /** The directory the build's object paths are relative to (the working directory): the instrumented build's notes lie under it. */
  buildRoot: string
  /** A directory the tool may fill and empty. */
  scratch: string
}

export class GcovProfileTool implements ProfileTool {
  readonly description: string
  private readonly stamp: string
  private scratchRuns = 0

  constructor(private readonly options: GccProfileToolOptions) {
    this.description = `gcov-tool ${options.gcc.version.full} (${options.tools.gcovTool})`
    this.stamp = profileStamp(options.gcc.version)
  }

  /** Refuses an archive that is not a profile, or whose counts another GCC wrote: this gcc would build without them. */
  checkReusable(profile: string, origin: string): void {
    const entries = this.readArchive(profile, `The profile ${profile} (${origin})`)
    const foreign = entries.find(entry => entry.name.endsWith('.gcda') && readProfileStamp(entry.data) !== this.stamp)
    if (!foreign) return
    const stamp = readProfileStamp(foreign.data)
    throw new ActionError(
      `The profile ${profile} (${origin}) was made by ${stamp ? describeStamp(stamp) : 'no GCC'} (${foreign.name}), and ${this.options.gcc.name} reads only its own version's counts: ` +
        `it would build without them. Make a new profile with this gcc (mode generate, without profile or profile-hash), or build with the GCC that made it (set CC and CXX).`
    )
  }

  /**
   * The workloads' counts files (GCC already added up every process's
   * counts in them) are packed with their notes; profile archives, with
   * their weights, are merged by gcov-tool merge first.
   */
  async merge(inputs: MergeInput[], output: string): Promise<MergeOutcome> {
    const dropped: MergeOutcome['dropped'] = []
    const work = this.freshDir('merge')
    try {
      const sets = this.inputSets(inputs, work, dropped)
      if (sets.length === 0) throw new ActionError(`gcov-tool could read none of ${inputs.map(input => input.file).join(', ')}.`)
      const merged = await this.mergeSets(sets, work)
      const notes = new Map(sets.flatMap(set => [...set.notes]))
      const entries = fs
        .readdirSync(merged)
        .filter(name => name.endsWith('.gcda'))
        .flatMap(name => {
          const counts = { name, data: fs.readFileSync(path.join(merged, name)) }
          const note = notes.get(stemOf(name))
          return note ? [counts, { name: `${stemOf(name)}.gcno`, data: note }] : [counts]
        })
      fs.writeFileSync(output, packFlatTar(entries))
      return { dropped }
    } finally {
      fs.rmSync(work, { recursive: true, force: true })
    }
  }

  /** Functions counted, how many ran, and the hottest by their most-run edge, named from the notes where the profile has them. */
  async contents(profile: string, hottest: number): Promise<ProfileContents> {
    const dir = this.freshDir('read')
    try {
      const entries = this.readArchive(profile, `The profile ${profile}`)
      entries.forEach(entry => fs.writeFileSync(path.join(dir, entry.name), entry.data))
      const counted = await this.dumpText(dir, entries, '.gcda', ['-l'])
      const names = parseNotesDump(await this.dumpText(dir, entries, '.gcno', []))
      const functions = parseCountsDump(counted)
      const withMax = functions.map(fn => ({ fn, max: Math.max(0, ...fn.arcs), total: fn.arcs.reduce((sum, count) => sum + count, 0) }))
      const ran = withMax.filter(entry => entry.max > 0)
      return {
        kind: 'counts',
        totalFunctions: functions.length,
        functionsWithCounts: ran.length,
        totalCount: withMax.reduce((sum, entry) => sum + entry.total, 0),
        hottest: ran
          .sort((a, b) => b.max - a.max)
          .slice(0, hottest)
          .map(entry => ({ name: nameOf(entry.fn, names), maxCount: entry.max, totalCount: entry.total }))
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }

  /** The notes hold C's names as they are and C++'s mangled: c++filt makes those readable. */
  readableNames(names: string[]): Promise<Map<string, string>> {
    return readableNames(names, path.dirname(this.options.tools.gcovTool))
  }

  /** Each input as a directory of counts files with a weight, and the notes that go with them. */
  private inputSets(inputs: MergeInput[], work: string, dropped: MergeOutcome['dropped']): CountSet[] {
    const sets: CountSet[] = []
    const raw = new Map<number, string[]>()
    for (const input of inputs) {
      const weight = input.weight ?? 1
      const head = readHead(input.file)
      if (readProfileStamp(head) === undefined) {
        const entries = this.readArchive(input.file, `The profile ${input.file}`)
        const dir = path.join(work, `in-${sets.length}`)
        fs.mkdirSync(dir)
        entries.filter(entry => entry.name.endsWith('.gcda')).forEach(entry => fs.writeFileSync(path.join(dir, entry.name), entry.data))
        const notes = new Map(entries.filter(entry => entry.name.endsWith('.gcno')).map(entry => [stemOf(entry.name), entry.data]))
        sets.push({ dir, weight, notes })
        continue
      }
      const stamp = readProfileStamp(head)
      if (stamp !== this.stamp)
        dropped.push({ file: input.file, reason: `written by ${describeStamp(stamp ?? '')}, not ${this.options.gcc.name}` })
      else raw.set(weight, [...(raw.get(weight) ?? []), input.file])
    }
    for (const [weight, files] of raw) {
      const dir = path.join(work, `in-${sets.length}`)
      fs.mkdirSync(dir)
      files.forEach(file => fs.copyFileSync(file, path.join(dir, path.basename(file))))
      sets.push({ dir, weight, notes: this.buildNotes(files) })
    }
    return sets
  }

  /**
   * The instrumented build's notes for these counts: a counts file is named
   * after its object's path under the build root, / turned into # (and ..
   * into ^), and the notes lie beside the object.
   */
  private buildNotes(countsFiles: string[]): Map<string, Buffer> {
    const notes = new Map<string, Buffer>()
    for (const file of countsFiles) {
      const stem = stemOf(path.basename(file))
      const relative = stem.replace(/\^/g, '..').replace(/#/g, '/')
      const notesFile = path.resolve(this.options.buildRoot, `${relative}.gcno`)
      // A counts file's name is the workloads' to choose: notes are read from the build's own tree only.
      if (!liesWithin(notesFile, this.options.buildRoot)) continue
      try {
        notes.set(stem, readUntrusted(notesFile, FileKinds.build, 'follow'))
      } catch {
        // No notes (an object built elsewhere): its functions are shown by number.
      }
    }
    return notes
  }

  /** gcov-tool merge, one set at a time into the sum of those before it, each with its weight. */
  private async mergeSets(sets: CountSet[], work: string): Promise<string> {
    if (sets.length === 1) return sets[0].dir
    let sum = sets[0].dir
    let sumWeight = sets[0].weight
    for (const [index, set] of sets.slice(1).entries()) {
      const out = path.join(work, `sum-${index}`)
      await runTool(this.options.tools.gcovTool, ['merge', '-o', out, '-w', `${sumWeight},${set.weight}`, sum, set.dir], {
        cwd: work,
        env: commandEnv(),
        what: 'Merging GCC profiles (gcov-tool merge)',
        quiet: true
      })
      sum = out
      sumWeight = 1
    }
    return sum
  }

  private async dumpText(dir: string, entries: FlatEntry[], ending: string, args: string[]): Promise<string> {
    const names = entries.map(entry => entry.name).filter(name => name.endsWith(ending))
    let text = ''
    for (let start = 0; start < names.length; start += FILES_PER_DUMP) {
      const { stdout } = await runTool(this.options.tools.gcovDump, [...args, ...names.slice(start, start + FILES_PER_DUMP)], {
        cwd: dir,
        env: commandEnv(),
        what: 'Reading GCC profiles (gcov-dump)',
        quiet: true,
        capture: true
      })
      text += stdout
    }
    return text
  }

  private readArchive(file: string, what: string): FlatEntry[] {
    const entries = unpackFlatTar(readUntrusted(file, FileKinds.profile), what)
    const stray = entries.find(entry => !/\.gc(da|no)$/.test(entry.name))
    if (stray) throw new ActionError(`${what} holds ${stray.name}, and a GCC profile holds .gcda and .gcno files only.`)
    return entries
  }

  private freshDir(kind: string): string {
    const dir = path.join(this.options.scratch, `${kind}-${++this.scratchRuns}`)
    fs.rmSync(dir, { recursive: true, force: true })
    fs.mkdirSync(dir, { recursive: true })
    return dir
  }
}

interface CountSet {
  dir: string
  weight: number
  /** Notes files by the stem they share with their counts. */
  notes: Map<string, Buffer>
}

function stemOf(name: string): string {
  return name.replace(/\.gc(da|no)$/, '')
}

function readHead(file: string): Buffer {
  return readUntrustedHead(file, FileKinds.profile, 8)
}

/** The function's name from the notes, or its unit and GCC's number for it where the profile has no notes. */
function nameOf(fn: CountedFunction, names: Map<string, string>): string {
  return names.get(`${fn.unit}:${fn.ident}`) ?? `${fn.unit.replace(/#/g, '/')}: function ${fn.ident}`
}
