// C code that a Rust build compiles through the cc crate. From cc 1.2.2 the
// crate passes rustc's -Cprofile-generate and -Cprofile-use on to the C
// compiler (to clang only from 1.2.9; not at all from 1.8.0). The C objects
// are then instrumented by that clang but write their counters through
// rustc's profile runtime, and that clang reads the profile rustc's LLVM
// merged: both work only when the clang's LLVM major is rustc's. For any
// other clang (Apple's, on every macOS runner) the action keeps the flags
// away, as ruff and uv do: -fno-profile-generate -fno-profile-use in the
// target's CFLAGS and CXXFLAGS, which cc puts after the flags it passes on
// from 1.2.16 (read in cc's sources, 1.2.2 to 1.12.0).
import * as fs from 'node:fs'
import * as path from 'node:path'
import { splitShellWords } from '../system/shell-words'
import { compareVersions } from './releases'
import { parseLlvmVersion, type LlvmVersion } from './version'

/** cc versions in the [first, end) ranges that pass the profile flags on, and to which compilers. */
const FORWARDS_TO_GCC_TOO = ['1.2.2', '1.2.9'] as const
const FORWARDS_TO_CLANG = ['1.2.2', '1.8.0'] as const
/** From this version cc reads CFLAGS_<target> with the other CFLAGS variables and puts them all last, so the last -fno-profile-* wins. */
const ENVIRONMENT_FLAGS_LAST = '1.2.16'
/** What keeps rustc's profile flags from a C compiler: clang takes the last of -fprofile-generate and -fno-profile-generate (and of -use). */
export const KEEP_AWAY_FLAGS = ['-fno-profile-generate', '-fno-profile-use']

/** The cc crate's versions a Cargo.lock holds (a workspace can hold several). */
export function ccVersionsInLock(lock: string): string[] {
  const versions: string[] = []
  for (const block of lock.split(/^\[\[package\]\]\s*$/m)) {
    if (!/^name = "cc"$/m.test(block)) continue
    // A version is a word of semver's characters: a crafted lock's line breaks and markup never reach a message.
    const version = /^version = "([0-9A-Za-z.+-]{1,64})"$/m.exec(block)?.[1]
    if (version) versions.push(version)
  }
  return versions
}

function inRange(version: string, [first, end]: readonly [string, string]): boolean {
  const plain = version.split(/[-+]/)[0]
  return compareVersions(plain, first) >= 0 && compareVersions(plain, end) < 0
}

/**
 * The variables cc reads for the C compiler of `target`, first found wins:
 * CC_<target>, CC_<target with underscores>, HOST_CC or TARGET_CC, CC.
 */
export function ccCompilerVariables(target: string, host: string): string[] {
  return [`CC_${target}`, `CC_${target.replace(/-/g, '_')}`, target === host ? 'HOST_CC' : 'TARGET_CC', 'CC']
}

/** The C compiler cc would run for `target`, and where that came from; `cc` is its default outside Windows. */
export function ccCompiler(
  env: NodeJS.ProcessEnv,
  target: string,
  host: string,
  platform: string
): { command: string; from: string } | undefined {
  for (const name of ccCompilerVariables(target, host)) {
    const value = env[name]?.trim()
    if (value) return { command: value, from: name }
  }
  return platform === 'win32' ? undefined : { command: 'cc', from: "cc's default" }
}

/** The program of a compiler command, past a caching wrapper: `sccache clang-22` runs clang-22. */
export function compilerProgram(command: string): string {
  const words = splitShellWords(command)
  const wrappers = ['ccache', 'sccache', 'distcc', 'buildcache']
  return words.length > 1 && wrappers.includes(path.basename(words[0])) ? words[1] : words[0]
}

export interface CCompilerIdentity {
  kind: 'clang' | 'apple-clang' | 'gcc' | 'other'
  llvm?: LlvmVersion
}

/** What `--version` says the compiler is. */
export function identifyCompiler(versionText: string): CCompilerIdentity {
  if (/Apple clang version/.test(versionText)) return { kind: 'apple-clang' }
  if (/clang version/.test(versionText)) return { kind: 'clang', llvm: parseLlvmVersion(versionText) }
  if (/\bgcc\b|GCC|Free Software Foundation/.test(versionText)) return { kind: 'gcc' }
  return { kind: 'other' }
}

export interface CcCrateFacts {
  ccVersions: string[]
  /** The compiler cc runs and what it is; undefined when cc would pick none here (MSVC). */
  compiler?: { command: string; from: string; identity?: CCompilerIdentity }
  rustc: { name: string; llvm: LlvmVersion }
}

export type CcCrateVerdict = { level: 'info' | 'warning' | 'error'; message: string; keepAway?: boolean } | undefined

/** What the action says, or refuses, about C code the cc crate compiles. */
export function judgeCcCrate(facts: CcCrateFacts): CcCrateVerdict {
  const { ccVersions, compiler, rustc } = facts
  if (ccVersions.length === 0) return undefined
  const forwarding = ccVersions.filter(version => inRange(version, FORWARDS_TO_CLANG))
  const cc = `cc ${(forwarding.length ? forwarding : ccVersions).join(', ')}`
  const unprofiled = `C code the cc crate compiles is built without profile data: only the Rust code is profiled and optimized.`
  if (forwarding.length === 0 || !compiler) return { level: 'info', message: `${cc} (Cargo.lock): ${unprofiled}` }
  const identity = compiler.identity
  const who = `${compiler.command} (${compiler.from})`
  const fix = `set CC (or CC_<target>) to clang from LLVM ${rustc.llvm.major}, such as clang-${rustc.llvm.major}; or update cc to 1.8.0 or newer, which leaves C code unprofiled.`
  if (!identity) {
    return {
      level: 'warning',
      message: `${cc} passes rustc's profile flags to the C compiler ${who}, which did not say what it is: its LLVM must be rustc's (LLVM ${rustc.llvm.full}).`
    }
  }
  if (identity.kind === 'gcc' || identity.kind === 'other') {
    const gccToo = forwarding.some(version => inRange(version, FORWARDS_TO_GCC_TOO))
    if (identity.kind === 'gcc' && gccToo) {
      return {
        level: 'error',
        message:
          `${cc} (Cargo.lock) passes rustc's profile flags to GCC too, and the C compiler is ${who}: GCC's profiling (gcov) is not LLVM's, ` +
          `so the C objects would need GCC's runtime and write no LLVM profile.\nFix: update cc to 1.2.9 or newer, or set CC to clang-${rustc.llvm.major}.`
      }
    }
    return {
      level: 'info',
      message: `${cc} (Cargo.lock) passes rustc's profile flags only to clang, and the C compiler is ${who}: ${unprofiled}`
    }
  }
  if (identity.kind === 'clang' && identity.llvm?.major === rustc.llvm.major) {
    return {
      level: 'info',
      message: `${cc} (Cargo.lock) passes rustc's profile flags to ${who}, clang ${identity.llvm.full}: its LLVM ${identity.llvm.major} is rustc's, so the C code is profiled and optimized too.`
    }
  }
  const what =
    identity.kind === 'apple-clang'
      ? "Apple's clang, whose LLVM and profile formats are Apple's own"
      : `clang ${identity.llvm?.full ?? 'of unknown version'} (LLVM ${identity.llvm?.major ?? '?'})`
  const mismatch = `${cc} (Cargo.lock) passes rustc's profile flags to the C compiler, and the C compiler ${who} is ${what}, while ${rustc.name} uses LLVM ${rustc.llvm.full}`
  if (forwarding.every(version => !inRange(version, ['1.2.2', ENVIRONMENT_FLAGS_LAST]))) {
    return {
      level: 'info',
      keepAway: true,
      message:
        `${mismatch}: the action keeps the flags from it with ${KEEP_AWAY_FLAGS.join(' ')} in CFLAGS_<target> and CXXFLAGS_<target>, which cc gives last. ` +
        `${unprofiled} To profile the C code too, set CC (or CC_<target>) to clang from LLVM ${rustc.llvm.major}, such as clang-${rustc.llvm.major}.`
    }
  }
  return {
    level: 'error',
    message:
      `${mismatch}. Its C objects would count into rustc's LLVM ${rustc.llvm.major} profile runtime in another LLVM's layout, and in the optimized build it would read a profile ` +
      `in LLVM ${rustc.llvm.major}'s format; before cc ${ENVIRONMENT_FLAGS_LAST} CFLAGS come before the flags cc passes on, so the action cannot keep them away.\n` +
      `Fix: ${fix.replace('; or update cc to 1.8.0', `; or update cc to ${ENVIRONMENT_FLAGS_LAST} or newer, where the action keeps the flags away, or to 1.8.0`)}`
  }
}

/**
 * What keeps cc's passed-on profile flags from the C compiler, for each
 * target the build compiles C for: the flags after the target's own
 * CFLAGS_<target> and CXXFLAGS_<target>, whose value stays in front.
 */
export function keepAwayVariables(triples: string[], env: NodeJS.ProcessEnv): Record<string, string> {
  const variables: Record<string, string> = {}
  for (const triple of triples) {
    for (const name of [`CFLAGS_${triple}`, `CXXFLAGS_${triple}`])
      variables[name] = [env[name]?.trim(), ...KEEP_AWAY_FLAGS].filter(Boolean).join(' ')
  }
  return variables
}

/**
 * The Cargo.lock of the workspace that holds `directory`: the nearest one at
 * or above it, up to `top` (the checkout), never one above it, which the
 * checkout did not bring.
 */
export function findCargoLock(directory: string, top: string): string | undefined {
  for (let dir = path.resolve(directory); ; dir = path.dirname(dir)) {
    const lock = path.join(dir, 'Cargo.lock')
    if (fs.lstatSync(lock, { throwIfNoEntry: false })) return lock
    if (dir === path.resolve(top) || path.dirname(dir) === dir) return undefined
  }
}
