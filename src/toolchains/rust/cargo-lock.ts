import * as core from '../../system/log'
import { ccVersionsInLock, findCargoLock } from '../../llvm/cc-crate'
import { FileKinds, readUntrustedText, UntrustedFileError } from '../../system/untrusted-file'

/**
 * The cc crate's versions in the checkout's Cargo.lock. The lock is the
 * pull request's: one that is not a regular file of a lock's size is left
 * aside with a warning, and the C code it would tell of goes unchecked.
 */
export function ccVersionsOf(cwd: string): string[] {
  const top = process.env.GITHUB_WORKSPACE || cwd
  const lock = findCargoLock(cwd, top)
  if (!lock) return []
  try {
    return ccVersionsInLock(readUntrustedText(lock, FileKinds.cargoLock, { within: top }))
  } catch (error) {
    if (!(error instanceof UntrustedFileError)) throw error
    core.warning(`${error.message}: it is left aside, so C code built through the cc crate is not checked against rustc's LLVM.`)
    return []
  }
}
