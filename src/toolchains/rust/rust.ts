import * as core from '../../system/log'
import { commandEnv, type Env } from '../../system/environment'
import { ActionError } from '../../system/errors'
import { runTool } from '../../system/exec'
import { ccCompiler, compilerProgram, identifyCompiler, judgeCcCrate, keepAwayVariables } from '../../llvm/cc-crate'
import type { BundledLlvmTools } from '../../llvm/locate'
import { rustupToolsDirectory } from '../../llvm/tool-paths'
import { parseLlvmVersion } from '../../llvm/version'
import { which } from '../../platform/which'
import { targetsInCommand } from '../../targets/build-targets'
import { checkRustTarget, checkThirtyTwoBitLibraries, crossLinker, givenLinker, type CrossLinker } from './cargo-cross'
import { checkCcTargetCompiler } from './cargo-c-code'
import { ccVersionsOf } from './cargo-lock'
import {
  configuredBuildTargets,
  hasCfgTables,
  loadCargoConfigs,
  loadWorkspaceManifest,
  resolveUserRustflags,
  withoutProfileFlags,
  type CargoConfigFile
} from './cargo-config'
import { CargoOutputs } from './cargo-programs'
import { cargoBuildBeside } from './cargo-variant'
import { LlvmToolchain, llvmTraits } from '../llvm-toolchain'
import { RUST_SPEC } from './rust-spec'
import { profilerRuntimeProblem } from './rust-profiler'
import type {
  BesideCapability,
  BuildSetup,
  BuildTraits,
  BuildVariant,
  CompilerInfo,
  LlvmCapability,
  ProgramWatch,
  Toolchain,
  ToolchainOptions
} from '../toolchain'
import { hostSystem } from '../../platform/host'
import { readCargoProfile } from '../../settings/cargo-profile'
import type { BuildSettings } from '../../settings/settings'

interface RustcFacts {
  release: string
  host: string
  llvm: string
}

/** The targets the user's build compiles for, and what says so. */
interface BuildTargets {
  triples: string[]
  /** "--target in build", "CARGO_BUILD_TARGET", "your cargo configuration". */
  source: string
}

interface UserFlags {
  kept: string[]
  dropped: string[]
  source: string
}

export class RustToolchain extends LlvmToolchain implements Toolchain {
  readonly spec = RUST_SPEC
  readonly compiler: CompilerInfo
  readonly traits: BuildTraits
  readonly llvm: LlvmCapability = { bundledTools: () => this.bundledLlvmTools(), expectedLibraries: () => this.outputs.expectedLibraries() }
  readonly beside: BesideCapability = { build: async (build, dir) => cargoBuildBeside(build, await this.outputs.targetDirectory(), dir) }
  private userFlags?: Promise<UserFlags>
  /** What the build writes, from cargo's metadata, read once. */
  private readonly outputs: CargoOutputs
  private sysrootPath?: Promise<string>
  /** The linker the action names for a build for another CPU, found by preflight. */
  private cross?: CrossLinker
  /** The CFLAGS that keep cc's passed-on profile flags from a C compiler of another LLVM, where preflight found one. */
  private ccKeepAway?: Env

  private constructor(
    private readonly cwd: string,
    private readonly rustc: RustcFacts,
    private readonly cargoConfigs: CargoConfigFile[],
    /** Targets the user's build names; undefined means the host. */
    private readonly buildTargets: BuildTargets | undefined
  ) {
    super()
    this.outputs = new CargoOutputs(cwd, this.triples)
    const llvm = parseLlvmVersion(`LLVM version ${rustc.llvm}`)
    const targets = buildTargets && buildTargets.triples.join(', ') !== rustc.host ? `, target ${buildTargets.triples.join(', ')}` : ''
    this.compiler = {
      name: `rustc ${rustc.release}`,
      description: `rustc ${rustc.release} (LLVM ${rustc.llvm}), host ${rustc.host}${targets}`,
      llvm,
      profileFormatVersion: `llvm${llvm?.major ?? rustc.llvm}`
    }
    this.traits = llvmTraits({
      // cargo rebuilds whatever its flags changed for.
      reusesObjects: false,
      flagsAdvice:
        'The action passes your rustflags and its own in CARGO_ENCODED_RUSTFLAGS: a build command that sets RUSTFLAGS or ' +
        'CARGO_ENCODED_RUSTFLAGS itself, or runs cargo with --config rustflags, replaces them. Set your flags in the ' +
        "step's env or in .cargo/config.toml instead.",
      keepSymbolsAdvice:
        'Keep the symbols in the release profile: strip = "debuginfo" or false (Cargo.toml [profile.release], or CARGO_PROFILE_RELEASE_STRIP), ' +
        'and strip a copy after the action if the release must be stripped.',
      // A Windows GNU target's standard library has no profiler runtime.
      cannotInstrument: this.triples.map(profilerRuntimeProblem).find(Boolean),
      targets: buildTargets?.triples
    })
  }

  /** Asks the rustc that cargo will use in the working directory (rust-toolchain.toml applies). */
  static async open(options: ToolchainOptions): Promise<RustToolchain> {
    const cwd = options.workingDirectory
    const env = commandEnv()
    const { stdout } = await runTool('rustc', ['-vV'], { cwd, env, what: 'Asking rustc for its version', quiet: true, capture: true })
    const field = (name: string): string | undefined => new RegExp(`^${name}: (.+)$`, 'm').exec(stdout)?.[1].trim()
    const release = field('release')
    const host = field('host')
    const llvm = field('LLVM version')
    if (!release || !host || !llvm) {
      throw new ActionError(`rustc -vV did not report its release, host and LLVM version; it printed:\n${stdout}`)
    }
    const configs = loadCargoConfigs(cwd, env)
    return new RustToolchain(cwd, { release, host, llvm }, configs, buildTargetsOf(options.build, configs, env))
  }

  private get triples(): string[] {
    return this.buildTargets?.triples ?? [this.rustc.host]
  }

  private sysroot(): Promise<string> {
    return (this.sysrootPath ??= runTool('rustc', ['--print', 'sysroot'], {
      cwd: this.cwd,
      env: commandEnv(),
      what: 'Asking rustc for its sysroot',
      quiet: true,
      capture: true
    }).then(({ stdout }) => stdout.trim()))
  }

  private async bundledLlvmTools(): Promise<BundledLlvmTools | undefined> {
    const directory = rustupToolsDirectory(await this.sysroot(), this.rustc.host, hostSystem())
    return {
      directory,
      origin: 'rustup llvm-tools',
      mayHoldBolt: false,
      install: async () => {
        if (!which('rustup')) return false
        await runTool('rustup', ['component', 'add', 'llvm-tools'], {
          cwd: this.cwd,
          env: commandEnv(),
          what: 'Installing rustup llvm-tools'
        })
        return true
      }
    }
  }

  async readBuildSettings(build: string): Promise<BuildSettings> {
    const user = await (this.userFlags ??= this.readUserFlags())
    return readCargoProfile({
      build,
      manifest: await loadWorkspaceManifest(this.cwd),
      configs: this.cargoConfigs,
      env: commandEnv(),
      rustflags: user.kept,
      rustflagsSource: user.source
    })
  }

  async prepareBuild(variant: BuildVariant): Promise<BuildSetup> {
    const user = await (this.userFlags ??= this.readUserFlags())
    const added = pgoFlags(variant)
    const keepAway = added.length > 0 ? this.ccKeepAway : undefined
    const env: Env = { CARGO_ENCODED_RUSTFLAGS: [...user.kept, ...added].join('\x1f'), ...this.cross?.env, ...keepAway }
    const notes = [
      `Your rustflags (${user.source}): ${user.kept.join(' ') || 'none'}`,
      `Added: ${added.join(' ') || 'nothing'}`,
      ...(this.cross ? [this.cross.note] : []),
      ...Object.entries(keepAway ?? {}).map(([name, value]) => `For the cc crate's C compiler: ${name}=${value}`)
    ]
    if (this.buildTargets) {
      notes.push(`Target: ${this.buildTargets.triples.join(', ')}, from ${this.buildTargets.source}`)
    } else {
      // An explicit target keeps RUSTFLAGS away from build scripts and proc macros.
      env.CARGO_BUILD_TARGET = this.rustc.host
      notes.push(`Target: ${this.rustc.host} (CARGO_BUILD_TARGET), so build scripts and proc macros are built without PGO flags`)
    }
    const warnings = user.dropped.length
      ? [`Left out your rustflags ${user.dropped.join(', ')} (${user.source}): the action sets the profile flags itself.`]
      : []
    return { env, notes, warnings }
  }

  watchPrograms(): Promise<ProgramWatch> {
    return this.outputs.watch()
  }

  /**
   * C code a Rust build compiles through the cc crate shares rustc's profile
   * runtime and reads rustc's merged profile when cc passes the profile flags
   * on: keep the flags from a clang of another LLVM (refuse where cc's
   * version does not let the action), and say what happens.
   */
  protected async preflight(): Promise<void> {
    const ccVersions = ccVersionsOf(this.cwd)
    await this.checkTargets(ccVersions.length > 0)
    if (ccVersions.length === 0 || !this.compiler.llvm) return
    const triple = this.triples[0]
    const compiler = ccCompiler(commandEnv(), triple, this.rustc.host, hostSystem())
    const identity = compiler ? await this.identifyCCompiler(compiler.command) : undefined
    const verdict = judgeCcCrate({
      ccVersions,
      compiler: compiler && { ...compiler, identity },
      rustc: { name: this.compiler.name, llvm: this.compiler.llvm }
    })
    if (verdict?.level === 'error') throw new ActionError(verdict.message)
    if (verdict?.keepAway) this.ccKeepAway = keepAwayVariables(this.triples, commandEnv())
    if (verdict?.level === 'warning') core.warning(verdict.message)
    if (verdict?.level === 'info') core.info(verdict.message)
  }

  /** Each target the build names has its standard library, one for another CPU a linker, and C code through cc its compiler. */
  private async checkTargets(lockHasCc: boolean): Promise<void> {
    const named = (this.buildTargets?.triples ?? []).filter(triple => triple !== this.rustc.host)
    if (named.length === 0) return
    const sysroot = await this.sysroot()
    const env = commandEnv()
    for (const triple of named) checkRustTarget(triple, sysroot)
    if (named.length === 1) this.cross = crossLinker(named[0], this.rustc.host, env, this.cargoConfigs)
    if (!this.cross) for (const triple of named) await checkThirtyTwoBitLibraries(triple, this.rustc.host, env, this.cargoConfigs, this.cwd)
    for (const triple of named) {
      const linker = givenLinker(triple, env, this.cargoConfigs)?.linker ?? this.cross?.linker
      await checkCcTargetCompiler({ triple, host: this.rustc.host, env, linker, lockHasCc, cwd: this.cwd })
    }
  }

  private async identifyCCompiler(command: string): Promise<ReturnType<typeof identifyCompiler> | undefined> {
    try {
      const { stdout } = await runTool(compilerProgram(command), ['--version'], {
        cwd: this.cwd,
        env: commandEnv(),
        what: 'Asking the C compiler for its version',
        quiet: true,
        capture: true
      })
      return identifyCompiler(stdout)
    } catch {
      return undefined
    }
  }

  private async readUserFlags(): Promise<UserFlags> {
    const env = commandEnv()
    const triple = this.triples[0]
    const targetCfg = hasCfgTables(this.cargoConfigs) ? await this.printCfg(triple) : []
    const user = resolveUserRustflags({ env, configs: this.cargoConfigs, triple, targetCfg })
    return { ...withoutProfileFlags(user.flags), source: user.source }
  }

  private async printCfg(triple: string): Promise<string[]> {
    const { stdout } = await runTool('rustc', ['--print', 'cfg', '--target', triple], {
      cwd: this.cwd,
      env: commandEnv(),
      what: 'Asking rustc for the target cfg',
      quiet: true,
      capture: true
    })
    return stdout.split('\n')
  }
}

/**
 * The targets cargo builds for, by its own precedence: --target on the
 * command line, then CARGO_BUILD_TARGET, then build.target in the cargo
 * configuration. Undefined means the host.
 */
function buildTargetsOf(build: string, configs: CargoConfigFile[], env: NodeJS.ProcessEnv): BuildTargets | undefined {
  const named = targetsInCommand(build, env)
  if (named.length > 0) return { triples: named, source: '--target in build' }
  const configured = configuredBuildTargets(configs, env)
  if (!configured) return undefined
  return { triples: configured, source: env.CARGO_BUILD_TARGET ? 'CARGO_BUILD_TARGET' : 'your cargo configuration' }
}

function pgoFlags(variant: BuildVariant): string[] {
  switch (variant.kind) {
    case 'instrumented':
      return [`-Cprofile-generate=${variant.profileDir}`]
    case 'optimized':
      // The warning flag makes rustc name each function the profile has no data for.
      return [
        `-Cprofile-use=${variant.profile}`,
        '-Cllvm-args=-pgo-warn-missing-function',
        // rustc links through a C compiler driver on Linux, which hands -Wl, flags to the linker.
        ...(variant.keepRelocations ? ['-Clink-arg=-Wl,--emit-relocs'] : [])
      ]
    case 'plain':
      return []
  }
}
