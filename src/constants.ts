// Input and output names are the action's public contract (action.yml); keep
// them in one place so no module spells them on its own.
// May import: nothing.
export const Input = {
  Toolchain: 'toolchain',
  WorkingDirectory: 'working-directory',
  Build: 'build',
  Binaries: 'binaries',
  Workload: 'workload',
  WorkloadJobs: 'workload-jobs',
  Mode: 'mode',
  Profile: 'profile',
  ProfileHash: 'profile-hash',
  ProfileArtifacts: 'profile-artifacts',
  ProfileShards: 'profile-shards',
  Cache: 'cache',
  CacheKey: 'cache-key',
  LlvmVersion: 'llvm-version',
  LlvmTools: 'llvm-tools',
  LlvmMirror: 'llvm-mirror',
  LlvmArchiveSha256: 'llvm-archive-sha256',
  Bolt: 'bolt',
  Emulator: 'emulator',
  EmulatorSysroot: 'emulator-sysroot',
  Benchmark: 'benchmark',
  BenchmarkRuns: 'benchmark-runs',
  BenchmarkBudget: 'benchmark-budget',
  BenchmarkMethod: 'benchmark-method',
  Advice: 'advice',
  MinSpeedup: 'min-speedup',
  IfSlower: 'if-slower',
  UploadArtifact: 'upload-artifact',
  DefaultPgo: 'default-pgo',
  GoPlatforms: 'go-platforms'
} as const

export const Output = {
  ProfilePath: 'profile-path',
  ProfileHash: 'profile-hash',
  CacheHit: 'cache-hit',
  Binaries: 'binaries',
  Wheels: 'wheels',
  Speedup: 'speedup',
  SpeedupLow: 'speedup-low',
  SpeedupHigh: 'speedup-high',
  SpeedupVerdict: 'speedup-verdict',
  ArtifactId: 'artifact-id',
  Shipped: 'shipped'
} as const

/** Environment variable workloads read to find where profiles go. */
export const PROFILE_DIR_ENV = 'PGO_PROFILE_DIR'
