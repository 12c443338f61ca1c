import * as core from '../../system/log'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { installWithApt } from '../../system/apt'
import { commandEnv } from '../../system/environment'
import { ActionError, CommandError } from '../../system/errors'
import { runTool } from '../../system/exec'
import { compilerProgram } from '../../llvm/cc-crate'
import { readCSettings } from '../../settings/c-flags'
import type { BuildSettings } from '../../settings/settings'
import type { BundledLlvmTools } from '../../llvm/locate'
import { parseLlvmVersion, type LlvmVersion } from '../../llvm/version'
import { splitShellWords } from '../../system/shell-words'
import { which } from '../../platform/which'
import { findCompilers, type Compilers } from './clang-compilers'
import { targetInCompilerCommand } from '../../targets/build-targets'
import { parseTriple, runsNatively, type Triple } from '../../targets/triples'
import { LlvmToolchain, llvmTraits } from '../llvm-toolchain'
import { ccVariables } from '../cc-variables'
import { CLANG_SPEC } from './clang-spec'
import type {
  BuildSetup,
  BuildTraits,
  BuildVariant,
  CompilerInfo,
  LlvmCapability,
  PreflightNeeds,
  ProgramWatch,
  Toolchain,
  ToolchainOptions
} from '../toolchain'

/** C and C++ with clang and any build system: clang and the profile flags travel in CC and CXX. */
export class ClangToolchain extends LlvmToolchain implements Toolchain {
  readonly spec = CLANG_SPEC
  protected override readonly compilerSignature = /\bclang version \d/
  readonly compiler: CompilerInfo
  readonly traits: BuildTraits
  // A C or C++ build's shared libraries are named by binaries: none is known before it runs.
  readonly llvm: LlvmCapability = { bundledTools: () => this.bundledLlvmTools(), expectedLibraries: async () => [] }

  private constructor(
    private readonly compilers: Compilers,
    llvm: LlvmVersion,
    apple: boolean
  ) {
    super()
    const name = `${apple ? 'Apple clang' : 'clang'} ${llvm.full}`
    const target = targetInCompilerCommand(compilers.cc)
    this.traits = llvmTraits({
      reusesObjects: true,
      flagsAdvice:
        "The action passes clang with its flags in CC and CXX: a Makefile that assigns CC = … ignores them (pass them on make's " +
        'command line, make CC="$CC" CXX="$CXX", or use CC ?= …), a build command that calls a compiler by name skips them (call $CC ' +
        'and $CXX), and a CMake or Meson build directory configured before this step keeps the compiler it was configured with ' +
        '(configure inside the build command).',
      keepSymbolsAdvice:
        'Keep the symbols in the release build: no -s or -Wl,--strip-all in the link flags and no strip step in the build command; ' +
        'strip a copy after the action if the release must be stripped.',
      // The target CC names with --target, if any: clang then builds for it.
      targets: target ? [target] : undefined
    })
    this.compiler = {
      name,
      description: `${name} (CC=${compilers.cc}, CXX=${compilers.cxx})${target ? `, target ${target}` : ''}`,
      llvm,
      profileFormatVersion: `llvm${llvm.major}`,
      apple
    }
  }

  static async open(options: ToolchainOptions): Promise<ClangToolchain> {
    const compilers = findCompilers(process.env, options.llvmMajor)
    const [program, ...args] = splitShellWords(compilers.cc)
    const { stdout } = await runTool(program, [...args, '--version'], {
      cwd: options.workingDirectory,
      env: commandEnv(),
      what: `Asking ${compilers.cc} for its version`,
      quiet: true,
      capture: true
    })
    const llvm = /clang version/.test(stdout) ? parseLlvmVersion(stdout) : undefined
    if (!llvm) {
      throw new ActionError(
        `toolchain clang needs clang, but CC is ${compilers.cc}, which says:\n${stdout.split('\n')[0]}\nSet CC to clang (and CXX to clang++), or leave them unset.`
      )
    }
    return new ClangToolchain(compilers, llvm, /Apple clang/.test(stdout))
  }

  /** The llvm-profdata installed beside clang belongs to the same LLVM. */
  private async bundledLlvmTools(): Promise<BundledLlvmTools | undefined> {
    const program = compilerProgram(this.compilers.cc)
    const cc = which(program) ?? program
    if (!fs.existsSync(cc)) return undefined
    return { directory: path.dirname(fs.realpathSync(cc)), origin: 'beside clang', install: async () => false, mayHoldBolt: true }
  }

  /** The flags ride in CC and CXX (cc-variables.ts says why): the settings are read from the user's own. */
  readBuildSettings(build: string): Promise<BuildSettings> {
    return Promise.resolve(readCSettings({ build, env: commandEnv(), compiler: 'clang' }))
  }

  /** A C or C++ build system's outputs have no fixed place: binaries names them. */
  async watchPrograms(): Promise<ProgramWatch | undefined> {
    return undefined
  }

  async prepareBuild(variant: BuildVariant): Promise<BuildSetup> {
    // The build system's shell reads these: every path in them is quoted.
    const { env, notes } = ccVariables(this.compilers, pgoFlags(variant))
    return { env, notes, warnings: [] }
  }

  /**
   * A clang without its profile runtime (libclang_rt.profile: Debian ships it
   * apart, in libclang-rt-N-dev) fails only at link time, after the build
   * has run. So link a one-line program with -fprofile-generate first; when
   * the runtime is missing, install the package where the step may, or
   * fail before any build, naming the file and the package.
   */
  protected async preflight(needs: PreflightNeeds): Promise<void> {
    if (!needs.instrumentation) return
    const first = await this.linkProfilingProgram()
    if (!first) return
    const llvm = this.compiler.llvm as LlvmVersion
    const aptPackage = `libclang-rt-${llvm.major}-dev`
    const program = which(compilerProgram(this.compilers.cc)) ?? compilerProgram(this.compilers.cc)
    // Debian's and Ubuntu's clang-N lives in /usr/lib/llvm-N; another clang's runtime is not in their package.
    const fromDebian = fs.existsSync(program) && fs.realpathSync(program).startsWith(`/usr/lib/llvm-${llvm.major}/`)
    const foreign = this.foreignTarget()
    if ('missing' in first && foreign)
      throw missingForeignRuntime(this.compiler.name, this.compilers.cc, foreign, first.missing, llvm.major)
    let installed = false
    if ('missing' in first && fromDebian) {
      core.info(`clang's profile runtime is missing (${first.missing}): installing ${aptPackage}.`)
      installed = await installWithApt(aptPackage).catch(() => false)
      if (installed && !(await this.linkProfilingProgram())) {
        core.info(`Installed ${aptPackage}: clang links programs with profiling counters now.`)
        return
      }
    }
    if ('missing' in first) {
      const tried = !fromDebian
        ? ''
        : installed
          ? `, which this step installed without effect`
          : ', which this step could not install itself (that needs root or passwordless sudo)'
      throw new ActionError(
        `${this.compiler.name} (CC=${this.compilers.cc}) cannot link a program built with -fprofile-generate: its profile runtime is missing ` +
          `(the linker looked for ${first.missing}). On Debian and Ubuntu it is in the package ${aptPackage}${tried}: install it ` +
          `(apt-get install ${aptPackage}). Elsewhere, install compiler-rt's profile library for LLVM ${llvm.major}.`
      )
    }
    throw new ActionError(
      `${this.compiler.name} (CC=${this.compilers.cc}) cannot link a one-line program built with -fprofile-generate, so the instrumented build would fail:\n` +
        first.failed
    )
  }

  /** The target CC names, when this runner's CPU is not the target's. */
  private foreignTarget(): Triple | undefined {
    const target = this.traits.targets?.[0]
    return target && !runsNatively(parseTriple(target), process.arch) ? parseTriple(target) : undefined
  }

  /** Undefined when clang links a profiling program; else the missing runtime file, or the failure. */
  private async linkProfilingProgram(): Promise<{ missing: string } | { failed: string } | undefined> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-clang-'))
    try {
      const source = path.join(dir, 'probe.c')
      fs.writeFileSync(source, 'int main(void) { return 0; }\n')
      const [program, ...args] = splitShellWords(this.compilers.cc)
      await runTool(program, [...args, '-fprofile-generate', source, '-o', path.join(dir, 'probe')], {
        cwd: dir,
        env: commandEnv(),
        what: 'Linking a test program with profiling counters',
        quiet: true
      })
      return undefined
    } catch (error) {
      if (!(error instanceof CommandError)) throw error
      const missing = error.tail.map(line => /(\S*libclang_rt\.profile\S*?):? No such file/.exec(line)?.[1]).find(Boolean)
      return missing ? { missing } : { failed: error.message }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}

/**
 * Debian's and Ubuntu's libclang-rt-N-dev holds the runtime of the runner's
 * own CPU only, so installing it again would not help: say which file the
 * linker needs, and where that architecture's package comes from.
 */
function missingForeignRuntime(compiler: string, cc: string, target: Triple, missing: string, major: number): ActionError {
  const debian = target.architecture?.debian
  const fromDebian = debian
    ? ` On Debian and Ubuntu it is in libclang-rt-${major}-dev:${debian} (after dpkg --add-architecture ${debian}).`
    : ''
  return new ActionError(
    `${compiler} (CC=${cc}) cannot link ${target.triple} programs built with -fprofile-generate: the profile runtime for that target is missing ` +
      `(the linker looked for ${missing}), and the runner's own libclang-rt-${major}-dev holds only its own architecture's.${fromDebian} ` +
      "Install compiler-rt's profile library for the target there, or train on a runner of that architecture."
  )
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
