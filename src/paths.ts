import * as path from 'node:path'

/** A path as the user would write it: relative to `cwd` where it is inside, else absolute. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file)
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
}
