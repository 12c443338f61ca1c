// Each side's programs and libraries, copied into a directory of their own,
// which goes first on that side's PATH (and LD_LIBRARY_PATH) for its runs.
import * as core from '../system/log'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { libraryAliases } from '../libraries/kinds'

/**
 * Copies programs into one directory under their own names (the first of a
 * name wins, as it would on PATH), and says where each one's copy is.
 */
export function copyProgramsInto(programs: string[], dir: string): Map<string, string> {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  const copies = new Map<string, string>()
  for (const program of programs) {
    const target = path.join(dir, path.basename(program))
    if (fs.existsSync(target)) {
      core.warning(`Two programs are called ${path.basename(program)}; the benchmark uses the first, not ${program}.`)
      continue
    }
    fs.copyFileSync(program, target)
    fs.chmodSync(target, fs.statSync(program).mode)
    copies.set(program, target)
    // A program linked against a library asks for it by its soname (libz.so.1), a link beside the file.
    for (const alias of libraryAliases(program)) {
      if (!fs.existsSync(path.join(dir, alias))) fs.symlinkSync(path.basename(program), path.join(dir, alias))
    }
  }
  return copies
}
