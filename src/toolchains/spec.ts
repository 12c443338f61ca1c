import type { ProfileSource } from '../config'

/**
 * What the inputs need to know of a toolchain, as plain data and pure
 * checks: each toolchain's folder has one, and no input branches on a
 * toolchain's name. The adapter, which runs the compiler, is apart.
 */
export interface ToolchainSpec {
  readonly name: string
  /** For toolchain: auto, the file in working-directory that says the project is this toolchain's. */
  readonly marker?: string
  /** The tool that reads its profiles, as the log names it: llvm-profdata, or pprof for sampled CPU profiles. */
  readonly profileTool: string
  /** What the toolchain can do beside PGO, that an input asks for; llvm-tools: its profiles are LLVM's, so the llvm-* inputs apply. */
  readonly can: Readonly<Record<Ability, boolean>>
  /** Whether binaries must be given: nothing else tells which files the build wrote. */
  readonly needsBinaries: boolean
  /** The build when the build input is empty, undefined where there is none; `platforms`: the build makes several GOOS/GOARCH pairs. */
  defaultBuild(context: { platforms: boolean }): string | undefined
  /** Whether the release's platforms come from go-platforms or the step's GOOS and GOARCH. */
  buildsPlatforms?(env: NodeJS.ProcessEnv, platforms: string[]): boolean
  /** The checks of inputs only this toolchain makes, each a problem that names the input and the fix. */
  checkInputs(given: SpecInputs, problems: string[]): void
}

/** What a toolchain can do that others cannot, as the inputs that ask for it name it. */
export type Ability = 'llvm-tools' | 'bolt' | 'go-platforms' | 'default-pgo' | 'rustup-tools'

/** The inputs a toolchain's own checks read. */
export interface SpecInputs {
  /** The build command as given; empty for the default. */
  build: string
  profiles: ProfileSource[]
  /** The one profile file the build is given where it lies (one file, weight 1, not a glob); several are merged into the action's own file first. */
  singleProfile?: ProfileSource
}
