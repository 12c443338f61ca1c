import * as fs from 'node:fs'
import * as path from 'node:path'

/** The first executable called `name` on PATH, like the shell's `command -v`. */
export function which(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  for (const directory of searchPath.split(path.delimiter)) {
    if (!directory) continue
    const candidate = path.join(directory, name)
    if (isExecutableFile(candidate)) return candidate
  }
  return undefined
}

export function isExecutableFile(file: string): boolean {
  try {
    const stat = fs.statSync(file)
    if (!stat.isFile()) return false
    fs.accessSync(file, fs.constants.X_OK)
    return true
  } catch {
    return false
  }
}
