import * as core from '@actions/core'
import * as fs from 'node:fs'
import { commandEnv } from '../environment'
import { ActionError } from '../errors'
import { runTool } from '../exec'
import type { Config } from '../inputs'
import { ccCompiler, ccVersionsInLock, compilerProgram, findCargoLock, identifyCompiler, judgeCcCrate } from '../llvm/cc-crate'
import { locateLlvmTool } from '../llvm/locate'
import { LlvmProfdata } from '../llvm/profdata'
import type { ProfileTool } from '../profile-tool'
import type { StageOutcome } from '../stage'
import type { Toolchain } from '../toolchains/toolchain'
import type { LlvmVersion } from '../llvm/version'

/** Finds the llvm-profdata that matches the compiler's LLVM, installing it where it can. */
export async function prepareProfileTool(config: Config, toolchain: Toolchain): Promise<StageOutcome<ProfileTool>> {
  const own = toolchain.ownProfileTool?.()
  if (own) return { value: own, result: own.description }
  const compilerLlvm = toolchain.compiler.llvm
  if (!compilerLlvm) throw new ActionError(`toolchain ${toolchain.name} does not use LLVM profile tools.`)
  const major = config.llvmVersion?.major ?? compilerLlvm.major
  if (major !== compilerLlvm.major) {
    core.warning(
      `llvm-version ${major} differs from the compiler's LLVM ${compilerLlvm.full}: ` +
        `the compiler may reject or silently ignore a profile from LLVM ${major}.`
    )
  }
  const tool = await locateLlvmTool({
    tool: 'llvm-profdata',
    // Before LLVM 15 a bare --version is refused; every version answers it after a subcommand.
    versionArgs: ['merge', '--version'],
    major,
    source: config.llvmTools,
    bundled: await toolchain.bundledLlvmTools?.(),
    needs: `${toolchain.compiler.name} uses LLVM ${compilerLlvm.full}`,
    cwd: config.workingDirectory,
    download: { mirror: config.llvmMirror, exact: config.llvmVersion?.exact, compilerVersion: compilerLlvm.full },
    apple: toolchain.compiler.description.startsWith('Apple clang')
  })
  core.info(`llvm-profdata: ${tool.path} (LLVM ${tool.version.full}, ${tool.origin})`)
  if (toolchain.name === 'rust') await checkCcCrate(config, toolchain, compilerLlvm)
  const profdata = new LlvmProfdata(tool, { name: toolchain.compiler.name, llvm: compilerLlvm })
  return { value: profdata, result: profdata.description }
}

/**
 * C code a Rust build compiles through the cc crate shares rustc's profile
 * runtime and reads rustc's merged profile when cc passes the profile flags
 * on: refuse, before building, a clang of another LLVM; say what happens otherwise.
 */
async function checkCcCrate(config: Config, toolchain: Toolchain, llvm: LlvmVersion): Promise<void> {
  const lock = findCargoLock(config.workingDirectory)
  const ccVersions = lock ? ccVersionsInLock(fs.readFileSync(lock, 'utf8')) : []
  if (ccVersions.length === 0) return
  // The action builds for the host unless the project's configuration names a target; cc reads the host's variables then.
  const host = /host (\S+)/.exec(toolchain.compiler.description)?.[1] ?? ''
  const compiler = ccCompiler(commandEnv(), host, host, process.platform)
  let identity
  if (compiler) {
    try {
      const { stdout } = await runTool(compilerProgram(compiler.command), ['--version'], {
        cwd: config.workingDirectory,
        env: commandEnv(),
        what: 'Asking the C compiler for its version',
        quiet: true,
        capture: true
      })
      identity = identifyCompiler(stdout)
    } catch {
      identity = undefined
    }
  }
  const verdict = judgeCcCrate({ ccVersions, compiler: compiler && { ...compiler, identity }, rustc: { name: toolchain.compiler.name, llvm } })
  if (verdict?.level === 'error') throw new ActionError(verdict.message)
  if (verdict?.level === 'warning') core.warning(verdict.message)
  if (verdict?.level === 'info') core.info(verdict.message)
}
