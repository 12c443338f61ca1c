import * as fs from 'node:fs'
import * as path from 'node:path'
import { readableNames } from '../../llvm/readable-names'
import type { MergeInput, MergeOutcome, ProfileContents, ProfileTool } from '../../llvm/profile-tool'
import { commandEnv } from '../../system/environment'
import { ActionError } from '../../system/errors'
import { runTool } from '../../system/exec'
import { listTree } from '../../system/build-tree'
import { protectedDirectories } from '../../system/workdir'
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
      const counts = fs
        .readdirSync(merged)
        .filter(name => name.endsWith('.gcda'))
        .map(name => ({ name, data: fs.readFileSync(path.join(merged, name)) }))
      const notesEntries = [...notes].map(([stem, data]) => ({ name: `${stem}.gcno`, data }))
      fs.writeFileSync(output, packFlatTar([...counts, ...notesEntries]))
      return { dropped }
    } finally {
      fs.rmSync(work, { recursive: true, force: true })
    }
  }

  /**
   * Functions counted, how many ran, and the hottest by their most-run
   * edge, named from the notes where the profile has them; a function the
   * notes hold and no counts file does (an object no workload ran) counts
   * as one that did not run.
   */
  async contents(profile: string, hottest: number): Promise<ProfileContents> {
    const dir = this.freshDir('read')
    try {
      const entries = this.readArchive(profile, `The profile ${profile}`)
      entries.forEach(entry => fs.writeFileSync(path.join(dir, entry.name), entry.data))
      const names = parseNotesDump(await this.dumpText(dir, entries, '.gcno', []))
      const functions = parseCountsDump(await this.dumpText(dir, entries, '.gcda', ['-l'])).map(fn => ({
        fn,
        name: names.get(`${fn.unit}:${fn.ident}`),
        max: Math.max(0, ...fn.arcs),
        total: fn.arcs.reduce((sum, count) => sum + count, 0)
      }))
      const counted = new Set(functions.map(({ fn }) => `${fn.unit}:${fn.ident}`))
      const notesOnly = [...names].filter(([key]) => !counted.has(key)).map(([, name]) => name)
      const ran = functions.filter(entry => entry.max > 0)
      return {
        kind: 'counts',
        totalFunctions: functions.length + notesOnly.length,
        functionsWithCounts: ran.length,
        totalCount: functions.reduce((sum, entry) => sum + entry.total, 0),
        // The notes name a function as its symbol does (C's name, C++'s mangled one): the fit per program reads them.
        names: new Set([...functions.flatMap(entry => entry.name ?? []), ...notesOnly]),
        ranCounts: new Map(ran.flatMap(entry => (entry.name ? [[entry.name, entry.total] as const] : []))),
        hottest: ran
          .sort((a, b) => b.max - a.max)
          .slice(0, hottest)
          .map(entry => ({ name: entry.name ?? unnamed(entry.fn), maxCount: entry.max, totalCount: entry.total }))
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
      sets.push({ dir, weight, notes: this.buildNotes() })
    }
    return sets
  }

  /**
   * Every notes file the instrumented build left in the build tree, by the
   * name its counts file has (the object's path under the build root, /
   * turned into #): all the code the profile could cover, run or not. Only
   * the tree is read, links followed while they stay inside it.
   */
  private buildNotes(): Map<string, Buffer> {
    const root = this.options.buildRoot
    const notes = new Map<string, Buffer>()
    for (const file of listTree(root, protectedDirectories()).keys()) {
      if (!file.endsWith('.gcno')) continue
      try {
        notes.set(stemOf(path.relative(root, file)).split(path.sep).join('#'), readUntrusted(file, FileKinds.build, { within: root }))
      } catch {
        // A link out of the tree, or a special file: its functions are shown by number.
      }
    }
    return notes
  }

  /**
   * The sets' sum, each counted as many times as its weight. GCC 12's
   * gcov-tool stops with an internal compiler error when a weight other
   * than 1 meets value-profile counters (in gcov_read_counter_mem), so
   * every merge here has weights 1,1: a set of weight W is added to itself
   * by doubling, in about log2(W) merges.
   */
  private async mergeSets(sets: CountSet[], work: string): Promise<string> {
    let sum: string | undefined
    for (const set of sets) {
      const scaled = await this.times(set.dir, Math.max(1, Math.round(set.weight)), work)
      sum = sum === undefined ? scaled : await this.add(sum, scaled, work)
    }
    return sum as string
  }

  private async times(dir: string, weight: number, work: string): Promise<string> {
    let result: string | undefined
    let doubled = dir
    for (let left = weight; left > 0; left >>= 1) {
      if (left & 1) result = result === undefined ? doubled : await this.add(result, doubled, work)
      if (left > 1) doubled = await this.add(doubled, doubled, work)
    }
    return result as string
  }

  /** gcov-tool merge of two directories of counts into a new one. */
  private async add(first: string, second: string, work: string): Promise<string> {
    const out = path.join(work, `sum-${++this.scratchRuns}`)
    await runTool(this.options.tools.gcovTool, ['merge', '-o', out, first, second], {
      cwd: work,
      env: commandEnv(),
      what: 'Merging GCC profiles (gcov-tool merge)',
      quiet: true
    })
    return out
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

/** A function the profile has no notes for: its unit and GCC's number for it. */
function unnamed(fn: CountedFunction): string {
  return `${fn.unit.replace(/#/g, '/')}: function ${fn.ident}`
}
