import * as fs from 'node:fs'
import * as path from 'node:path'

/** A path as the user would write it: relative to `cwd` where it is inside, else absolute. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file)
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
}

/** `target` with every link followed, or as it stands where it does not exist. */
export function realPath(target: string): string {
  return fs.existsSync(target) ? fs.realpathSync(target) : path.resolve(target)
}

/** Whether `target` is `directory` or lies inside it, once links are followed. */
export function liesWithin(target: string, directory: string): boolean {
  const relative = path.relative(realPath(directory), realPath(target))
  return !relative.startsWith('..') && !path.isAbsolute(relative)
}

/** `file`'s name, numbered before its extension when `used` has it already (a-2.txt), and marked used. */
export function uniqueFileName(file: string, used: Set<string>): string {
  const { name, ext } = path.parse(file)
  let candidate = path.basename(file)
  for (let n = 2; used.has(candidate); n++) candidate = `${name}-${n}${ext}`
  used.add(candidate)
  return candidate
}

/** The regular files in `dir` whose names `keep` accepts, as full paths, sorted. */
export function filesIn(dir: string, keep: (name: string) => boolean): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter(entry => entry.isFile() && keep(entry.name))
    .map(entry => path.join(dir, entry.name))
    .sort()
}

/** Entries of `dir` whose names `keep` accepts but that are not regular files (a directory called x.profraw). */
export function nonFilesIn(dir: string, keep: (name: string) => boolean): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter(entry => !entry.isFile() && keep(entry.name))
    .map(entry => entry.name)
    .sort()
}
