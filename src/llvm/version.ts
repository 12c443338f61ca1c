export interface LlvmVersion {
  major: number
  /** major.minor.patch */
  full: string
  /**
   * Apple's own numbering (Xcode's clang and LLVM): it follows Xcode's
   * releases, not the LLVM project's, and no table maps one to the other,
   * so nothing keyed on an LLVM major applies to it.
   */
  apple?: boolean
}

/**
 * The LLVM version a tool or compiler reports: `llvm-profdata --version`
 * ("Debian LLVM version 22.1.8", "LLVM version 22.1.2-rust-1.95.0-stable"),
 * `rustc -vV` ("LLVM version: 22.1.2") or `clang --version` ("clang version 22.1.8");
 * Xcode's ("Apple clang version 15.0.0 (clang-1500.3.9.4)", "Apple LLVM version
 * 15.0.0") in Apple's numbering, marked as such.
 */
export function parseLlvmVersion(text: string): LlvmVersion | undefined {
  const match = /(Apple )?(?:LLVM|clang) version:? (\d+)\.(\d+)(?:\.(\d+))?/.exec(text)
  if (!match) return undefined
  const [, apple, major, minor, patch = '0'] = match
  return { major: Number(major), full: `${major}.${minor}.${patch}`, ...(apple ? { apple: true } : {}) }
}

/**
 * Whether a tool's LLVM is the compiler's: the same major in the same
 * numbering. Apple's 16 is not the LLVM project's 16, so Homebrew's
 * llvm-profdata never passes for Xcode's (their profiles do not merge).
 */
export function isCompilersLlvm(tool: LlvmVersion | undefined, major: number, apple = false): boolean {
  return tool !== undefined && tool.major === major && Boolean(tool.apple) === apple
}

/** "LLVM 22.1.8", or "Apple LLVM 16.0.0" in Apple's numbering. */
export function describeLlvm(version: LlvmVersion): string {
  return `${version.apple ? 'Apple ' : ''}LLVM ${version.full}`
}
