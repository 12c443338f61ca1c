import * as fs from 'node:fs'
import * as path from 'node:path'

// make and CMake decide what to rebuild from timestamps, not from flags: a
// second build after the instrumented one would relink the instrumented
// objects. Building in another directory is no way out, because a static
// function's profile name holds the path of its source file. So every build
// after the first starts from the tree as the action found it: files the
// builds and workloads created are removed first.

type Signature = string

/**
 * The files under `root`, each with what identifies its contents; without
 * .git and the `excluded` directories (the runner's and the action's own,
 * when they lie inside the working directory: they are never the build's).
 * Links are listed as links, never followed.
 */
export function listTree(root: string, excluded: string[] = [], directories?: Set<string>): Map<string, Signature> {
  const files = new Map<string, Signature>()
  const skip = new Set(excluded.map(dir => path.resolve(dir)))
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        directories?.add(full)
        if (entry.name !== '.git' && !skip.has(full)) walk(full)
      } else {
        const stat = fs.lstatSync(full)
        files.set(full, `${stat.size}:${stat.mtimeMs}:${stat.mode}`)
      }
    }
  }
  walk(root)
  return files
}

export interface TreeChanges {
  created: string[]
  modified: string[]
}

export function compareTrees(before: Map<string, Signature>, after: Map<string, Signature>): TreeChanges {
  const created: string[] = []
  const modified: string[] = []
  for (const [file, signature] of after) {
    const earlier = before.get(file)
    if (earlier === undefined) created.push(file)
    else if (earlier !== signature) modified.push(file)
  }
  return { created: created.sort(), modified: modified.sort() }
}

export interface TreeReset {
  /** The files removed: what the builds and workloads before it created. */
  removed: string[]
  /** Files that were there before and that a build changed: they may be build outputs it reuses. */
  modified: string[]
}

/** Resets the working directory between builds, for toolchains whose build systems reuse objects. */
export class BuildTree {
  private original?: Map<string, Signature>
  /** Every directory there was at the start, empty ones included: none of them is removed. */
  private readonly originalDirectories = new Set<string>()

  /** `excluded`: directories inside `root` that are not the build's and are never touched. */
  constructor(
    private readonly root: string,
    private readonly excluded: string[] = []
  ) {}

  /** Call before each build: the first records the tree, later ones put it back and say what they did. */
  beforeBuild(): TreeReset | undefined {
    if (!this.original) {
      this.original = listTree(this.root, this.excluded, this.originalDirectories)
      return undefined
    }
    const { created, modified } = compareTrees(this.original, listTree(this.root, this.excluded))
    for (const file of created) fs.rmSync(file, { force: true })
    const skip = new Set(this.excluded.map(dir => path.resolve(dir)))
    removeEmptyDirectories(this.root, this.originalDirectories, skip)
    return { removed: created, modified }
  }
}

/** Removes directories left empty, keeping those there at the start and the excluded ones. */
function removeEmptyDirectories(dir: string, keep: Set<string>, skip: Set<string>): boolean {
  let empty = true
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory() && entry.name !== '.git' && !skip.has(full) && removeEmptyDirectories(full, keep, skip) && !keep.has(full)) {
      fs.rmdirSync(full)
    } else {
      empty = false
    }
  }
  return empty
}

/**
 * The removed files a failed command's output names, by their path in the
 * tree (or a path ending in it): a benchmark that reads what a workload
 * wrote into the checkout fails after a reset, and the message should say why.
 * A bare name without a dot or a directory ("output") reads as a word in
 * prose, and is never taken for the file.
 */
export function removedFilesNamed(output: string, removed: readonly string[], root: string): string[] {
  const named = (relative: string) =>
    /[./]/.test(relative) && new RegExp(`(^|[\\s'"\\[(=/])${escapeRegExp(relative)}($|[\\s'"\\]):,])`, 'm').test(output)
  return removed.map(file => path.relative(root, file)).filter(named)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
