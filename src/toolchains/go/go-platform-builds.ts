import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { pathWithFirst, type Env } from '../../system/environment'
import { ActionError } from '../../system/errors'
import { quoteForShell } from '../../system/shell-words'
import { which } from '../../platform/which'
import { sharedActionDir } from '../../system/workdir'
import { platformVariables, type PlatformPlan } from '../../targets/go-platforms'
import type { BuildVariant } from '../toolchain'

export interface PlatformSetup {
  env: Env
  notes: string[]
}

/**
 * GOOS and GOARCH for one build of a multi-platform release. The builds the
 * workloads and the benchmark run are for the runner; each optimized build
 * is for its platform. Where the build command sets GOOS or GOARCH itself,
 * which no variable can override, the runner's builds call go through a
 * wrapper that sets the runner's, and the optimized build runs as written.
 */
export function platformSetup(plan: PlatformPlan | undefined, variant: BuildVariant, runner: string): PlatformSetup {
  // Set even for the runner's own, so a build command's $GOOS and $GOARCH (as in the platforms' default build) always hold them.
  if (!plan) return { env: platformVariables(runner), notes: [] }
  if (variant.kind === 'optimized') {
    if (!variant.platform) return { env: {}, notes: ['GOOS and GOARCH as the build command sets them.'] }
    const variables = platformVariables(variant.platform)
    return { env: variables, notes: [`For ${variant.platform}: GOOS=${variables.GOOS} GOARCH=${variables.GOARCH}`] }
  }
  const why = variant.kind === 'plain' ? 'the benchmark runs it here' : 'the workloads run it here'
  if (plan.source !== 'build') {
    return { env: platformVariables(plan.runner), notes: [`For the runner's own ${plan.runner}, as ${why}: GOOS and GOARCH set to it.`] }
  }
  const wrapper = writeRunnerGo(plan.runner)
  return {
    env: { PATH: pathWithFirst([wrapper.dir]) },
    notes: [
      `For the runner's own ${plan.runner}, as ${why}: the build sets GOOS or GOARCH itself, so its go is ${wrapper.file}, which runs ${wrapper.realGo} for ${plan.runner}.`
    ]
  }
}

/**
 * A `go` that runs the real one with the runner's GOOS and GOARCH, whatever
 * the command before it set. Named by its content in the action's shared
 * directory, so each Go installation and runner has its own. A shell
 * script: the build command runs in bash, whose search finds it before
 * go.exe on Windows too (Git for Windows' bash runs such a script).
 */
function writeRunnerGo(runner: string): { dir: string; file: string; realGo: string } {
  const realGo = which('go')
  if (!realGo) throw new ActionError('go is not on PATH: install Go first (actions/setup-go).')
  const { GOOS, GOARCH } = platformVariables(runner)
  const script = `#!/bin/sh\nGOOS=${quoteForShell(GOOS)} GOARCH=${quoteForShell(GOARCH)} exec ${quoteForShell(realGo)} "$@"\n`
  const dir = sharedActionDir(path.join('go-for-runner', crypto.createHash('sha256').update(script).digest('hex').slice(0, 16)))
  const file = path.join(dir, 'go')
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(file, script, { mode: 0o755 })
  return { dir, file, realGo }
}
