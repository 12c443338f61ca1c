import type { ToolchainSpec } from '../spec'
import { pprofWeightProblem } from './pprof-weights'

export const GO_SPEC: ToolchainSpec = {
  name: 'go',
  marker: 'go.mod',
  profileTool: 'pprof',
  can: { 'llvm-tools': false, bolt: false, 'go-platforms': true, 'default-pgo': true, 'rustup-tools': false },
  needsBinaries: false,
  // Several platforms from one default build need an output directory each, or the last would overwrite the rest.
  defaultBuild: ({ platforms }) => (platforms ? 'go build -o "bin/$GOOS-$GOARCH/" ./...' : 'go build -o bin/ ./...'),
  buildsPlatforms: (env, platforms) => platforms.length > 0 || Boolean(env.GOOS || env.GOARCH),
  checkInputs(given, problems) {
    const weightProblem = pprofWeightProblem(given.profiles.map(source => source.weight))
    if (weightProblem) problems.push(`profile: ${weightProblem}.`)
  }
}
