import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { BoltProfileEntry } from './profile-set'
import { cannotBolt, type BoltContext, type BoltTarget } from './bolt-targets'
import { readElf } from '../executables/files'
import { ActionError, errorMessage } from '../system/errors'
import { boltObstacle, type BoltObstacle } from '../llvm/llvm-bolt'
import type { StageOutcome } from '../report/stage'
import type { Toolchain } from '../toolchains/toolchain'

export interface InstrumentedProgram {
  target: BoltTarget
  /** llvm-bolt's instrumented copy of the program. */
  file: string
  /** Where its processes write their profiles. */
  profileDir: string
}

export interface Instrumentation {
  instrumented: InstrumentedProgram[]
  /** Programs that stay PGO builds, and why (bolt: if-supported). */
  kept: BoltProfileEntry[]
  /** False when a tool failed: such a failure is not saved as part of the BOLT profile. */
  complete: boolean
}

/** A program BOLT cannot rewrite, and why. */
export interface BlockedProgram {
  target: BoltTarget
  obstacle: BoltObstacle
}

/**
 * Checks, from its ELF facts, that BOLT can rewrite each program, before a
 * BOLT profile is restored or made: with bolt true, every program that
 * cannot be rewritten is named in one error, whatever the cache holds.
 */
export function checkPrograms(context: BoltContext, targets: BoltTarget[]): StageOutcome<BlockedProgram[]> {
  const { request, toolchain } = context
  const blocked = targets.flatMap(target => {
    const obstacle = boltObstacle(readElf(target.pgoCopy))
    return obstacle ? [{ target, obstacle }] : []
  })
  if (request.onUnsupported === 'fail' && blocked.length > 0) {
    const lines = blocked.map(({ target, obstacle }) =>
      `- ${target.displayPath}: ${obstacle.reason}. ${advice(obstacle, toolchain)}`.trimEnd()
    )
    throw new ActionError(
      `BOLT cannot rewrite ${blocked.length === 1 ? 'this program' : 'these programs'}:\n${lines.join('\n')}\nOr set bolt to if-supported to keep the PGO build of such programs.`
    )
  }
  const rewritable = targets.length - blocked.length
  return {
    value: blocked,
    result: `${rewritable} of ${targets.length} program${targets.length === 1 ? '' : 's'} BOLT can rewrite${blocked.length ? `; ${blocked.map(({ target }) => target.displayPath).join(', ')} stay PGO builds` : ''}`,
    status: blocked.length ? 'warning' : undefined
  }
}

/** Writes an instrumented copy of each program BOLT can rewrite, recording where its counters go. */
export async function instrumentPrograms(
  context: BoltContext,
  targets: BoltTarget[],
  blocked: BlockedProgram[]
): Promise<StageOutcome<Instrumentation>> {
  const { request, toolchain, tools, dirs } = context
  const kept: BoltProfileEntry[] = blocked.map(({ target, obstacle }) =>
    entryKept(target, cannotBolt(request, target.displayPath, obstacle.reason, advice(obstacle, toolchain)))
  )

  const instrumented: InstrumentedProgram[] = []
  let complete = true
  for (const target of targets.filter(target => !blocked.some(entry => entry.target === target))) {
    const profileDir = path.join(dirs.bolt, 'raw', target.name)
    const file = path.join(dirs.bolt, 'instrumented', target.name)
    fs.mkdirSync(profileDir, { recursive: true })
    fs.mkdirSync(path.dirname(file), { recursive: true })
    try {
      await tools.instrument(target.pgoCopy, file, path.join(profileDir, `${target.name}.fdata`))
    } catch (error) {
      kept.push(
        entryKept(
          target,
          cannotBolt(request, target.displayPath, `llvm-bolt could not instrument it (${errorMessage(error).split('\n')[0]})`)
        )
      )
      complete = false
      continue
    }
    core.info(`Instrumented ${target.displayPath}: ${file}, profiles into ${profileDir}`)
    instrumented.push({ target, file, profileDir })
  }
  const count = instrumented.length === 1 ? '1 program' : `${instrumented.length} programs`
  return {
    value: { instrumented, kept, complete },
    result: `${count}${instrumented.length ? `: ${instrumented.map(p => p.target.displayPath).join(', ')}` : ''}${kept.length ? `; ${kept.length} kept as PGO builds` : ''}`,
    status: kept.length ? 'warning' : undefined
  }
}

function advice(obstacle: BoltObstacle, toolchain: Toolchain): string {
  if (obstacle.kind === 'stripped') return toolchain.traits.keepSymbolsAdvice ?? ''
  if (obstacle.kind === 'no-relocations')
    return `The action links with --emit-relocs; the link step must take its flags. ${toolchain.traits.flagsAdvice}`
  return ''
}

export function entryKept(target: BoltTarget, reason: string): BoltProfileEntry {
  return { displayPath: target.displayPath, sha256: target.sha256, kept: reason }
}
