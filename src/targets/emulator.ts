import * as fs from 'node:fs'
import * as path from 'node:path'
import { ActionError } from '../system/errors'
import { quoteForShell } from '../system/shell-words'
import { which } from '../platform/which'
import { describeRunnerArch, parseTriple, runsNatively, runsUnderRosetta, type Triple } from './triples'
import { hostSystem, type System } from '../platform/host'

/** The emulator input: auto (binfmt_misc, else qemu-user), qemu (always qemu-user), none (never emulate). */
export type EmulatorChoice = 'auto' | 'qemu' | 'none'

/** How this runner runs the programs of a target it cannot execute itself. */
export interface Emulation {
  target: string
  /** The qemu-user program the workloads' wrappers call; undefined when the kernel's binfmt_misc runs the programs directly. */
  qemu?: string
  /** The target's libraries (glibc and the loader); undefined for static musl programs. */
  sysroot?: string
  /** For the log and the summary: "qemu-aarch64 (/usr/bin/qemu-aarch64), sysroot /usr/aarch64-linux-gnu". */
  description: string
}

export interface EmulationContext {
  choice: EmulatorChoice
  /** The emulator-sysroot input, if given. */
  sysroot?: string
  /** Node's process.arch of the runner. */
  runnerArch: string
  /** Where the kernel lists the binfmt_misc handlers. */
  binfmtDir?: string
  searchPath?: string
  /** The runner's system; this one unless a test names another. */
  runnerSystem?: System
}

/**
 * How the workloads will run the target's programs: undefined when the
 * runner runs them itself; otherwise the emulator, or an error that names
 * the target, the runner and what to install, before any build.
 */
export function findEmulation(triple: string, context: EmulationContext): Emulation | undefined {
  const target = parseTriple(triple)
  const system = context.runnerSystem ?? hostSystem()
  if (runsNatively(target, context.runnerArch, system)) return undefined
  if (runsUnderRosetta(target, context.runnerArch, system)) {
    // The programs start as they are; without Rosetta (softwareupdate --install-rosetta) the first workload fails with "Bad CPU type in executable".
    return { target: triple, description: 'Rosetta 2, which translates x86-64 programs on Apple silicon' }
  }
  const runner = `this ${describeRunnerArch(context.runnerArch)} runner`
  const architecture = target.architecture
  if (!target.linux || !architecture) {
    throw new ActionError(
      `${triple} programs do not run on ${runner}, and the action emulates only Linux targets it knows (aarch64, riscv64gc, armv7, powerpc64le, s390x, x86_64) ` +
        'and x86-64 macOS on Apple silicon (Rosetta 2): build it on a runner that runs it.'
    )
  }
  if (context.choice === 'none') {
    throw new ActionError(
      `${triple} programs do not run on ${runner}, and emulator is none: set emulator to auto to train them under QEMU, or run the step on a runner of that architecture.`
    )
  }
  const sysroot = findSysroot(target, context)
  const binfmt = context.choice === 'auto' && binfmtRuns(architecture.qemu, context.binfmtDir ?? '/proc/sys/fs/binfmt_misc')
  if (binfmt)
    return {
      target: triple,
      sysroot,
      description: `the kernel's binfmt_misc (${architecture.qemu})${sysroot ? `, sysroot ${sysroot}` : ''}`
    }
  const qemu = which(architecture.qemu, context.searchPath) ?? which(`${architecture.qemu}-static`, context.searchPath)
  if (!qemu) {
    throw new ActionError(
      `${triple} programs do not run on ${runner}, and no emulator is installed: the workloads run them under ${architecture.qemu}. ` +
        'Install qemu-user (Debian and Ubuntu: sudo apt-get install qemu-user), or run the step on a runner of that architecture.'
    )
  }
  return { target: triple, qemu, sysroot, description: `${path.basename(qemu)} (${qemu})${sysroot ? `, sysroot ${sysroot}` : ''}` }
}

/** The target's libraries: the input's, or the one the Debian/Ubuntu cross compiler installs (/usr/<gnu triple>). */
function findSysroot(target: Triple, context: EmulationContext): string | undefined {
  if (context.sysroot) {
    if (!fs.statSync(context.sysroot, { throwIfNoEntry: false })?.isDirectory()) {
      throw new ActionError(
        `emulator-sysroot ${context.sysroot} is not a directory: give the directory that holds the target's lib/ (such as /usr/${target.architecture?.gnu}).`
      )
    }
    return context.sysroot
  }
  if (target.musl) return undefined
  const crossRoot = `/usr/${target.architecture?.gnu}`
  if (fs.existsSync(path.join(crossRoot, 'lib'))) return crossRoot
  throw new ActionError(
    `${target.triple} programs need the target's C library to run under QEMU, and ${crossRoot} holds none: ` +
      `install ${target.architecture?.crossCompilerPackage} (it brings the libraries), or give emulator-sysroot.`
  )
}

/** Whether binfmt_misc has an enabled handler of that name, so the kernel runs such programs itself. */
function binfmtRuns(handler: string, binfmtDir: string): boolean {
  try {
    return fs.readFileSync(path.join(binfmtDir, handler), 'utf8').split('\n')[0] === 'enabled'
  } catch {
    return false
  }
}

/**
 * For each program, a script of its name that runs it under the emulator,
 * in `dir`, which the workloads get first on PATH. Undefined where the
 * kernel runs the programs itself (binfmt_misc).
 */
export function writeEmulatorWrappers(programs: string[], dir: string, emulation: Emulation): string | undefined {
  if (!emulation.qemu) return undefined
  fs.mkdirSync(dir, { recursive: true })
  const sysroot = emulation.sysroot ? ` -L ${quoteForShell(emulation.sysroot)}` : ''
  for (const program of programs) {
    const script = `#!/bin/sh\nexec ${quoteForShell(emulation.qemu)}${sysroot} ${quoteForShell(program)} "$@"\n`
    fs.writeFileSync(path.join(dir, path.basename(program)), script, { mode: 0o755 })
  }
  return dir
}

/** What the workloads' environment needs so the kernel's emulator finds the target's libraries. */
export function emulatorEnv(emulation: Emulation): Record<string, string> {
  return !emulation.qemu && emulation.sysroot ? { QEMU_LD_PREFIX: emulation.sysroot } : {}
}
