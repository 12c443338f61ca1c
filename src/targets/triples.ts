// What a target triple says of where its programs run: the CPU, the
// system, and whether this runner executes them itself or needs an
// emulator. Pure knowledge; the checks on the machine are in emulator.ts.
import { hostSystem, type System } from '../platform/host'

/** A CPU family the action knows, with the names the tools use for it. */
export interface Architecture {
  /** Node's process.arch for a runner of this CPU ("x64", "arm64"); undefined where no runner has it. */
  node?: string
  /** The user-mode QEMU program that runs its Linux programs. */
  qemu: string
  /** The Debian/Ubuntu GNU triple: the cross compiler's prefix and the sysroot in /usr/<triple>. */
  gnu: string
  /** The Debian/Ubuntu package of the cross C compiler and linker. */
  crossCompilerPackage: string
  /** Debian's name for the architecture, for its packages: "arm64". */
  debian: string
}

const ARCHITECTURES: Record<string, Architecture> = {
  x86_64: { node: 'x64', qemu: 'qemu-x86_64', gnu: 'x86_64-linux-gnu', crossCompilerPackage: 'gcc-x86-64-linux-gnu', debian: 'amd64' },
  aarch64: {
    node: 'arm64',
    qemu: 'qemu-aarch64',
    gnu: 'aarch64-linux-gnu',
    crossCompilerPackage: 'gcc-aarch64-linux-gnu',
    debian: 'arm64'
  },
  i686: { qemu: 'qemu-i386', gnu: 'i686-linux-gnu', crossCompilerPackage: 'gcc-i686-linux-gnu', debian: 'i386' },
  riscv64gc: { qemu: 'qemu-riscv64', gnu: 'riscv64-linux-gnu', crossCompilerPackage: 'gcc-riscv64-linux-gnu', debian: 'riscv64' },
  riscv64: { qemu: 'qemu-riscv64', gnu: 'riscv64-linux-gnu', crossCompilerPackage: 'gcc-riscv64-linux-gnu', debian: 'riscv64' },
  armv7: { qemu: 'qemu-arm', gnu: 'arm-linux-gnueabihf', crossCompilerPackage: 'gcc-arm-linux-gnueabihf', debian: 'armhf' },
  powerpc64le: { qemu: 'qemu-ppc64le', gnu: 'powerpc64le-linux-gnu', crossCompilerPackage: 'gcc-powerpc64le-linux-gnu', debian: 'ppc64el' },
  s390x: { qemu: 'qemu-s390x', gnu: 's390x-linux-gnu', crossCompilerPackage: 'gcc-s390x-linux-gnu', debian: 's390x' }
}

/** 32-bit x86 programs run on an x86-64 runner, where the 32-bit libraries are installed. */
const RUNS_ON: Record<string, string[]> = { x64: ['x86_64', 'i686', 'i586'], arm64: ['aarch64'] }

export interface Triple {
  triple: string
  /** The triple's first part: "x86_64", "aarch64". */
  cpu: string
  linux: boolean
  /** The system its programs run on, where it is one of the runners': -linux-, -apple-darwin, -windows-. */
  system?: System
  /** musl's static programs need no sysroot to run. */
  musl: boolean
  architecture?: Architecture
}

export function parseTriple(triple: string): Triple {
  const [cpu] = triple.split('-')
  const linux = /-linux(-|$)/.test(triple)
  const system = linux ? 'linux' : /-apple-darwin/.test(triple) ? 'darwin' : /-windows(-|$)/.test(triple) ? 'win32' : undefined
  return { triple, cpu, linux, system, musl: /-musl/.test(triple), architecture: ARCHITECTURES[cpu] }
}

/** 32-bit x86 CPUs, whose programs an x86-64 compiler builds with -m32 against its 32-bit C library (Debian's gcc-multilib). */
const THIRTY_TWO_BIT_X86 = ['i686', 'i586']

/** Whether the host's own C compiler links the target's programs: the same CPU, or 32-bit x86 on an x86-64 host (-m32). */
export function linksWithHostCompiler(target: Triple, hostCpu: string): boolean {
  return target.cpu === hostCpu || (hostCpu === 'x86_64' && THIRTY_TWO_BIT_X86.includes(target.cpu))
}

/** Whether a runner of Node's `arch` ("x64", "arm64") on `runnerSystem` runs the target's programs itself. */
export function runsNatively(target: Triple, runnerArch: string, runnerSystem: System = hostSystem()): boolean {
  return target.system === runnerSystem && (RUNS_ON[runnerArch] ?? []).includes(target.cpu)
}

/**
 * Whether macOS on an Apple silicon runner runs the target's programs
 * translated by Rosetta 2: x86-64 macOS programs, which GitHub's arm64
 * macOS runners start without any emulator the action must find.
 */
export function runsUnderRosetta(target: Triple, runnerArch: string, runnerSystem: System = hostSystem()): boolean {
  return runnerSystem === 'darwin' && runnerArch === 'arm64' && target.system === 'darwin' && target.cpu === 'x86_64'
}

/** The runner's architecture as people name it: "x86-64", "ARM64". */
export function describeRunnerArch(runnerArch: string): string {
  return { x64: 'x86-64', arm64: 'ARM64' }[runnerArch] ?? runnerArch
}

/** The variable cargo reads the target's linker from: CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER. */
export function cargoLinkerVariable(triple: string): string {
  return `CARGO_TARGET_${triple.toUpperCase().replace(/[-.]/g, '_')}_LINKER`
}
