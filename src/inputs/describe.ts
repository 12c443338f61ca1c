// The configuration in words, one setting a line, for the log's
// Configuration group, before any work starts.
import type { Config } from '../config'
import { BOLT_LLVM_MAJOR } from '../llvm/llvm-bolt'
import { specOf } from '../toolchains/specs'

/**
 * llvm-version and llvm-tools, for toolchains that use LLVM's tools. Go
 * profiles with pprof: there they are left out, or, when the workflow set
 * them, shown as not used. GCC profiles with its own tools, and takes
 * only BOLT's from LLVM.
 */
function describeLlvmInputs(config: Config): string[] {
  const version = config.llvmVersion ? String(config.llvmVersion.exact ?? config.llvmVersion.major) : undefined
  const tools = config.llvmTools.kind === 'directory' ? config.llvmTools.path : config.llvmTools.kind
  const spec = specOf(config.toolchain)
  if (!spec.can['llvm-tools'] && spec.can.bolt && config.bolt) {
    const forBolt = "(BOLT's tools only: the compiler has no LLVM)"
    return [`llvm-version: ${version ?? `auto (${BOLT_LLVM_MAJOR})`} ${forBolt}`, `llvm-tools: ${tools} ${forBolt}`]
  }
  if (!spec.can['llvm-tools']) {
    const unused = `not used: toolchain ${config.toolchain} profiles with ${spec.profileTool}, not LLVM's tools`
    return [...(version ? [`llvm-version: ${version} (${unused})`] : []), ...(tools !== 'auto' ? [`llvm-tools: ${tools} (${unused})`] : [])]
  }
  return [
    `llvm-version: ${version ?? 'auto (match the compiler)'}`,
    `llvm-tools: ${tools}${config.llvmArchiveSha256 ? ` (archive sha256 ${config.llvmArchiveSha256})` : ''}`
  ]
}

function commandLines(name: string, command: string, note: string): string[] {
  const lines = command.split(/\r?\n/)
  return lines.length === 1 ? [`${name}: ${command}${note}`] : [`${name}:${note}`, ...lines.map(line => `    ${line}`)]
}

export function describeConfig(config: Config): string[] {
  const lines = [
    `toolchain: ${config.toolchain}${config.toolchainDetectedFrom ? ` (auto: ${config.toolchainDetectedFrom})` : ''}`,
    `working-directory: ${config.workingDirectory}`,
    ...commandLines('build', config.build, config.buildIsDefault ? ' (default)' : ''),
    `binaries: ${config.binaries.length ? config.binaries.join(', ') : 'found from the build'}`,
    `workload: ${config.workload.length} command${config.workload.length === 1 ? '' : 's'}${config.workloadJobs > 1 ? `, ${config.workloadJobs} at a time` : ''}${config.workloadFrom ? `, from ${config.workloadFrom}` : ''}`,
    ...config.workload.map((command, i) => `  ${i + 1}. ${command}`),
    `mode: ${config.mode}`,
    ...describeLlvmInputs(config),
    `cache: ${config.cache}${config.cacheKey ? ` (key words: ${config.cacheKey})` : ''}`
  ]
  for (const source of config.profiles) lines.push(`profile: ${source.pattern}${source.weight === 1 ? '' : ` (weight ${source.weight})`}`)
  if (config.profileHash) lines.push(`profile-hash: ${config.profileHash}`)
  if (config.profileArtifacts)
    lines.push(`profile-artifacts: ${config.profileArtifacts}${config.profileShards ? ` (${config.profileShards} expected)` : ''}`)
  if (config.bolt) lines.push(`bolt: ${config.bolt.onUnsupported === 'fail' ? 'true' : 'if-supported'}`)
  if (config.emulator !== 'auto' || config.emulatorSysroot)
    lines.push(`emulator: ${config.emulator}${config.emulatorSysroot ? ` (sysroot ${config.emulatorSysroot})` : ''}`)
  if (config.benchmark) {
    const runs = config.benchmarkRuns === 'auto' ? `pairs until ±1% or ${config.benchmarkBudget} s` : `${config.benchmarkRuns} pairs`
    lines.push(
      ...commandLines(
        'benchmark',
        config.benchmark,
        ` (${runs}, method ${config.benchmarkMethod}${config.minSpeedup ? `, at least ${config.minSpeedup}×` : ''})`
      )
    )
  }
  if (config.advice !== 'none') lines.push(`advice: ${config.advice}`)
  if (config.uploadArtifact) lines.push(`upload-artifact: ${config.uploadArtifact}`)
  if (config.defaultPgo) lines.push('default-pgo: true')
  if (config.goPlatforms.length > 0) lines.push(`go-platforms: ${config.goPlatforms.join(' ')}`)
  return lines
}
