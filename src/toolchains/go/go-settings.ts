import { commandEnv } from '../../system/environment'
import { runTool } from '../../system/exec'
import { readGoSettings } from '../../settings/go-flags'
import type { BuildSettings } from '../../settings/settings'

/** Go's settings for the build: -gcflags from GOFLAGS and the command, and the CPU level go env gives for the target. */
export async function readGoBuildSettings(build: string, cwd: string): Promise<BuildSettings> {
  const env = commandEnv()
  const { stdout } = await runTool('go', ['env', 'GOARCH', 'GOAMD64', 'GOARM64'], {
    cwd,
    env,
    what: 'Asking go for the CPU level',
    quiet: true,
    capture: true
  })
  const [GOARCH = '', GOAMD64, GOARM64] = stdout.split('\n').map(line => line.trim())
  return readGoSettings({ build, env, goEnv: { GOARCH, GOAMD64: GOAMD64 || undefined, GOARM64: GOARM64 || undefined } })
}
