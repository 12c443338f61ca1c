import * as fs from 'node:fs'
import * as path from 'node:path'
import { commandEnv } from '../environment'
import { runTool } from '../exec'
import type { ProfileContents, ProfileTool } from '../profile-tool'
import type { LocatedTool } from './locate'
import { readableNames } from './readable-names'
import { ShowParser } from './show-parser'

/** llvm-profdata, the tool that merges raw profiles and describes the result. */
export class LlvmProfdata implements ProfileTool {
  readonly description: string

  constructor(readonly tool: LocatedTool) {
    this.description = `llvm-profdata ${tool.version.full} (${tool.origin})`
  }

  readableNames(names: string[]): Promise<Map<string, string>> {
    return readableNames(names, path.dirname(this.tool.path))
  }

  async merge(inputs: string[], output: string): Promise<void> {
    // A list file keeps thousands of raw profiles off the command line.
    const list = path.join(path.dirname(output), 'merge-inputs.txt')
    fs.writeFileSync(list, inputs.join('\n') + '\n')
    await runTool(this.tool.path, ['merge', '--output', output, '--input-files', list], {
      cwd: path.dirname(output),
      env: commandEnv(),
      what: 'Merging the profiles'
    })
  }

  async contents(profile: string, hottest: number): Promise<ProfileContents> {
    const parser = new ShowParser(hottest)
    await runTool(this.tool.path, ['show', '--all-functions', '--counts', profile], {
      cwd: path.dirname(profile),
      env: commandEnv(),
      what: 'Reading the merged profile',
      quiet: true,
      onLine: line => parser.line(line)
    })
    return parser.result()
  }
}
