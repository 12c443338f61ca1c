import * as fs from 'node:fs'
import * as path from 'node:path'
import { runTool } from '../../system/exec'
import { ActionError } from '../../system/errors'
import { commandEnv } from '../../system/environment'
import type { ProgramWatch } from '../toolchain'
import { executableSuffix } from '../../platform/host'

// Cargo reports the programs it builds only in JSON messages, which a user's
// build command does not ask for. What it does reliably is place each one at
// <target-dir>/<triple>/<profile>/<name> (examples one level down): so the
// action notes what is there before the build and takes what changed. A
// workspace without programs is taken for its C-compatible libraries
// (cdylib: lib<name>.so), which a host program such as Python loads.

export interface CargoProgramTargets {
  targetDirectory: string
  bins: string[]
  examples: string[]
  /** cdylib targets, by their library names (dashes already underscores, as cargo writes the file). */
  cdylibs: string[]
}

interface MetadataJson {
  target_directory: string
  packages: Array<{ targets: Array<{ name: string; kind: string[] }> }>
}

export async function readProgramTargets(cwd: string, env: NodeJS.ProcessEnv): Promise<CargoProgramTargets> {
  const { stdout } = await runTool('cargo', ['metadata', '--no-deps', '--format-version', '1'], {
    cwd,
    env,
    what: 'Reading the cargo workspace',
    quiet: true,
    capture: true
  })
  const metadata = JSON.parse(stdout) as MetadataJson
  const names = (kind: string): string[] =>
    metadata.packages.flatMap(pkg => pkg.targets.filter(t => t.kind.includes(kind)).map(t => t.name))
  return {
    targetDirectory: metadata.target_directory,
    bins: names('bin'),
    examples: names('example'),
    cdylibs: names('cdylib').map(name => name.replace(/-/g, '_'))
  }
}

/** Every place a program of the workspace can land for these target triples. */
export function candidatePaths(targets: CargoProgramTargets, triples: string[], exeSuffix: string): string[] {
  const paths: string[] = []
  for (const triple of triples) {
    // A custom target given as a JSON spec builds into a directory named after the file.
    const tripleDir = path.join(targets.targetDirectory, path.basename(triple, '.json'))
    for (const profileDir of subdirectories(tripleDir)) {
      for (const bin of targets.bins) paths.push(path.join(profileDir, bin + exeSuffix))
      for (const example of targets.examples) paths.push(path.join(profileDir, 'examples', example + exeSuffix))
      for (const library of expectedLibraryFiles(targets, triple)) paths.push(path.join(profileDir, library))
    }
  }
  return paths
}

/** The libraries the action takes for the build's outputs: a workspace's cdylibs, when it has no programs. */
export function expectedLibraryFiles(targets: CargoProgramTargets, triple: string): string[] {
  return targets.bins.length === 0 ? targets.cdylibs.map(name => cdylibFileName(name, triple)) : []
}

/** What cargo calls a cdylib's file for the target: libname.so, libname.dylib or name.dll. */
function cdylibFileName(name: string, triple: string): string {
  if (/windows/.test(triple)) return `${name}.dll`
  if (/apple/.test(triple)) return `lib${name}.dylib`
  return `lib${name}.so`
}

function subdirectories(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .map(entry => path.join(dir, entry.name))
  } catch {
    return []
  }
}

export type Snapshot = Map<string, string>

/** Identity of each existing file: cargo relinks a program it rebuilds, which changes all three. */
export function snapshot(paths: string[]): Snapshot {
  const seen: Snapshot = new Map()
  for (const file of paths) {
    const stat = fs.statSync(file, { throwIfNoEntry: false })
    if (stat?.isFile()) seen.set(file, `${stat.ino}:${stat.size}:${stat.mtimeMs}`)
  }
  return seen
}

/**
 * The programs the build wrote. When cargo found everything up to date and
 * wrote nothing, the newest existing copy of each program is the build's output.
 */
export function programsWritten(before: Snapshot, after: Snapshot): string[] {
  const changed = [...after.keys()].filter(file => before.get(file) !== after.get(file))
  if (changed.length > 0) return changed.sort()
  const newestByName = new Map<string, { file: string; mtime: number }>()
  for (const file of after.keys()) {
    const isExample = path.basename(path.dirname(file)) === 'examples'
    const key = (isExample ? 'examples/' : '') + path.basename(file)
    const mtime = fs.statSync(file).mtimeMs
    const known = newestByName.get(key)
    if (!known || mtime > known.mtime) newestByName.set(key, { file, mtime })
  }
  return [...newestByName.values()].map(entry => entry.file).sort()
}

export function noProgramsError(targets: CargoProgramTargets, triples: string[]): ActionError {
  const where = triples.map(triple => path.join(targets.targetDirectory, path.basename(triple, '.json'))).join(', ')
  const names = [...targets.bins, ...targets.examples, ...(targets.bins.length === 0 ? targets.cdylibs.map(name => `lib${name}`) : [])]
  return new ActionError(
    `The build produced no programs in ${where}` +
      (names.length > 0 ? ` (looked for ${names.join(', ')}).` : ': the workspace has no bin targets and no cdylib libraries.') +
      ' Set `binaries` to the paths of the programs (or shared libraries) the build writes, one glob pattern a line.'
  )
}

/** What a cargo build writes for its targets, from the workspace's metadata, read once. */
export class CargoOutputs {
  private targets?: Promise<CargoProgramTargets>

  constructor(
    private readonly cwd: string,
    private readonly triples: string[]
  ) {}

  /** Notes what is at the places programs land, so that after the build it can take what changed. */
  async watch(): Promise<ProgramWatch> {
    const targets = await this.read()
    const exeSuffix = executableSuffix()
    const before = snapshot(candidatePaths(targets, this.triples, exeSuffix))
    return {
      programs: async () => {
        const found = programsWritten(before, snapshot(candidatePaths(targets, this.triples, exeSuffix)))
        if (found.length === 0) throw noProgramsError(targets, this.triples)
        return found
      }
    }
  }

  /** cargo's target directory for this workspace. */
  async targetDirectory(): Promise<string> {
    return (await this.read()).targetDirectory
  }

  async expectedLibraries(): Promise<string[]> {
    return expectedLibraryFiles(await this.read(), this.triples[0])
  }

  private read(): Promise<CargoProgramTargets> {
    return (this.targets ??= readProgramTargets(this.cwd, commandEnv()))
  }
}
