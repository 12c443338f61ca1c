import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'

/** Output of a command the tests run themselves (never the action's code). */
export function capture(file: string, args: string[], cwd?: string, env?: NodeJS.ProcessEnv): string {
  return execFileSync(file, args, {
    cwd,
    env: env ?? process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 << 20
  })
}

export function rustHost(): string {
  return /^host: (.+)$/m.exec(capture('rustc', ['-vV']))![1].trim()
}

/** rustup's llvm-profdata, which matches rustc's LLVM: the tests read profiles with it. */
export function rustLlvmProfdata(): string {
  return path.join(capture('rustc', ['--print', 'sysroot']).trim(), 'lib', 'rustlib', rustHost(), 'bin', 'llvm-profdata')
}

/** Function name → largest counter, from `llvm-profdata show --all-functions --counts`. */
export function profileFunctions(profdata: string, profile: string): Map<string, number> {
  const functions = new Map<string, number>()
  let current: string | undefined
  for (const line of capture(profdata, ['show', '--all-functions', '--counts', profile]).split('\n')) {
    const header = /^ {2}(\S.*):$/.exec(line)
    if (header) {
      current = header[1]
      functions.set(current, 0)
      continue
    }
    const counts = /^ {4}(?:Function count|Block counts): (.*)$/.exec(line)
    if (counts && current) {
      const max = Math.max(0, ...(counts[1].match(/\d+/g) ?? []).map(Number))
      functions.set(current, Math.max(functions.get(current) ?? 0, max))
    }
  }
  return functions
}

/** The largest counter of the first function whose name contains `fragment`, or undefined. */
export function countOf(functions: Map<string, number>, fragment: string): number | undefined {
  for (const [name, count] of functions) if (name.includes(fragment)) return count
  return undefined
}

export function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}
