import * as fs from 'node:fs'
import * as path from 'node:path'
import { commandEnv, type Env } from '../environment'
import { ActionError } from '../errors'
import { runTool } from '../exec'
import type { Config } from '../inputs'
import { llvmFitWarning } from '../llvm/fit-warnings'
import { isLlvmRawProfile, llvmWorkloadEnv } from '../llvm/raw-profiles'
import { parseLlvmVersion, type LlvmVersion } from '../llvm/version'
import { isExecutableFile, which } from '../which'
import type { BuildSetup, BuildVariant, BundledLlvmTools, CompilerInfo, ProfileFitWarning, Toolchain } from './toolchain'

interface Compilers {
  cc: string
  cxx: string
  /** Whether CC and CXX came from the step's environment (then the action adds its flags to them). */
  fromEnv: { cc: boolean; cxx: boolean }
}

/** C and C++ with clang and any build system: clang and the profile flags travel in CC and CXX. */
export class ClangToolchain implements Toolchain {
  readonly name = 'clang'
  readonly profileFormat = 'llvm'
  readonly profilingBuildName = 'Instrumented build'
  readonly reusesObjects = true
  readonly profileExtension = '.profdata'
  readonly flagsAdvice =
    'The action passes clang with its flags in CC and CXX: a Makefile that assigns CC = … ignores them (use CC ?= …), a build ' +
    'command that calls a compiler by name skips them (call $CC and $CXX), and a CMake or Meson build directory configured before ' +
    'this step keeps the compiler it was configured with (configure inside the build command).'
  readonly keepSymbolsAdvice =
    'Keep the symbols in the release build: no -s or -Wl,--strip-all in the link flags and no strip step in the build command; ' +
    'strip a copy after the action if the release must be stripped.'
  readonly compiler: CompilerInfo

  private constructor(
    private readonly compilers: Compilers,
    llvm: LlvmVersion,
    apple: boolean
  ) {
    const name = `${apple ? 'Apple clang' : 'clang'} ${llvm.full}`
    this.compiler = {
      name,
      description: `${name} (CC=${compilers.cc}, CXX=${compilers.cxx})`,
      llvm,
      profileFormatVersion: `llvm${llvm.major}`,
      apple
    }
  }

  static async open(config: Config): Promise<ClangToolchain> {
    const compilers = findCompilers(process.env, config.llvmVersion?.major)
    const [program, ...args] = compilers.cc.split(/\s+/)
    const { stdout } = await runTool(program, [...args, '--version'], {
      cwd: config.workingDirectory,
      env: commandEnv(),
      what: `Asking ${compilers.cc} for its version`,
      quiet: true,
      capture: true
    })
    const llvm = /clang version/.test(stdout) ? parseLlvmVersion(stdout) : undefined
    if (!llvm) {
      throw new ActionError(`toolchain clang needs clang, but CC is ${compilers.cc}, which says:\n${stdout.split('\n')[0]}\nSet CC to clang (and CXX to clang++), or leave them unset.`)
    }
    return new ClangToolchain(compilers, llvm, /Apple clang/.test(stdout))
  }

  isRawProfile(fileName: string): boolean {
    return isLlvmRawProfile(fileName)
  }

  /** The llvm-profdata installed beside clang belongs to the same LLVM. */
  async bundledLlvmTools(): Promise<BundledLlvmTools | undefined> {
    const cc = which(this.compilers.cc.split(/\s+/)[0]) ?? this.compilers.cc
    if (!fs.existsSync(cc)) return undefined
    return { directory: path.dirname(fs.realpathSync(cc)), origin: 'beside clang', install: async () => false, mayHoldBolt: true }
  }

  /**
   * The flags ride in CC and CXX. Setting CFLAGS instead would hide a
   * Makefile's `CFLAGS ?= -O2` and autoconf's default `-g -O2`, and the build
   * would quietly run unoptimized; a compiler command with arguments is
   * understood by make, CMake, Meson and autoconf alike, and links too.
   */
  async prepareBuild(variant: BuildVariant): Promise<BuildSetup> {
    const { cc, cxx, fromEnv } = this.compilers
    const added = pgoFlags(variant)
    const env: Env = { CC: [cc, ...added].join(' '), CXX: [cxx, ...added].join(' ') }
    const notes = [
      `CC=${env.CC}${fromEnv.cc ? ' (your CC, with the action\'s flags)' : ''}`,
      `CXX=${env.CXX}${fromEnv.cxx ? ' (your CXX, with the action\'s flags)' : ''}`,
      'CFLAGS, CXXFLAGS and LDFLAGS are left as they are, so the build keeps its own optimization flags.'
    ]
    return { env, notes, warnings: [] }
  }

  workloadEnv(profileDir: string, number: number): Env {
    return llvmWorkloadEnv(profileDir, number)
  }

  profileFitWarning(line: string): ProfileFitWarning | undefined {
    return llvmFitWarning(line)
  }
}

function pgoFlags(variant: BuildVariant): string[] {
  switch (variant.kind) {
    case 'instrumented':
      return [`-fprofile-generate=${variant.profileDir}`]
    case 'optimized':
      // The -mllvm flag makes LLVM name each function the profile has no data for. A build
      // with -Werror must not fail on those notes, nor on a flag going unused: -mllvm when CC
      // links, -Wl, (the linker keeping its relocations, for BOLT) when CC only compiles.
      return [
        `-fprofile-use=${variant.profile}`,
        '-mllvm',
        '-pgo-warn-missing-function',
        ...(variant.keepRelocations ? ['-Wl,--emit-relocs'] : []),
        '-Wno-error=backend-plugin',
        '-Wno-unused-command-line-argument'
      ]
    case 'plain':
      return []
  }
}

/**
 * CC and CXX from the environment when set; otherwise clang for the asked
 * LLVM major (clang-N), else plain clang, else the newest clang-N on PATH.
 */
export function findCompilers(env: NodeJS.ProcessEnv, major: number | undefined, searchPath = env.PATH ?? ''): Compilers {
  const fromEnv = { cc: Boolean(env.CC), cxx: Boolean(env.CXX) }
  const cc = env.CC || findClang(major, searchPath)
  if (!cc) {
    throw new ActionError(
      `toolchain clang needs clang, and there is none on PATH (looked for ${major ? `clang-${major}, ` : ''}clang and clang-N). ` +
        `Install it (Debian and Ubuntu: apt-get install clang${major ? `-${major}` : ''}), or set CC and CXX.`
    )
  }
  return { cc, cxx: env.CXX || siblingCxx(cc), fromEnv }
}

function findClang(major: number | undefined, searchPath: string): string | undefined {
  if (major !== undefined) {
    const versioned = which(`clang-${major}`, searchPath) ?? [`/usr/lib/llvm-${major}/bin/clang`].find(isExecutableFile)
    if (versioned) return versioned
  }
  const plain = which('clang', searchPath)
  if (plain && major === undefined) return plain
  return newestVersionedClang(searchPath) ?? plain
}

function newestVersionedClang(searchPath: string): string | undefined {
  let best: { file: string; major: number } | undefined
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    let names: string[]
    try {
      names = fs.readdirSync(dir)
    } catch {
      continue
    }
    for (const name of names) {
      const match = /^clang-(\d+)$/.exec(name)
      const file = path.join(dir, name)
      if (match && Number(match[1]) > (best?.major ?? -1) && isExecutableFile(file)) best = { file, major: Number(match[1]) }
    }
  }
  return best?.file
}

/** clang++ beside the chosen clang: clang-22 → clang++-22, /opt/llvm/bin/clang → /opt/llvm/bin/clang++. */
function siblingCxx(cc: string): string {
  const [program, ...rest] = cc.split(/\s+/)
  const cxx = path.join(path.dirname(program), path.basename(program).replace(/^clang/, 'clang++'))
  const resolved = path.dirname(program) === '.' ? which(path.basename(cxx)) ?? path.basename(cxx) : cxx
  return [resolved, ...rest].join(' ')
}
