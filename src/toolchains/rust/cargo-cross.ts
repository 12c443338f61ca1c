import * as fs from 'node:fs'
import * as path from 'node:path'
import { ActionError } from '../../system/errors'
import { commandEnv, type Env } from '../../system/environment'
import { runTool } from '../../system/exec'
import { which } from '../../platform/which'
import { cargoLinkerVariable, linksWithHostCompiler, parseTriple } from '../../targets/triples'
import { configuredLinker, type CargoConfigFile } from './cargo-config'

/** What a build for another CPU than the host's needs from the action: the linker it set, and why. */
export interface CrossLinker {
  env: Env
  note: string
  linker: string
}

/**
 * Checks, before any build, that rustup holds the target's standard
 * library: cargo would otherwise fail deep in the build with "can't find
 * crate for std".
 */
export function checkRustTarget(triple: string, sysroot: string): void {
  if (fs.existsSync(path.join(sysroot, 'lib', 'rustlib', triple, 'lib'))) return
  throw new ActionError(
    `The build targets ${triple}, and this Rust toolchain has no standard library for it: run rustup target add ${triple} before this step.`
  )
}

/**
 * The linker a build for another CPU needs: the user's (the variable cargo
 * reads, or target.<triple>.linker), which must be installed; else the
 * Debian/Ubuntu cross compiler's gcc, which the action then names for
 * cargo. Without either, the error names the package to install, before
 * any build: cargo would link with the host's cc and fail.
 */
export function crossLinker(triple: string, host: string, env: NodeJS.ProcessEnv, configs: CargoConfigFile[]): CrossLinker | undefined {
  const target = parseTriple(triple)
  const hostCpu = parseTriple(host).cpu
  // Apple's and Microsoft's linkers take every CPU of their system (rustc passes -arch, or finds MSVC's linker for it): a cross gcc is Linux's need.
  if (target.cpu === hostCpu || !target.linux) return undefined
  const variable = cargoLinkerVariable(triple)
  const given = givenLinker(triple, env, configs)
  if (given) {
    if (!installed(given.linker))
      throw new ActionError(
        `${given.source} names the linker ${given.linker} for ${triple}, and it is not installed: install it, or name one that is.`
      )
    return undefined
  }
  const gnu = target.architecture?.gnu
  const gcc = gnu ? `${gnu}-gcc` : undefined
  if (gcc && which(gcc))
    return { env: { [variable]: gcc }, note: `Linker for ${triple}: ${gcc} (${variable}), the cross compiler on PATH`, linker: gcc }
  // 32-bit x86 on an x86-64 host: the host's cc with -m32, which checkThirtyTwoBitLibraries checks.
  if (linksWithHostCompiler(target, hostCpu)) return undefined
  const install = target.architecture ? `install ${target.architecture.crossCompilerPackage} (Debian and Ubuntu), or ` : ''
  throw new ActionError(
    `The build targets ${triple}, which needs a linker for that CPU, and none is set or installed: ${install}set ${variable} to the linker.`
  )
}

/**
 * A 32-bit x86 glibc target on an x86-64 host links with the host's cc
 * and -m32, against the 32-bit C library, which a runner may lack: checked
 * before any build (cargo's linker error would come at the end of the
 * instrumented build, hundreds of lines long). musl targets bring their
 * own C library, and are left to cargo.
 */
export async function checkThirtyTwoBitLibraries(
  triple: string,
  host: string,
  env: NodeJS.ProcessEnv,
  configs: CargoConfigFile[],
  cwd: string
): Promise<void> {
  const target = parseTriple(triple)
  if (!target.linux || target.musl || target.cpu === parseTriple(host).cpu || !linksWithHostCompiler(target, parseTriple(host).cpu)) return
  if (givenLinker(triple, env, configs)) return
  // gcc and clang name a file they cannot find by its bare name.
  const found = await runTool('cc', ['-m32', '-print-file-name=crt1.o'], {
    cwd,
    env: commandEnv(),
    what: 'Looking for the 32-bit C library',
    quiet: true,
    capture: true
  })
    .then(({ stdout }) => path.isAbsolute(stdout.trim()))
    .catch(() => false)
  if (found) return
  throw new ActionError(
    `The build targets ${triple}, whose programs link with the 32-bit C library, and this runner has no linker for it (cc -m32 finds no crt1.o, and ${target.architecture?.gnu ?? 'i686-linux-gnu'}-gcc is not on PATH): ` +
      'install gcc-multilib, or gcc-i686-linux-gnu with libc6-dev-i386-cross and libc6-i386 (Debian and Ubuntu; the two cannot be installed together, and a cross compiler for another CPU rules out gcc-multilib), ' +
      `or set ${cargoLinkerVariable(triple)} to a linker that has it.`
  )
}

/** The linker the user named for the target: the variable cargo reads, or target.<triple>.linker. */
export function givenLinker(
  triple: string,
  env: NodeJS.ProcessEnv,
  configs: CargoConfigFile[]
): { linker: string; source: string } | undefined {
  const variable = cargoLinkerVariable(triple)
  return env[variable]
    ? { linker: env[variable] as string, source: variable }
    : optional(configuredLinker(configs, triple), `target.${triple}.linker`)
}

function optional(linker: string | undefined, source: string): { linker: string; source: string } | undefined {
  return linker ? { linker, source } : undefined
}

function installed(linker: string): boolean {
  return path.isAbsolute(linker) ? fs.existsSync(linker) : which(linker) !== undefined
}
