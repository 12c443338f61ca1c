import * as path from 'node:path'
import { commandEnv } from '../system/environment'
import { runTool } from '../system/exec'
import type { ProfileContents, ProfileTool } from '../llvm/profile-tool'
import { parseTop } from './pprof-top'


/** `go tool pprof`: merges CPU profiles and lists the functions they sampled. */
export class GoPprof implements ProfileTool {
  readonly description: string

  constructor(
    private readonly cwd: string,
    goVersion: string
  ) {
    this.description = `go tool pprof (${goVersion})`
  }

  /** pprof merges what it can read and says what it could not; that is a warning naming the files, never silence. */
  async merge(inputs: string[], output: string): Promise<string[]> {
    const said: string[] = []
    await runTool('go', ['tool', 'pprof', '-proto', '-output', output, ...inputs], {
      cwd: this.cwd,
      env: commandEnv(),
      what: 'Merging the CPU profiles',
      quiet: true,
      onLine: line => said.push(line)
    })
    const fetched = /Fetched (\d+) source profiles out of (\d+)/.exec(said.join('\n'))
    if (!fetched || Number(fetched[1]) >= Number(fetched[2])) return []
    const problems = said.filter(line => line.trim() !== '' && !line.startsWith('Fetched'))
    return [`pprof merged ${fetched[1]} of the ${fetched[2]} CPU profiles; it could not read the others:\n${problems.join('\n')}`]
  }

  async contents(profile: string, hottest: number): Promise<ProfileContents> {
    // Sample counts rather than durations, and no node left out for being small.
    const { stdout } = await runTool('go', ['tool', 'pprof', '-sample_index=samples', '-top', '-nodecount=1000000', '-nodefraction=0', '-edgefraction=0', profile], {
      cwd: path.dirname(profile),
      env: commandEnv(),
      what: `Reading the profile ${profile}`,
      quiet: true,
      capture: true
    })
    return parseTop(stdout, hottest)
  }

  async readableNames(names: string[]): Promise<Map<string, string>> {
    return new Map(names.map(name => [name, name]))
  }
}
