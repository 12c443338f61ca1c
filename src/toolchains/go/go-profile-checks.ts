// What a Go optimized build shows of the profile: the -pgo each program
// records (go version -m), and how much of the profile's samples fall in
// functions each program has.
import * as path from 'node:path'
import { commandEnv } from '../../system/environment'
import { ActionError } from '../../system/errors'
import { runTool } from '../../system/exec'
import { displayPath } from '../../system/paths'
import type { FunctionCounts, ProfileTool } from '../../llvm/profile-tool'
import type { ProgramProfile } from '../toolchain'
import type { GoBuildInfo } from './go-build-info'
import {
  judgeSampleFits,
  programFunctions,
  programSymbols,
  sampleFit,
  type ProgramSampleFit,
  type ProgramSymbols,
  type SampleFitReport
} from './go-fit'
import { goFunctionNames, programInMemory } from './go-pclntab'
import { stableProfilePath } from './go-profile-path'

export class GoProfileChecks {
  constructor(
    private readonly cwd: string,
    private readonly buildInfo: GoBuildInfo,
    private readonly pprof: ProfileTool,
    /** What to check when a build ignored the action's -pgo. */
    private readonly flagsAdvice: string
  ) {}

  /**
   * `go version -m` shows the profile each program was built with: its
   * path, or with -trimpath only its file name, which names the profile's
   * hash here (or default.pgo, for a program built from its own profile).
   * Anything else means the build replaced the action's -pgo.
   */
  async confirmProfileUse(programs: string[], profile: string, programProfiles?: ProgramProfile[]): Promise<string[]> {
    const confirmed: string[] = []
    const union = await stableProfilePath(profile)
    const ownDirs = await this.ownProfileDirs(programProfiles)
    for (const program of programs) {
      const ownDir = ownDirs.size ? await this.buildInfo.mainPackageDir(program) : undefined
      const expected = ownDir && ownDirs.has(ownDir) ? path.join(ownDir, 'default.pgo') : union
      const { written, recorded, trimmed } = await this.buildInfo.pgoSetting(program)
      if (recorded !== expected && !(trimmed && recorded === path.basename(expected))) {
        throw new ActionError(
          `${displayPath(program, this.cwd)} was not built with the profile: go version -m shows ${written ? `-pgo=${written}` : 'no -pgo setting'}, ` +
            `where the action gave it -pgo=${trimmed ? path.basename(expected) : expected}. ${this.flagsAdvice}`
        )
      }
      confirmed.push(`${displayPath(program, this.cwd)}: go version -m shows -pgo=${written}`)
    }
    return confirmed
  }

  /** The main package directories that built with a profile of their own: a program of another platform from one of them did too. */
  private async ownProfileDirs(programProfiles: ProgramProfile[] = []): Promise<Set<string>> {
    const dirs = await Promise.all(programProfiles.map(entry => this.buildInfo.mainPackageDir(entry.program)))
    return new Set(dirs.filter((dir): dir is string => dir !== undefined))
  }

  /** The share of the profile's samples in functions each program has, from `go tool nm`. */
  async sampleFits(programs: string[], profile: string, programProfiles?: ProgramProfile[]): Promise<SampleFitReport | undefined> {
    const fits: ProgramSampleFit[] = []
    const sampledIn = new Map<string, FunctionCounts[]>()
    const ownProfiles = new Map<string | undefined, string>()
    for (const entry of programProfiles ?? []) ownProfiles.set(await this.buildInfo.mainPackage(entry.program), entry.profile)
    for (const program of programs) {
      const mainPackage = await this.buildInfo.mainPackage(program)
      const own = ownProfiles.get(mainPackage) ?? profile
      if (!sampledIn.has(own)) sampledIn.set(own, (await this.pprof.contents(own, Number.MAX_SAFE_INTEGER)).hottest)
      const sampled = sampledIn.get(own) ?? []
      fits.push({ program, mainPackage, fit: sampleFit(sampled, await this.functionsOf(program), mainPackage) })
    }
    return judgeSampleFits(fits, this.cwd)
  }

  /** The functions a program holds code of: from its pclntab, or, where that cannot be read, `go tool nm`. */
  private async functionsOf(program: string): Promise<ProgramSymbols> {
    const names = goFunctionNames(programInMemory(program))
    if (names) return programFunctions(names)
    const { stdout } = await runTool('go', ['tool', 'nm', program], {
      cwd: this.cwd,
      env: commandEnv(),
      what: `Listing the functions of ${program}`,
      quiet: true,
      capture: true
    })
    return programSymbols(stdout)
  }
}
