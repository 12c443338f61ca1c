import * as core from '../../system/log'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { commandEnv } from '../../system/environment'
import { ActionError } from '../../system/errors'
import { runTool } from '../../system/exec'
import { unpackFlatTar } from '../../system/flat-tar'
import { splitShellWords } from '../../system/shell-words'
import { printable } from '../../system/untrusted-text'
import { FileKinds, readUntrusted } from '../../system/untrusted-file'
import { readCSettings } from '../../settings/c-flags'
import type { BuildSettings } from '../../settings/settings'
import type { ProfileFitWarning } from '../../llvm/fit-warnings'
import { isExecutableFile } from '../../platform/which'
import { parseTriple, runsNatively } from '../../targets/triples'
import { ccVariables, type CcCompilers } from '../cc-variables'
import { instrumentedPrograms, refuseStillInstrumented } from '../instrumented-programs'
import { findGccCompilers, findGccTool } from './gcc-compilers'
import { gccFitWarning } from './gcc-fit'
import { GCC_SPEC } from './gcc-spec'
import { parseGccVersion, type GccVersion } from './gcc-version'
import { GcovProfileTool, type GccProfileTools } from './gcov-profile-tool'
import type {
  BuildSetup,
  BuildTraits,
  BuildVariant,
  CompilerInfo,
  LlvmCapability,
  OptimizedCheck,
  OptimizedCheckRequest,
  PreparedProfileTool,
  ProgramWatch,
  Toolchain,
  ToolchainOptions,
  WorkloadProfiles
} from '../toolchain'

/** The first GCC with -fprofile-prefix-path and -fprofile-partial-training, without which a profile serves only its own checkout. */
const FIRST_GCC = 10

/** CPUs whose 64-bit atomic adds are cheap: elsewhere (i686, 32-bit ARM) atomic counters slow training many times over. */
const SIXTY_FOUR_BIT = /^(x86_64|aarch64|arm64|powerpc64(le)?|ppc64(le)?|s390x|riscv64|loongarch64|mips64(el)?|sparc64)$/

/** C and C++ with GCC and any build system: gcc and the profile flags travel in CC and CXX, as for clang. */
export class GccToolchain implements Toolchain {
  readonly spec = GCC_SPEC
  readonly compiler: CompilerInfo
  readonly traits: BuildTraits
  readonly workloads: WorkloadProfiles = {
    // The counts files' place is built into the programs (-fprofile-generate=DIR), and every process adds its counts to them under a lock.
    env: () => ({}),
    isRaw: name => name.endsWith('.gcda'),
    noProfileOfLineReason: 'it ran none of the instrumented programs',
    noProfilesAdvice: programs =>
      `A workload must run the instrumented programs, which are first on PATH (${programs.map(p => path.basename(p)).join(', ')}), ` +
      'and let them exit normally: GCC writes the counts when a program exits (a program killed by a signal or ending in _exit writes none).',
    perProgram: false
  }
  /** BOLT's tools come from LLVM (llvm-version): GCC has none of its own, and a C build's libraries are named by binaries. */
  readonly llvm: LlvmCapability = { bundledTools: async () => undefined, expectedLibraries: async () => [] }
  private readonly counterUpdate: { flag: string; why: string }

  private constructor(
    private readonly compilers: CcCompilers,
    private readonly version: GccVersion,
    machine: string,
    private readonly options: ToolchainOptions
  ) {
    const name = `GCC ${version.full}`
    const target = runsNatively(parseTriple(machine), process.arch) ? undefined : machine
    this.traits = {
      profilingBuildName: 'Instrumented build',
      reusesObjects: true,
      profileExtension: '.gcda.tar',
      flagsAdvice:
        "The action passes gcc with its flags in CC and CXX: a Makefile that assigns CC = … ignores them (pass them on make's " +
        'command line, make CC="$CC" CXX="$CXX", or use CC ?= …), a build command that calls a compiler by name skips them (call $CC ' +
        'and $CXX), and a CMake or Meson build directory configured before this step keeps the compiler it was configured with ' +
        '(configure inside the build command).',
      warnsOfFit: true,
      keepSymbolsAdvice:
        'Keep the symbols in the release build: no -s or -Wl,--strip-all in the link flags and no strip step in the build command; ' +
        'strip a copy after the action if the release must be stripped.',
      targets: target ? [target] : undefined,
      runnerEnv: {}
    }
    this.compiler = {
      name,
      description: `${name} (CC=${compilers.cc}, CXX=${compilers.cxx})${target ? `, target ${target}` : ''}`,
      profileFormatVersion: `gcc${version.major}.${version.minor}`
    }
    this.counterUpdate = SIXTY_FOUR_BIT.test(machine.split('-')[0])
      ? { flag: 'prefer-atomic', why: 'threaded workloads count exactly (atomic counter updates, cheap on a 64-bit CPU)' }
      : {
          flag: 'single',
          why: `on ${machine}, a 32-bit CPU, atomic 64-bit counters slow the workloads many times over, so counters are updated plainly: threads running the same code at once may lose some counts`
        }
  }

  static async open(options: ToolchainOptions): Promise<GccToolchain> {
    const compilers = findGccCompilers(process.env)
    const ask = async (flag: string) => (await askCompiler(compilers.cc, flag, options.workingDirectory)).trim()
    const versionText = await ask('--version')
    // What CC prints is shown as text, never read as a workflow command.
    const firstLine = printable(versionText.split('\n')[0])
    if (/clang/i.test(firstLine)) {
      throw new ActionError(
        `toolchain gcc needs GCC, but CC is ${compilers.cc}, which is clang: it says "${firstLine}" (macOS calls clang gcc). ` +
          'Use toolchain: clang for it, or install GCC (macOS: brew install gcc) and set CC and CXX to it (CC=gcc-14 CXX=g++-14).'
      )
    }
    const version = parseGccVersion(await ask('-dumpfullversion'))
    if (!version || !/\bgcc\b|\bGCC\b|Free Software Foundation/.test(versionText)) {
      throw new ActionError(
        `toolchain gcc needs GCC, but CC is ${compilers.cc}, which says:\n${firstLine}\nSet CC to gcc (and CXX to g++), or leave them unset.`
      )
    }
    if (version.major < FIRST_GCC) {
      throw new ActionError(
        `${compilers.cc} is GCC ${version.full}; the action needs GCC ${FIRST_GCC} or newer, whose -fprofile-prefix-path lets a profile serve a build in another directory. ` +
          'Install a newer GCC (Debian and Ubuntu: apt-get install gcc-12 g++-12) and set CC and CXX to it.'
      )
    }
    return new GccToolchain(compilers, version, await ask('-dumpmachine'), options)
  }

  async prepareBuild(variant: BuildVariant): Promise<BuildSetup> {
    const flags = await this.pgoFlags(variant)
    const { env, notes } = ccVariables(this.compilers, flags)
    if (variant.kind === 'instrumented') notes.push(`-fprofile-update=${this.counterUpdate.flag}: ${this.counterUpdate.why}.`)
    if (variant.kind === 'optimized') {
      notes.push(
        '-fprofile-partial-training: code the workloads never ran is optimized as without a profile, not for size.',
        '-Wno-error=coverage-mismatch: a source changed since the profile was made builds, and the functions that changed are named.'
      )
    }
    return { env, notes, warnings: [] }
  }

  /** A C or C++ build system's outputs have no fixed place: binaries names them. */
  async watchPrograms(): Promise<ProgramWatch | undefined> {
    return undefined
  }

  readBuildSettings(build: string): Promise<BuildSettings> {
    return Promise.resolve(readCSettings({ build, env: commandEnv(), compiler: 'gcc' }))
  }

  /** gcov-tool and gcov-dump of this very GCC: another version's cannot read its counts. */
  async prepareProfileTool(): Promise<PreparedProfileTool> {
    const tools = await this.findProfileTools()
    const tool = new GcovProfileTool({
      tools,
      gcc: { name: this.compiler.name, version: this.version },
      buildRoot: this.options.workingDirectory,
      scratch: path.join(this.options.scratchDir, 'gcov')
    })
    core.info(`gcov-tool: ${tools.gcovTool}; gcov-dump: ${tools.gcovDump}`)
    return { tool, result: tool.description }
  }

  checkProfilingBuild(programs: string[], profileDir: string, cwd: string): Promise<string[]> {
    return instrumentedPrograms({
      programs,
      profileDir,
      cwd,
      toolchain: this.spec.name,
      // GCC's own start files sign every program "GCC:", so a program clang compiled carries both: clang's name is the sign.
      foreignSignature: /\bclang version \d/,
      flagsAdvice: this.traits.flagsAdvice
    })
  }

  async checkOptimizedBuild(request: OptimizedCheckRequest): Promise<OptimizedCheck> {
    await refuseStillInstrumented(request.built, request.rawProfileDir, request.cwd, this.traits.flagsAdvice)
    return { confirmations: [] }
  }

  profileFitWarning(line: string): ProfileFitWarning | undefined {
    return gccFitWarning(line)
  }

  /**
   * Where the counts are relative to (-fprofile-prefix-path, the working
   * directory) makes their names the same in every checkout; the profile
   * is unpacked where its sha256 says, so the same profile gives the same
   * -fprofile-use path, which GCC records in the program's debug info.
   */
  private async pgoFlags(variant: BuildVariant): Promise<string[]> {
    const prefix = `-fprofile-prefix-path=${this.options.workingDirectory}`
    switch (variant.kind) {
      case 'instrumented':
        return [`-fprofile-generate=${variant.profileDir}`, prefix, `-fprofile-update=${this.counterUpdate.flag}`, '-ftest-coverage']
      case 'optimized':
        return [
          `-fprofile-use=${await this.unpackedProfile(variant.profile)}`,
          prefix,
          '-fprofile-partial-training',
          '-Wno-error=coverage-mismatch',
          '-Wno-error=missing-profile',
          ...(variant.keepRelocations ? ['-Wl,--emit-relocs'] : [])
        ]
      case 'plain':
        return []
    }
  }

  private async unpackedProfile(profile: string): Promise<string> {
    // Read once: the same bytes name the directory and fill it.
    const archive = readUntrusted(profile, FileKinds.profile)
    const sha256 = createHash('sha256').update(archive).digest('hex')
    const dir = path.join(this.options.scratchDir, `profile-${sha256.slice(0, 16)}`)
    fs.rmSync(dir, { recursive: true, force: true })
    fs.mkdirSync(dir, { recursive: true })
    const entries = unpackFlatTar(archive, `The profile ${profile}`)
    entries.filter(entry => entry.name.endsWith('.gcda')).forEach(entry => fs.writeFileSync(path.join(dir, entry.name), entry.data))
    return dir
  }

  private async findProfileTools(): Promise<GccProfileTools> {
    const [program] = splitShellWords(this.compilers.cc)
    const gcovTool = findGccTool(program, 'gcov-tool')
    const gcovDump = findGccTool(program, 'gcov-dump')
    if (!gcovTool || !gcovDump) {
      const missing = [gcovTool ? '' : 'gcov-tool', gcovDump ? '' : 'gcov-dump'].filter(Boolean)
      throw new ActionError(
        `${this.compiler.name} has no ${missing.join(' or ')} beside it (looked beside ${program} and on PATH). They merge and read GCC's profiles, and come with GCC: ` +
          `on Debian and Ubuntu in the package gcc-${this.version.major} (apt-get install gcc-${this.version.major}); elsewhere install the GCC ${this.version.major} that ${program} belongs to, whole.`
      )
    }
    for (const tool of [gcovTool, gcovDump]) await this.checkToolVersion(tool)
    return { gcovTool, gcovDump }
  }

  /** gcov-tool of another GCC writes counts this gcc does not read: refused, naming both versions. */
  private async checkToolVersion(tool: string): Promise<void> {
    if (!isExecutableFile(tool)) throw new ActionError(`${tool} is not a program this runner can run.`)
    const { stdout } = await runTool(tool, ['--version'], {
      cwd: this.options.workingDirectory,
      env: commandEnv(),
      what: `Asking ${tool} for its version`,
      quiet: true,
      capture: true
    })
    const said = /(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(stdout.split('\n')[0])?.[1]
    const version = said ? parseGccVersion(said) : undefined
    if (version && version.major === this.version.major && version.minor === this.version.minor) return
    throw new ActionError(
      `${tool} belongs to GCC ${said ?? '(it did not say)'}, and ${this.compiler.name} builds: the profile tools must be the compiler's own. ` +
        `Put GCC ${this.version.major}'s gcov-tool first on PATH (Debian and Ubuntu: gcov-tool-${this.version.major}, in gcc-${this.version.major}).`
    )
  }
}

async function askCompiler(cc: string, flag: string, cwd: string): Promise<string> {
  const [program, ...args] = splitShellWords(cc)
  const { stdout } = await runTool(program, [...args, flag], {
    cwd,
    env: commandEnv(),
    what: `Asking ${cc} ${flag}`,
    quiet: true,
    capture: true
  })
  return stdout
}
