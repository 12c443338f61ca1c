import * as fs from 'node:fs'
import * as path from 'node:path'
import * as glob from '@actions/glob'
import { ActionError } from './errors'
import { sha256File } from './hash'
import { displayPath } from './paths'
import type { ProgramReport } from './report'

/**
 * The files the `binaries` patterns name, relative to the working directory.
 * Each pattern must match a file: a pattern that matches nothing is almost
 * always a wrong path, and the error says which one.
 */
export async function expandBinaryPatterns(patterns: string[], cwd: string): Promise<string[]> {
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
  if (unmatched.length > 0) {
    throw new ActionError(
      `binaries: ${unmatched.map(p => `'${p}'`).join(', ')} matched no file in ${cwd} after the build. ` +
        'Patterns are relative to working-directory; check the path the build writes the program to.'
    )
  }
  return [...found].filter(file => !excluded.has(file)).sort()
}

async function globFiles(pattern: string): Promise<string[]> {
  const globber = await glob.create(pattern, { matchDirectories: false, implicitDescendants: false })
  return (await globber.glob()).filter(file => fs.statSync(file).isFile())
}

export async function describePrograms(files: string[], cwd: string): Promise<ProgramReport[]> {
  return Promise.all(
    files.map(async file => ({ displayPath: displayPath(file, cwd), sha256: await sha256File(file), bytes: fs.statSync(file).size }))
  )
}
