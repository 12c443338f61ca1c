import * as path from 'node:path'
import { commandEnv } from '../../system/environment'
import { runTool } from '../../system/exec'
import type { MergeInput, MergeOutcome, ProfileContents, ProfileTool } from '../../llvm/profile-tool'
import { ActionError } from '../../system/errors'
import { whyNotCpuProfile } from './pprof-kind'
import { parseTop } from './pprof-top'
import { pprofRepeats, pprofWeightProblem } from './pprof-weights'
import { FileKinds, readUntrusted } from '../../system/untrusted-file'

/** Above this, making pprof ready is worth a word in the summary: it was built, not found. */
const SLOW_PREPARE_SECONDS = 2

/** `go tool pprof`: merges CPU profiles and lists the functions they sampled. */
export class GoPprof implements ProfileTool {
  readonly description: string

  constructor(
    private readonly cwd: string,
    goVersion: string
  ) {
    this.description = `go tool pprof (${goVersion})`
  }

  /**
   * Go 1.24 and later ship pprof as source and build it on first use, into
   * GOCACHE: half a minute on a runner that keeps no GOCACHE. It is built
   * here, so that the time shows in this stage rather than in whichever
   * stage reads a profile first.
   */
  async prepare(): Promise<string | undefined> {
    const started = Date.now()
    await runTool('go', ['tool', '-n', 'pprof'], {
      cwd: this.cwd,
      env: commandEnv(),
      what: 'Making go tool pprof ready',
      quiet: true,
      capture: true
    })
    const seconds = (Date.now() - started) / 1000
    return seconds >= SLOW_PREPARE_SECONDS
      ? `built by go on first use in ${seconds.toFixed(1)} s (a GOCACHE kept between runs keeps it)`
      : undefined
  }

  /**
   * pprof merges what it can read and says what it could not. It takes no
   * weights: a profile of weight W is given W times, which multiplies its
   * samples by W (after the weights are divided by their common divisor).
   */
  async merge(inputs: MergeInput[], output: string): Promise<MergeOutcome> {
    const said: string[] = []
    const weights = inputs.map(input => input.weight ?? 1)
    const problem = pprofWeightProblem(weights)
    if (problem) throw new ActionError(`The profile files cannot be merged: ${problem}.`)
    const repeats = pprofRepeats(weights)
    const files = inputs.flatMap((input, i) => Array.from({ length: repeats[i] }, () => input.file))
    await runTool('go', ['tool', 'pprof', '-proto', '-output', output, ...files], {
      cwd: this.cwd,
      env: commandEnv(),
      what: 'Merging the CPU profiles',
      quiet: true,
      onLine: line => said.push(line)
    })
    // pprof names each file it could not read at the start of a line: "<file>: parsing profile: …".
    const dropped: MergeOutcome['dropped'] = []
    for (const line of said) {
      const file = inputs.map(input => input.file).find(candidate => line.startsWith(`${candidate}: `))
      if (file && !dropped.some(entry => entry.file === file)) dropped.push({ file, reason: line.slice(file.length + 2) })
    }
    return { dropped }
  }

  /** Go's PGO takes CPU profiles only: a heap profile given as `profile` fails here, named, before any build. */
  checkReusable(profile: string, origin: string): void {
    const reason = whyNotCpuProfile(readUntrusted(profile, FileKinds.profile))
    if (!reason) return
    throw new ActionError(
      `${origin} is not a CPU profile Go's PGO can use: it is ${reason}. Give a profile written by -cpuprofile, runtime/pprof's StartCPUProfile or net/http/pprof's /debug/pprof/profile.`
    )
  }

  async contents(profile: string, hottest: number): Promise<ProfileContents> {
    // Sample counts rather than durations, and no node left out for being small.
    const { stdout } = await runTool(
      'go',
      ['tool', 'pprof', '-sample_index=samples', '-top', '-nodecount=1000000', '-nodefraction=0', '-edgefraction=0', profile],
      {
        cwd: path.dirname(profile),
        env: commandEnv(),
        what: `Reading the profile ${profile}`,
        quiet: true,
        capture: true
      }
    )
    return parseTop(stdout, hottest)
  }

  async readableNames(names: string[]): Promise<Map<string, string>> {
    return new Map(names.map(name => [name, name]))
  }
}
