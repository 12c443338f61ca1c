import { commandEnv } from '../system/environment'
import { runTool } from '../system/exec'
import { programIn, which } from '../platform/which'
import { demangleRustLegacy } from './demangle'
import { stripFilePrefix } from './show-parser'

/**
 * Readable names for profile function names: Rust legacy symbols are decoded
 * here; C++ and Rust v0 symbols go through a demangler program when one is
 * at hand (llvm-cxxfilt beside the profile tool, or c++filt), else stay as they are.
 */
export async function readableNames(names: string[], llvmToolDir: string): Promise<Map<string, string>> {
  const readable = new Map<string, string>()
  const forDemangler: string[] = []
  for (const name of names) {
    const bare = stripFilePrefix(name)
    const rust = demangleRustLegacy(bare)
    readable.set(name, rust ?? bare)
    if (!rust && /^_{1,2}[ZR]/.test(bare)) forDemangler.push(name)
  }
  const demangler = programIn(llvmToolDir, 'llvm-cxxfilt') ?? which('llvm-cxxfilt') ?? which('c++filt')
  if (forDemangler.length === 0 || !demangler) return readable
  try {
    const { stdout } = await runTool(demangler, [], {
      cwd: llvmToolDir,
      env: commandEnv(),
      what: 'Demangling function names',
      quiet: true,
      capture: true,
      input: forDemangler.map(stripFilePrefix).join('\n') + '\n'
    })
    stdout
      .split('\n')
      .slice(0, forDemangler.length)
      .forEach((line, i) => {
        if (line.trim()) readable.set(forDemangler[i], line.trim())
      })
  } catch {
    // Mangled names are still names; the summary can show them as they are.
  }
  return readable
}
