export interface LlvmVersion {
  major: number
  /** major.minor.patch */
  full: string
}

/**
 * The LLVM version a tool or compiler reports: `llvm-profdata --version`
 * ("Debian LLVM version 22.1.8", "LLVM version 22.1.2-rust-1.95.0-stable"),
 * `rustc -vV` ("LLVM version: 22.1.2") or `clang --version` ("clang version 22.1.8").
 */
export function parseLlvmVersion(text: string): LlvmVersion | undefined {
  const match = /(?:LLVM|clang) version:? (\d+)\.(\d+)(?:\.(\d+))?/.exec(text)
  if (!match) return undefined
  const [, major, minor, patch = '0'] = match
  return { major: Number(major), full: `${major}.${minor}.${patch}` }
}
