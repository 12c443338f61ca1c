import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { PgoProgram } from './profile-set'
import { ActionError } from '../system/errors'
import type { BoltRequest, Config } from '../config'
import type { BoltTools } from './bolt-tools'
import { uniqueFileName } from '../system/paths'
import type { ProgramReport } from '../report/run-report'
import type { Toolchain } from '../toolchains/toolchain'
import type { WorkDirs } from '../system/workdir'

/** What every BOLT stage works with. */
export interface BoltContext {
  config: Config
  request: BoltRequest
  toolchain: Toolchain
  tools: BoltTools
  dirs: WorkDirs
}

/** An optimized program on its way through BOLT. */
export interface BoltTarget extends PgoProgram {
  /** A file name unique among the run's programs: the program's own, numbered when two share it. */
  name: string
  /** The PGO build as the optimized build wrote it, copied aside before anything replaces it. */
  pgoCopy: string
}

/**
 * The optimized programs as BOLT targets, with the hashes the optimized build
 * reported for them (`reports`, in the same order: a BOLT profile fits only
 * the exact program), copied into the run's directory, where the PGO build
 * stays for comparison once BOLT's program takes its place.
 */
export function boltTargets(programs: string[], reports: ProgramReport[], dirs: WorkDirs): BoltTarget[] {
  const pgoDir = path.join(dirs.bolt, 'pgo')
  fs.mkdirSync(pgoDir, { recursive: true })
  const used = new Set<string>()
  return programs.map((file, index) => {
    const name = uniqueFileName(file, used)
    const pgoCopy = path.join(pgoDir, name)
    fs.copyFileSync(file, pgoCopy)
    return { file, displayPath: reports[index].displayPath, sha256: reports[index].sha256, name, pgoCopy }
  })
}

/**
 * Puts `source` at the program's path. The old file is unlinked first, so
 * a hard link to it (cargo links target/<triple>/release/<name> to deps/)
 * keeps the PGO build instead of being written through.
 */
export function placeProgram(source: string, program: string): void {
  const mode = fs.statSync(program, { throwIfNoEntry: false })?.mode ?? 0o755
  fs.rmSync(program, { force: true })
  fs.copyFileSync(source, program)
  fs.chmodSync(program, mode & 0o7777)
}

/**
 * A program BOLT cannot handle: with bolt true the step fails, saying why
 * and what to do; with bolt if-supported a warning, and the program stays
 * the PGO build.
 */
export function cannotBolt(request: BoltRequest, displayPath: string, reason: string, advice = ''): string {
  if (request.onUnsupported === 'fail') {
    throw new ActionError(
      `BOLT cannot rewrite ${displayPath}: ${reason}. ${advice ? `${advice} ` : ''}Or set bolt to if-supported to keep the PGO build of such programs.`
    )
  }
  core.warning(`BOLT skips ${displayPath}: ${reason}. It stays the PGO build.${advice ? ` ${advice}` : ''}`)
  return reason
}
