// Writing into the checkout, which a pull request controls. A file there may
// be a symbolic link to anything the runner's user can write (~/.bashrc), and
// a directory may be a link out of the checkout: the action never writes,
// moves or deletes through one. It refuses such a file before any work, and
// it replaces a file by renaming a new one over it, which replaces a link
// planted later (by the build) instead of writing where it points.
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ActionError } from './errors'
import { liesWithin, realPath } from './paths'

/** What is at `file` now, links not followed. */
export type Occupant = 'none' | 'file' | 'link' | 'directory' | 'other'

export function occupant(file: string): Occupant {
  const stat = fs.lstatSync(file, { throwIfNoEntry: false })
  if (!stat) return 'none'
  if (stat.isSymbolicLink()) return 'link'
  if (stat.isFile()) return 'file'
  return stat.isDirectory() ? 'directory' : 'other'
}

/**
 * Refuses a file the action is to write in the checkout (`root`) when it is
 * a link, a directory or anything but a regular file, or when its directory
 * leads out of the checkout through a link. `shown` names it in the error.
 */
export function checkWritable(file: string, root: string, shown: string): void {
  const what = occupant(file)
  if (what === 'link') {
    throw new ActionError(
      `${shown} is a symbolic link (to ${fs.readlinkSync(file)}). The action never writes through a link in the checkout: it could point at any file the runner can write. ` +
        'Make it a regular file, or remove the link.'
    )
  }
  refuseNonFile(what, shown)
  checkDirectoryInside(path.dirname(file), root, shown)
}

function refuseNonFile(what: Occupant, shown: string): void {
  if (what === 'directory' || what === 'other') {
    throw new ActionError(
      `${shown} is a ${what === 'directory' ? 'directory' : 'special file'}, where the action writes a file. Remove it, or give it another name.`
    )
  }
}

function checkDirectoryInside(dir: string, root: string, shown: string): void {
  if (!liesWithin(dir, root)) {
    throw new ActionError(
      `${shown} lies in ${realPath(dir)} once links are followed, outside ${realPath(root)}: the action writes only inside the checkout. Make the linked directory a real one.`
    )
  }
}

/**
 * Puts `bytes` at `file` by writing a new file beside it and renaming it
 * over: a link at `file` (one a build planted after checkWritable) is
 * replaced, never followed.
 */
export function replaceFile(file: string, bytes: Buffer, root: string, shown: string): void {
  refuseNonFile(occupant(file), shown)
  checkDirectoryInside(path.dirname(file), root, shown)
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.pgo-action-${crypto.randomBytes(6).toString('hex')}`)
  fs.writeFileSync(temporary, bytes, { flag: 'wx' })
  fs.renameSync(temporary, file)
}

/** Removes a file the action put in the checkout, or the link a build put in its place; never a directory. */
export function removeOwnFile(file: string): void {
  const what = occupant(file)
  if (what === 'file' || what === 'link') fs.unlinkSync(file)
}
