import { commandEnv } from './environment'
import { runTool } from './exec'
import { which } from '../platform/which'
import { hostSystem } from '../platform/host'

/** Installs a Debian or Ubuntu package (llvm-N, bolt-N, libclang-rt-N-dev) when the step may (root or passwordless sudo). */
export async function installWithApt(aptPackage: string): Promise<boolean> {
  if (hostSystem() !== 'linux' || !which('apt-get')) return false
  let prefix: string[] = []
  if (process.getuid?.() !== 0) {
    if (!which('sudo')) return false
    try {
      await runTool('sudo', ['-n', 'true'], { cwd: '/', env: commandEnv(), what: 'Checking for passwordless sudo', quiet: true })
    } catch {
      return false
    }
    prefix = ['sudo', '-n']
  }
  const apt = (args: string[]) => {
    const [file, ...rest] = [...prefix, 'apt-get', ...args]
    return runTool(file, rest, {
      cwd: '/',
      env: commandEnv({ DEBIAN_FRONTEND: 'noninteractive' }),
      what: `apt-get ${args[0]}`,
      quiet: true
    })
  }
  const install = ['install', '-y', '-q', '--no-install-recommends', aptPackage]
  try {
    await apt(install)
  } catch {
    // Package lists on a fresh runner can be missing or stale.
    await apt(['update', '-q'])
    await apt(install)
  }
  return true
}
