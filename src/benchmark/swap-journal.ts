// The journal of a benchmark's swaps (swaps.ts), and the post step's work
// with it. The journal lies in the action's directory under RUNNER_TEMP,
// which the workloads and the benchmark can write too, so the post step
// takes from it only what the action could have written: a file's two
// hidden names beside it, with one token, inside the workspace. And it
// puts the optimized build back only over the other side's copy that the
// swap left (by its sha256), or where nothing is: a file written at the
// path after the step ended is left alone.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ActionError } from '../system/errors'
import { sha256File } from '../system/hash'
import { FileKinds, readUntrustedText } from '../system/untrusted-file'
import { printable } from '../system/untrusted-text'
import { formatBytes } from '../system/units'
import { besideNames, BuildNotRestored, removeOtherCopies, leftoversMessage, type Swap, type Visiting } from './swap-files'

const FORMAT = 'pgo-action benchmark swaps 2'
const TOKEN = /^[0-9a-f]{12}$/
const SHA256 = /^[0-9a-f]{64}$/

/** Written whole or not at all (a new file renamed over the old), so that a full disk leaves no half a journal. */
export function writeJournal(journal: string, swaps: Swap[], visiting: Visiting): void {
  fs.mkdirSync(path.dirname(journal), { recursive: true })
  const partial = `${journal}.partial`
  try {
    fs.writeFileSync(partial, JSON.stringify({ format: FORMAT, swaps, visiting }) + '\n')
    fs.renameSync(partial, journal)
  } finally {
    fs.rmSync(partial, { force: true })
  }
}

/** The swaps a journal records and what visited, or undefined when there is none (the benchmark finished, or never swapped). */
export function readJournal(journal: string): { swaps: Swap[]; visiting: Visiting } | undefined {
  if (!fs.existsSync(journal)) return undefined
  const text = readUntrustedText(journal, FileKinds.manifest, 'refuse')
  const record = parseRecord(text)
  if (record?.format !== FORMAT || !Array.isArray(record.swaps) || !record.swaps.every(isSwap)) {
    throw new ActionError(
      `${journal} is not a journal of benchmark swaps this version reads (${whatItHolds(text)}): nothing was put back from it.`
    )
  }
  // Only the action's own words are said again: a journal someone else wrote names nothing.
  const visiting: Visiting = record.visiting === 'the variant' ? 'the variant' : 'the plain build'
  return { swaps: record.swaps, visiting }
}

function parseRecord(text: string): { format?: unknown; swaps?: unknown[]; visiting?: unknown } | undefined {
  try {
    const record: unknown = JSON.parse(text)
    return record && typeof record === 'object' ? record : undefined
  } catch {
    return undefined
  }
}

function isSwap(entry: unknown): entry is Swap {
  if (!entry || typeof entry !== 'object') return false
  const swap = entry as Record<string, unknown>
  return (
    ['path', 'kept', 'other'].every(key => typeof swap[key] === 'string') &&
    typeof swap.otherSha256 === 'string' &&
    SHA256.test(swap.otherSha256)
  )
}

function whatItHolds(text: string): string {
  if (text.trim() === '') return 'it is empty'
  return parseRecord(text) ? 'another format, or an entry without its names' : 'not JSON: cut short, or another kind of file'
}

/**
 * Why the action could not have written this entry, or undefined when it
 * could: its two hidden names beside `path`, with one token, and `path`
 * inside the workspace once links are followed.
 */
export function whyNotOurs(swap: Swap, workspace: string): string | undefined {
  if (!path.isAbsolute(swap.path) || path.normalize(swap.path) !== swap.path) return 'not a plain absolute path'
  const token = /\.pgo-action-build-([^.]*)$/.exec(swap.kept)?.[1] ?? ''
  const names = besideNames(swap.path, token)
  if (!TOKEN.test(token) || names.kept !== swap.kept || names.other !== swap.other)
    return "its other names are not the action's hidden names beside it"
  const dir = realDirectory(path.dirname(swap.path))
  if (dir === undefined) return undefined
  const relative = path.relative(realDirectory(workspace) ?? path.resolve(workspace), dir)
  if (relative.split(path.sep)[0] === '..' || path.isAbsolute(relative)) return `it is outside the workspace ${workspace}`
  return undefined
}

function realDirectory(dir: string): string | undefined {
  try {
    return fs.realpathSync(dir)
  } catch {
    return undefined
  }
}

/**
 * The post step's work: the swaps a killed or failed step left, undone,
 * where the path still holds what the swap put there. Says what it put
 * back and what it left; throws BuildNotRestored where a path could not
 * take the build back.
 */
export async function finishJournal(journal: string, workspace: string, say: (line: string) => void): Promise<void> {
  const record = readJournal(journal)
  if (!record) return
  const { visiting } = record
  const swaps: Swap[] = []
  for (const swap of record.swaps) {
    const why = whyNotOurs(swap, workspace)
    if (why) say(`${journal} names ${printable(swap.path)}, which the action could not have written (${why}): it is left alone.`)
    else swaps.push(swap)
  }
  const pending = swaps.filter(swap => fs.lstatSync(swap.kept, { throwIfNoEntry: false }))
  const put: string[] = []
  const stuck: Array<{ swap: Swap; reason: string }> = []
  for (const swap of pending) {
    const found = await foundInstead(swap)
    if (found) {
      say(
        `The step ended during the benchmark, with ${visiting} at ${printable(swap.path)}, which now holds ${found}, written after the step ended: it is left as it is. The optimized build of that step is at ${printable(swap.kept)}.`
      )
      continue
    }
    try {
      fs.renameSync(swap.kept, swap.path)
      put.push(printable(swap.path))
    } catch (error) {
      stuck.push({ swap, reason: (error as NodeJS.ErrnoException).code ?? String(error) })
    }
  }
  if (stuck.length > 0) throw new BuildNotRestored(stuck)
  const lost = await lostBuilds(swaps.filter(swap => !pending.includes(swap)))
  if (lost.length > 0) {
    throw new ActionError(
      `The step ended during the benchmark, with ${visiting} at ${lost.map(swap => printable(swap.path)).join(', ')}, and the optimized ${lost.length === 1 ? 'file' : 'files'} set aside beside ${lost.length === 1 ? 'it is' : 'them are'} gone ` +
        `(${lost.map(swap => printable(swap.kept)).join(', ')}; removed during the benchmark): ${lost.length === 1 ? 'that path does' : 'those paths do'} not hold the optimized build, do not release ${lost.length === 1 ? 'it' : 'them'}.`
    )
  }
  const leftovers = leftoversMessage(removeOtherCopies(swaps))
  if (leftovers) say(leftovers)
  fs.rmSync(journal, { force: true })
  if (put.length > 0)
    say(`The step ended during the benchmark, with ${visiting} at ${put.join(', ')}: the optimized build is back there now.`)
  else if (swaps.length > 0 && pending.length === 0)
    say(`The step ended during the benchmark, with the optimized build in place: the copies of ${visiting} beside it are removed.`)
}

/**
 * The swaps whose optimized file is gone from beside the path while the
 * path holds the other side's copy: that copy is not beside it either, as
 * it is when the optimized file was back at the path.
 */
async function lostBuilds(settled: Swap[]): Promise<Swap[]> {
  const lost: Swap[] = []
  for (const swap of settled) {
    const holdsOther =
      fs.lstatSync(swap.path, { throwIfNoEntry: false }) &&
      !fs.lstatSync(swap.other, { throwIfNoEntry: false }) &&
      (await foundInstead(swap)) === undefined
    if (holdsOther) lost.push(swap)
  }
  return lost
}

/** What is at the path instead of the copy the swap put there; undefined when it holds that copy, or nothing. */
async function foundInstead(swap: Swap): Promise<string | undefined> {
  const stat = fs.lstatSync(swap.path, { throwIfNoEntry: false })
  if (!stat) return undefined
  if (stat.isDirectory()) return 'a directory'
  if (stat.isSymbolicLink()) return 'a link'
  if (!stat.isFile()) return 'a special file'
  const sha256 = await sha256File(swap.path, FileKinds.build, 'refuse').catch(() => undefined)
  return sha256 === swap.otherSha256 ? undefined : `a file of ${formatBytes(stat.size)} that is not the copy the swap put there`
}
