// The end-to-end tests run real compilers and LLVM tools. Missing Debian
// packages (.ci/apt-packages) are installed when the tests run as root;
// otherwise the run stops here and names the command that installs them.
// The tests read profiles with rustup's llvm-tools, which match rustc
// exactly, so the component is added when it is missing, and so are the
// rustup targets the target tests build for.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { REPO_ROOT } from './runner'

function succeeds(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

function aptPackages(): string[] {
  return fs
    .readFileSync(path.join(REPO_ROOT, '.ci', 'apt-packages'), 'utf8')
    .split('\n')
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'))
}

function installMissingPackages(): void {
  const missing = aptPackages().filter(pkg => !succeeds('dpkg', ['-s', pkg]))
  if (missing.length === 0) return
  const install = `apt-get install -y --no-install-recommends ${missing.join(' ')}`
  if (process.getuid?.() !== 0 || !succeeds('apt-get', ['--version'])) {
    throw new Error(`The end-to-end tests need the Debian packages ${missing.join(', ')}. Install them: sudo ${install}`)
  }
  console.log(`\nInstalling ${missing.join(', ')} for the end-to-end tests`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { stdio: 'inherit', env })
}

function installRustLlvmTools(): void {
  const sysroot = execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).trim()
  const host = /^host: (.+)$/m.exec(execFileSync('rustc', ['-vV'], { encoding: 'utf8' }))?.[1].trim() ?? ''
  if (fs.existsSync(path.join(sysroot, 'lib', 'rustlib', host, 'bin', 'llvm-profdata'))) return
  console.log("\nAdding rustup's llvm-tools component for the end-to-end tests")
  execFileSync('rustup', ['component', 'add', 'llvm-tools'], { stdio: 'inherit', cwd: REPO_ROOT })
}

/** The targets besides the host's that the end-to-end tests build for: a static build, a cross build trained under QEMU, and a 32-bit build trained natively. */
const RUST_TARGETS = ['x86_64-unknown-linux-musl', 'aarch64-unknown-linux-gnu', 'i686-unknown-linux-gnu']

function installRustTargets(): void {
  const installed = execFileSync('rustup', ['target', 'list', '--installed'], { encoding: 'utf8', cwd: REPO_ROOT }).split('\n')
  const missing = RUST_TARGETS.filter(target => !installed.includes(target))
  if (missing.length === 0) return
  console.log(`\nAdding the rustup targets ${missing.join(', ')} for the end-to-end tests`)
  execFileSync('rustup', ['target', 'add', ...missing], { stdio: 'inherit', cwd: REPO_ROOT })
}

export default async function globalSetup(): Promise<void> {
  for (const [tool, what] of [
    ['cargo', 'Rust (from rustup)'],
    ['rustc', 'Rust (from rustup)'],
    ['bash', 'bash']
  ]) {
    if (!succeeds(tool, ['--version'])) throw new Error(`The end-to-end tests need ${what}: ${tool} is not on PATH.`)
  }
  installMissingPackages()
  installRustLlvmTools()
  installRustTargets()
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'index.js'))) {
    throw new Error('dist/index.js is missing: run `npm run build` (npm test does it first).')
  }
}
