import * as path from 'node:path'
import { commandEnv } from '../environment'
import { runTool } from '../exec'
import type { FunctionCounts, ProfileContents, ProfileTool } from '../profile-tool'

// One line of `go tool pprof -top`: flat flat% sum% cum cum% name
const TOP_LINE = /^\s*(\d+)\s+[\d.]+%\s+[\d.]+%\s+(\d+)\s+[\d.]+%\s+(.+?)\s*$/

/** `go tool pprof`: merges CPU profiles and lists the functions they sampled. */
export class GoPprof implements ProfileTool {
  readonly description: string

  constructor(
    private readonly cwd: string,
    goVersion: string
  ) {
    this.description = `go tool pprof (${goVersion})`
  }

  async merge(inputs: string[], output: string): Promise<void> {
    await runTool('go', ['tool', 'pprof', '-proto', '-output', output, ...inputs], {
      cwd: this.cwd,
      env: commandEnv(),
      what: 'Merging the CPU profiles',
      quiet: true
    })
  }

  async contents(profile: string, hottest: number): Promise<ProfileContents> {
    // Sample counts rather than durations, and no node left out for being small.
    const { stdout } = await runTool('go', ['tool', 'pprof', '-sample_index=samples', '-top', '-nodecount=1000000', '-nodefraction=0', '-edgefraction=0', profile], {
      cwd: path.dirname(profile),
      env: commandEnv(),
      what: 'Reading the merged profile',
      quiet: true,
      capture: true
    })
    return parseTop(stdout, hottest)
  }

  async readableNames(names: string[]): Promise<Map<string, string>> {
    return new Map(names.map(name => [name, name]))
  }
}

/** Functions from `go tool pprof -top`, hottest first by their own samples. */
export function parseTop(output: string, hottest: number): ProfileContents {
  const functions: FunctionCounts[] = []
  for (const line of output.split('\n')) {
    const match = TOP_LINE.exec(line)
    if (match) functions.push({ name: match[3], maxCount: Number(match[1]), totalCount: Number(match[1]) })
  }
  const sampled = functions.filter(fn => fn.maxCount > 0).sort((a, b) => b.maxCount - a.maxCount)
  return {
    kind: 'samples',
    totalFunctions: functions.length,
    functionsWithCounts: sampled.length,
    totalCount: sampled.reduce((sum, fn) => sum + fn.totalCount, 0),
    hottest: sampled.slice(0, hottest)
  }
}
