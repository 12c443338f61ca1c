// Each side of the benchmark runs its own build, however the command reaches
// it: first on PATH and LD_LIBRARY_PATH, and at the very path the build wrote
// (a library a script loads by its path, a program run as ./target/…). The
// warm-up runs tell, from the dynamic loader's own record, which files each
// side loaded; a benchmark whose sides ran the same code gets no verdict.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { sha256File } from '../system/hash'
import { isSharedLibrary } from '../libraries/kinds'

export type Side = 'plain' | 'optimized'

/** A file the builds wrote: where, and each side's copy of it. */
export interface SideFile {
  path: string
  copies: Record<Side, string>
  /** A shared library, which a program loads by name or by path, never from PATH. */
  library: boolean
}

/** Whether the sides were seen to run different code, and how the action knows, in a sentence. */
export interface SidesJudgement {
  told: boolean
  how: string
}

/** The files both sides have, matched by the path the build wrote them to. */
export function pairSideFiles(copies: Record<Side, Map<string, string>>): SideFile[] {
  const files: SideFile[] = []
  for (const [written, optimized] of copies.optimized) {
    const plain = copies.plain.get(written)
    if (plain) files.push({ path: written, copies: { plain, optimized }, library: isSharedLibrary(written) })
  }
  return files
}

/**
 * The files a run's dynamic loader mapped or started, from LD_DEBUG=files
 * output: "file=/x/libhotlib.so [0];  dynamically loaded by …", "calling
 * init: /x/libscore.so" (where a library found on LD_LIBRARY_PATH is named
 * by its path) and "transferring control: ./target/release/tool".
 * Relative paths are resolved from the benchmark's directory.
 */
export function loadedFiles(debugOutput: string, cwd: string): string[] {
  const found = new Set<string>()
  for (const match of debugOutput.matchAll(/^\s*\d+:\s+(?:file=(\S+) \[\d+\];|transferring control: (\S+)|calling init: (\S+))/gm)) {
    const file = match[1] ?? match[2] ?? match[3]
    if (file && file.includes('/')) found.add(path.resolve(cwd, file))
  }
  return [...found]
}

/** A file's contents on each side, by sha256. */
export interface SideHashes {
  file: SideFile
  plain: string
  optimized: string
}

export async function hashSideFiles(files: SideFile[]): Promise<SideHashes[]> {
  return Promise.all(
    files.map(async file => ({ file, plain: await sha256File(file.copies.plain), optimized: await sha256File(file.copies.optimized) }))
  )
}

/**
 * The contents (sha256) among the files under test that a run loaded,
 * compared only where the sizes agree. Read right after the run: the paths
 * the build wrote hold the other side's copy once it runs.
 */
export async function contentsSeen(loaded: string[], hashes: SideHashes[]): Promise<Set<string>> {
  const sizes = new Set(hashes.flatMap(entry => [fs.statSync(entry.file.copies.plain).size, fs.statSync(entry.file.copies.optimized).size]))
  const seen = new Set<string>()
  for (const file of loaded) {
    const stat = fs.statSync(file, { throwIfNoEntry: false })
    if (stat?.isFile() && sizes.has(stat.size)) seen.add(await sha256File(file))
  }
  return seen
}

/**
 * Judges, from what each side's warm-up run loaded, whether the sides ran
 * different code. A file seen is matched by its contents, so a library
 * installed elsewhere (a wheel's module in site-packages) counts too.
 * Programs the loader never names by path (static ones, or run from PATH)
 * fall back on PATH and their paths, which hold each side's own; libraries
 * have no such fallback. A library neither side loaded beside programs
 * (a program that links the project's code statically) leaves the verdict
 * to the programs, and the judgement says it is not measured.
 */
/**
 * Where the loader keeps no record of what it loaded (macOS, Windows), the
 * sides are told apart by their bytes alone: whether the command reached
 * the copies is not checked, and the judgement says so.
 */
export function judgeSidesUnrecorded(hashes: SideHashes[], system: string): SidesJudgement {
  if (hashes.length === 0) return { told: true, how: "each side's programs are first on PATH" }
  if (hashes.every(entry => entry.plain === entry.optimized))
    return { told: false, how: 'the plain and the optimized builds are the same bytes, so there is nothing to compare' }
  return {
    told: true,
    how: `each side runs its own programs, first on PATH and at the paths the build wrote; which files each side loaded is not checked on ${system}, whose loader keeps no record of it`
  }
}

export function judgeSides(hashes: SideHashes[], seen: Record<Side, ReadonlySet<string>>): SidesJudgement {
  if (hashes.length === 0) return { told: true, how: "each side's programs are first on PATH" }
  const differing = hashes.filter(entry => entry.plain !== entry.optimized)
  if (differing.length === 0)
    return { told: false, how: 'the plain and the optimized builds are the same bytes, so there is nothing to compare' }
  const name = (entry: SideHashes) => path.basename(entry.file.path)
  const crossed = (entry: SideHashes) => seen.plain.has(entry.optimized) || seen.optimized.has(entry.plain)
  const same = differing.filter(crossed)
  if (same.length > 0) {
    return {
      told: false,
      how: `both sides loaded the same ${same.map(name).join(', ')}: the command reaches a copy the action does not swap (one installed elsewhere, or made by the command)`
    }
  }
  const toldBy = differing.filter(entry => seen.plain.has(entry.plain) && seen.optimized.has(entry.optimized))
  const unloaded = differing.filter(entry => entry.file.library && !toldBy.includes(entry))
  const notMeasured =
    unloaded.length > 0
      ? `; neither side loaded ${unloaded.map(name).join(', ')}, so the speedup does not measure ${unloaded.length === 1 ? 'it' : 'them'}`
      : ''
  if (toldBy.length > 0)
    return {
      told: true,
      how: `each side loaded its own ${toldBy.map(name).join(', ')} (the dynamic loader's record of the warm-up runs)${notMeasured}`
    }
  if (unloaded.length === differing.length) {
    return {
      told: false,
      how: `neither side was seen to load ${unloaded.map(name).join(', ')}, so the runs may not have used the builds at all`
    }
  }
  return { told: true, how: `each side runs its own programs, first on PATH and at the paths the build wrote${notMeasured}` }
}
