import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describeConfig, parseCommandLines, parseInputs, parseLines } from '../../src/inputs'
import { InputError } from '../../src/system/errors'

function project(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-inputs-'))
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    fs.writeFileSync(path.join(dir, name), content)
  }
  return dir
}

/** Parses with the given inputs; undeclared ones read as "" like the runner's defaults-less inputs. */
function parse(inputs: Record<string, string>, workspace = project({ 'Cargo.toml': '' }), runner = { platform: 'linux', arch: 'x64' }) {
  return parseInputs(name => inputs[name] ?? '', { workspace, ...runner })
}

function problems(inputs: Record<string, string>, workspace?: string, runner?: { platform: string; arch: string }): string[] {
  try {
    parse(inputs, workspace, runner)
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
  throw new Error('expected the inputs to be refused')
}

describe('toolchain', () => {
  test('auto picks rust for Cargo.toml, go for go.mod, clang otherwise', () => {
    expect(parse({ workload: 'x' }, project({ 'Cargo.toml': '' })).toolchain).toBe('rust')
    expect(parse({ workload: 'x' }, project({ 'go.mod': '' })).toolchain).toBe('go')
    const clang = parse({ workload: 'x', build: 'make', binaries: 'prog' }, project({ Makefile: '' }))
    expect(clang.toolchain).toBe('clang')
    expect(clang.toolchainDetectedFrom).toBe('no Cargo.toml or go.mod')
  })

  test('auto looks in working-directory, not the workspace root', () => {
    const workspace = project({ 'sub/go.mod': '', 'Cargo.toml': '' })
    expect(parse({ workload: 'x', 'working-directory': 'sub' }, workspace).toolchain).toBe('go')
  })

  test('an unknown name lists the valid ones', () => {
    expect(problems({ toolchain: 'msvc', workload: 'x' })).toEqual(["toolchain 'msvc' is not one of: rust, clang, gcc, go, auto."])
  })
})

describe('build and binaries', () => {
  test('rust and go have default builds; an explicit build is kept as given', () => {
    expect(parse({ workload: 'x' })).toMatchObject({ build: 'cargo build --release', buildIsDefault: true })
    expect(parse({ workload: 'x' }, project({ 'go.mod': '' })).build).toBe('go build -o bin/ ./...')
    expect(parse({ workload: 'x', build: '  cargo build --release -p cli  ' })).toMatchObject({
      build: 'cargo build --release -p cli',
      buildIsDefault: false
    })
  })

  test('clang needs both build and binaries', () => {
    const found = problems({ toolchain: 'clang', workload: 'x' })
    expect(found).toHaveLength(2)
    expect(found[0]).toMatch(/^build is required for toolchain clang/)
    expect(found[1]).toMatch(/^binaries is required for toolchain clang/)
  })

  test('binaries are lines without blanks and comments', () => {
    expect(parse({ workload: 'x', binaries: 'target/*/release/a\n\n  # not this\n !target/**/b  ' }).binaries).toEqual([
      'target/*/release/a',
      '!target/**/b'
    ])
  })
})

describe('workload and mode', () => {
  test('workload lines: blank lines and comments dropped, backslash continuations joined', () => {
    expect(parseCommandLines('a 1\n\n# comment\nb --long \\\n  --flag\nc')).toEqual(['a 1', 'b --long    --flag', 'c'])
    expect(parseLines('one\r\ntwo\r\n')).toEqual(['one', 'two'])
  })

  test('a workload is required, unless a profile is reused', () => {
    expect(problems({})).toEqual([expect.stringMatching(/^workload is required/)])
    expect(problems({ mode: 'generate' })).toEqual([expect.stringMatching(/^workload is required with mode generate/)])
    expect(parse({ 'profile-hash': 'a'.repeat(64) }).workload).toEqual([])
    expect(parse({ mode: 'use' }).mode).toBe('use')
  })

  test('mode use without any profile source is refused', () => {
    expect(problems({ mode: 'use', cache: 'false' })).toEqual([expect.stringMatching(/^mode use needs a profile/)])
  })

  test('mode generate cannot take a ready profile', () => {
    expect(problems({ mode: 'generate', workload: 'x', 'profile-hash': 'b'.repeat(64) })).toEqual([
      expect.stringMatching(/^mode generate always makes a new profile/)
    ])
  })
})

describe('working-directory and paths', () => {
  test('relative to the workspace, and must be a directory', () => {
    const workspace = project({ 'Cargo.toml': '', 'file.txt': '' })
    expect(parse({ workload: 'x', 'working-directory': '.' }, workspace).workingDirectory).toBe(workspace)
    expect(problems({ workload: 'x', 'working-directory': 'missing' }, workspace)[0]).toContain(
      "working-directory 'missing' does not exist"
    )
    expect(problems({ workload: 'x', 'working-directory': 'file.txt' }, workspace)[0]).toContain('is a file, not a directory')
  })

  test('the working directory must be inside the workspace, after links are followed', () => {
    const root = project({ 'workspace/Cargo.toml': '', 'elsewhere/Cargo.toml': '' })
    const workspace = path.join(root, 'workspace')
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(workspace, 'linked'))
    fs.mkdirSync(path.join(workspace, 'inner'))
    fs.symlinkSync(path.join(workspace, 'inner'), path.join(workspace, 'also-inner'))
    for (const outside of ['..', '../elsewhere', path.join(root, 'elsewhere'), 'linked']) {
      expect(problems({ workload: 'x', 'working-directory': outside }, workspace)[0]).toContain(
        `working-directory '${outside}' is outside the workspace`
      )
    }
    expect(parse({ workload: 'x', toolchain: 'rust', 'working-directory': 'also-inner' }, workspace).workingDirectory).toBe(
      path.join(workspace, 'also-inner')
    )
  })

  test('profile is relative to working-directory and must exist', () => {
    const workspace = project({ 'app/Cargo.toml': '', 'app/pgo/merged.profdata': 'x' })
    expect(parse({ 'working-directory': 'app', profile: 'pgo/merged.profdata' }, workspace).profiles).toEqual([
      { pattern: path.join(workspace, 'app', 'pgo', 'merged.profdata'), given: 'pgo/merged.profdata', weight: 1 }
    ])
    expect(problems({ 'working-directory': 'app', profile: 'missing.profdata' }, workspace)[0]).toMatch(
      /^profile 'missing.profdata' is not a file/
    )
  })

  test('profile takes several files or globs, one a line, each with an optional whole weight', () => {
    const workspace = project({ 'go.mod': '', 'prod/us.pgo': 'x', 'prod/eu east.pgo': 'x' })
    const { profiles } = parse({ profile: 'prod/us.pgo 3\nprod/eu east.pgo\n# a comment\nstaging/*.pgo 2' }, workspace)
    expect(profiles).toEqual([
      { pattern: path.join(workspace, 'prod', 'us.pgo'), given: 'prod/us.pgo', weight: 3 },
      { pattern: path.join(workspace, 'prod', 'eu east.pgo'), given: 'prod/eu east.pgo', weight: 1 },
      { pattern: path.join(workspace, 'staging', '*.pgo'), given: 'staging/*.pgo', weight: 2 }
    ])
    expect(problems({ profile: 'prod/us.pgo 0' }, workspace)[0]).toMatch(
      /^profile 'prod\/us.pgo 0': the weight 0 is not a whole number from 1 to 1000000/
    )
  })

  test('Go weights are repeats for pprof: in proportion, they may not come to more than 1000 reads', () => {
    const workspace = project({ 'go.mod': '', 'us.pgo': 'x', 'eu.pgo': 'x' })
    expect(parse({ profile: 'us.pgo 3000\neu.pgo 1000' }, workspace).profiles.map(source => source.weight)).toEqual([3000, 1000])
    expect(problems({ profile: 'us.pgo 3001\neu.pgo 1000' }, workspace)[0]).toMatch(
      /^profile: the weights \(3001, 1000\) would have go tool pprof read 4001 profiles, more than 1000: .*Give smaller weights in the same proportions\.$/
    )
    expect(
      parse({ profile: 'us.pgo 3001\neu.pgo 1000', toolchain: 'clang', build: 'make', binaries: 'x' }, workspace).profiles
    ).toHaveLength(2)
  })
})

describe('profiles from many places', () => {
  test('workload-jobs is 1 unless given, a number, or auto for the CPUs', () => {
    expect(parse({ workload: 'x' }).workloadJobs).toBe(1)
    expect(parse({ workload: 'x', 'workload-jobs': '4' }).workloadJobs).toBe(4)
    expect(parse({ workload: 'x', 'workload-jobs': 'auto' }).workloadJobs).toBe(os.availableParallelism())
    expect(problems({ workload: 'x', 'workload-jobs': 'many' })[0]).toBe(
      "workload-jobs 'many' is neither auto nor a whole number from 1 to 256."
    )
  })

  test('mode collect needs a workload and an artifact name, and builds nothing else', () => {
    expect(parse({ mode: 'collect', workload: 'x', 'upload-artifact': 'pgo-shard-1' }).mode).toBe('collect')
    const found = problems({ mode: 'collect', benchmark: 'app bench', bolt: 'true' })
    expect(found).toEqual(
      expect.arrayContaining([
        'workload is required with mode collect: give the commands, one a line, that exercise the programs.',
        expect.stringMatching(/^mode collect uploads its profile as an artifact: give upload-artifact/),
        'mode collect only makes a profile: bolt, benchmark belong to the fan-in step that merges the shards (profile-artifacts).'
      ])
    )
  })

  test('profile-artifacts needs no workload, takes no other profile, and profile-shards needs it', () => {
    expect(parse({ 'profile-artifacts': 'pgo-shard-*', 'profile-shards': '3' })).toMatchObject({
      profileArtifacts: 'pgo-shard-*',
      profileShards: 3
    })
    expect(problems({ 'profile-artifacts': 'pgo-shard-*', 'profile-hash': 'ab'.repeat(32) })[0]).toBe(
      "profile-artifacts makes the profile from the shards' artifacts, so it cannot take profile-hash too."
    )
    expect(problems({ workload: 'x', 'profile-shards': '3' })[0]).toMatch(
      /^profile-shards says how many artifacts profile-artifacts must find/
    )
    expect(problems({ 'profile-artifacts': 'pgo/shard' })[0]).toMatch(
      /^profile-artifacts 'pgo\/shard' holds a character artifact names cannot/
    )
  })
})

describe('rustflags a build command sets for itself', () => {
  test("are refused: cargo would prefer the action's CARGO_ENCODED_RUSTFLAGS and drop them", () => {
    for (const build of [
      'RUSTFLAGS="-C target-cpu=native" cargo build --release',
      'export RUSTFLAGS=-g; cargo build',
      'env CARGO_ENCODED_RUSTFLAGS= cargo build',
      'cargo build --config \'build.rustflags=["-g"]\''
    ]) {
      expect(problems({ workload: 'x', build })[0]).toMatch(
        /^build sets (RUSTFLAGS|CARGO_ENCODED_RUSTFLAGS|rustflags through --config) itself/
      )
    }
  })

  test('other commands are not', () => {
    expect(parse({ workload: 'x', build: 'cargo build --release --features MY_RUSTFLAGS_TWEAK' }).build).toContain('cargo build')
    expect(parse({ workload: 'x', build: 'make', binaries: 'prog', toolchain: 'clang' }).build).toBe('make')
  })
})

describe('values with a fixed form', () => {
  test('booleans take the YAML spellings only', () => {
    expect(parse({ workload: 'x', cache: 'False', 'default-pgo': 'FALSE' })).toMatchObject({ cache: false, defaultPgo: false })
    expect(problems({ workload: 'x', cache: 'yes' })).toEqual(["cache 'yes' is not a boolean: use true or false."])
  })

  test('profile-hash: 64 hex digits, any case, an optional sha256: prefix', () => {
    expect(parse({ 'profile-hash': `sha256:${'AB'.repeat(32)}` }).profileHash).toBe('ab'.repeat(32))
    expect(problems({ 'profile-hash': 'abc123' })[0]).toMatch(/^profile-hash 'abc123' is not a sha256/)
  })

  test('llvm-version: auto, a major, or a full version', () => {
    expect(parse({ workload: 'x', 'llvm-version': 'auto' }).llvmVersion).toBeUndefined()
    expect(parse({ workload: 'x', 'llvm-version': '21' }).llvmVersion).toEqual({ major: 21 })
    expect(parse({ workload: 'x', 'llvm-version': '22.1.8' }).llvmVersion).toEqual({ major: 22, exact: '22.1.8' })
    expect(problems({ workload: 'x', 'llvm-version': 'latest' })[0]).toMatch(/^llvm-version 'latest' is not an LLVM version/)
    expect(problems({ workload: 'x', 'llvm-version': '22.1' })).toHaveLength(1)
  })

  test('llvm-tools: a keyword or an existing directory; a typo is not taken for a directory', () => {
    const workspace = project({ 'Cargo.toml': '', 'tools/llvm-profdata': '' })
    expect(parse({ workload: 'x', 'llvm-tools': 'rustup' }, workspace).llvmTools).toEqual({ kind: 'rustup' })
    expect(parse({ workload: 'x', 'llvm-tools': 'tools' }, workspace).llvmTools).toEqual({
      kind: 'directory',
      path: path.join(workspace, 'tools')
    })
    expect(problems({ workload: 'x', 'llvm-tools': 'systen' }, workspace)[0]).toMatch(
      /^llvm-tools 'systen' is neither one of auto, rustup, system, download nor an existing directory/
    )
  })

  test('llvm-mirror must be https, or http on this machine; a trailing slash is dropped', () => {
    expect(parse({ workload: 'x', 'llvm-mirror': 'https://mirror.example/llvm/' }).llvmMirror).toBe('https://mirror.example/llvm')
    expect(problems({ workload: 'x', 'llvm-mirror': 'ftp://mirror.example' })[0]).toMatch(/not an http or https URL/)
    expect(problems({ workload: 'x', 'llvm-mirror': 'http://mirror.example/llvm' })[0]).toMatch(
      /^llvm-mirror 'http:\/\/mirror.example\/llvm' is plain http on another machine: use https/
    )
    for (const local of ['http://127.0.0.1:8080/llvm', 'http://localhost/llvm', 'http://[::1]:9000'])
      expect(parse({ workload: 'x', 'llvm-mirror': local }).llvmMirror).toBe(local)
  })

  test('llvm-archive-sha256: 64 hex digits', () => {
    expect(parse({ workload: 'x', 'llvm-archive-sha256': 'CD'.repeat(32) }).llvmArchiveSha256).toBe('cd'.repeat(32))
    expect(parse({ workload: 'x' }).llvmArchiveSha256).toBeUndefined()
    expect(problems({ workload: 'x', 'llvm-archive-sha256': 'deadbeef' })[0]).toMatch(/^llvm-archive-sha256 'deadbeef' is not a sha256/)
  })

  test('benchmark-runs is auto (the default) or a whole number of pairs from 1 to 1000', () => {
    expect(parse({ workload: 'x', 'benchmark-runs': '' }).benchmarkRuns).toBe('auto')
    expect(parse({ workload: 'x', 'benchmark-runs': 'auto' }).benchmarkRuns).toBe('auto')
    expect(parse({ workload: 'x', 'benchmark-runs': '12' }).benchmarkRuns).toBe(12)
    for (const bad of ['0', '1001', '2.5', '-1', 'ten'])
      expect(problems({ workload: 'x', 'benchmark-runs': bad })[0]).toMatch(
        /^benchmark-runs '.*' is neither auto nor a whole number of pairs/
      )
  })

  test('benchmark-budget is seconds, 120 unless given; benchmark-method is alternate (the default) or duet', () => {
    expect(parse({ workload: 'x' })).toMatchObject({ benchmarkBudget: 120, benchmarkMethod: 'alternate' })
    expect(parse({ workload: 'x', 'benchmark-budget': '600', 'benchmark-method': 'duet' })).toMatchObject({
      benchmarkBudget: 600,
      benchmarkMethod: 'duet'
    })
    expect(problems({ workload: 'x', 'benchmark-budget': '5' })[0]).toMatch(/^benchmark-budget '5' is not a whole number from 10 to 21600/)
    expect(problems({ workload: 'x', 'benchmark-method': 'parallel' })[0]).toBe(
      "benchmark-method 'parallel' is not one of: alternate, duet."
    )
  })

  test('advice is none (the default), measure or ship-if-faster; if-slower is warn (the default), fail or ship-plain', () => {
    expect(parse({ workload: 'x' })).toMatchObject({ advice: 'none', ifSlower: 'warn' })
    expect(parse({ workload: 'x', advice: 'measure', benchmark: 'x' })).toMatchObject({ advice: 'measure' })
    expect(parse({ workload: 'x', advice: 'ship-if-faster', benchmark: 'x', 'if-slower': 'fail' })).toMatchObject({
      advice: 'ship-if-faster',
      ifSlower: 'fail'
    })
    expect(problems({ workload: 'x', advice: 'lto' })[0]).toBe("advice 'lto' is not one of: none, measure, ship-if-faster.")
    expect(problems({ workload: 'x', 'if-slower': 'keep', benchmark: 'x' })[0]).toBe(
      "if-slower 'keep' is not one of: warn, fail, ship-plain."
    )
    expect(problems({ workload: 'x', advice: 'measure' })).toEqual([
      'advice measure builds a variant and times it against the optimized build with the benchmark command: give benchmark too, or leave advice out.'
    ])
  })

  test('emulator is auto (the default), qemu or none; emulator-sysroot is a path from the working directory', () => {
    expect(parse({ workload: 'x' })).toMatchObject({ emulator: 'auto', emulatorSysroot: undefined })
    expect(parse({ workload: 'x', emulator: 'qemu', 'emulator-sysroot': '/opt/aarch64' })).toMatchObject({
      emulator: 'qemu',
      emulatorSysroot: '/opt/aarch64'
    })
    expect(problems({ workload: 'x', emulator: 'docker' })[0]).toBe("emulator 'docker' is not one of: auto, qemu, none.")
  })

  test('min-speedup is judged by an interval, which needs six pairs or more', () => {
    expect(problems({ workload: 'x', benchmark: 'app bench', 'benchmark-runs': '5', 'min-speedup': '1.05' })[0]).toMatch(
      /needs 6 pairs or more: benchmark-runs 5 gives none/
    )
    expect(parse({ workload: 'x', benchmark: 'app bench', 'benchmark-runs': '6', 'min-speedup': '1.05' }).minSpeedup).toBe(1.05)
  })

  test('min-speedup: a positive number, and only with benchmark', () => {
    expect(parse({ workload: 'x', benchmark: 'app bench', 'min-speedup': '1.05' }).minSpeedup).toBe(1.05)
    expect(problems({ workload: 'x', benchmark: 'app bench', 'min-speedup': 'fast' })[0]).toMatch(
      /^min-speedup 'fast' is not a positive number/
    )
    expect(problems({ workload: 'x', benchmark: 'app bench', 'min-speedup': '0' })).toHaveLength(1)
    expect(problems({ workload: 'x', 'min-speedup': '1.1' })).toEqual([
      'min-speedup needs benchmark: give the command whose speedup it checks.'
    ])
  })

  test('bolt true with a shared library in binaries is refused before any work; if-supported is not', () => {
    const inputs = { workload: 'x', binaries: 'target/*/release/libhot.so\nbuild/tool\n!build/libskip.so' }
    expect(problems({ ...inputs, bolt: 'true' })).toEqual([
      expect.stringContaining(
        "bolt true: binaries names shared libraries (target/*/release/libhot.so), and the action runs BOLT's instrumentation on programs only."
      )
    ])
    expect(parse({ ...inputs, bolt: 'if-supported' }).bolt).toEqual({ onUnsupported: 'warn' })
  })

  test('go-platforms is for Go only, and gives each platform a directory in the default build', () => {
    const goProject = project({ 'go.mod': '' })
    const config = parse({ workload: 'x', 'go-platforms': 'linux/amd64,linux/arm64' }, goProject)
    expect(config.goPlatforms).toEqual(['linux/amd64', 'linux/arm64'])
    expect(config.build).toBe('go build -o "bin/$GOOS-$GOARCH/" ./...')
    expect(describeConfig(config)).toContain('go-platforms: linux/amd64 linux/arm64')
    expect(parse({ workload: 'x', 'go-platforms': 'linux/arm64', build: 'go build -o out/ .' }, goProject).build).toBe('go build -o out/ .')
    expect(parse({ workload: 'x' }, goProject).build).toBe('go build -o bin/ ./...')
    const fromEnv = parseInputs(name => ({ workload: 'x' })[name] ?? '', { workspace: goProject, env: { GOOS: 'windows' } })
    expect(fromEnv.build).toBe('go build -o "bin/$GOOS-$GOARCH/" ./...')
    expect(problems({ workload: 'x', 'go-platforms': 'linux/arm64' })).toEqual([
      expect.stringMatching(
        /^go-platforms names the GOOS\/GOARCH pairs .* not rust\. For a Rust or C target, name it in build \(--target\)\.$/
      )
    ])
    expect(problems({ workload: 'x', 'go-platforms': 'linux_arm64' }, goProject)).toEqual([
      expect.stringContaining("go-platforms 'linux_arm64' is not a GOOS/GOARCH pair")
    ])
  })

  test('default-pgo is for Go only', () => {
    expect(parse({ workload: 'x', 'default-pgo': 'true' }, project({ 'go.mod': '' })).defaultPgo).toBe(true)
    expect(problems({ workload: 'x', 'default-pgo': 'true' })).toEqual([expect.stringMatching(/^default-pgo is Go's way .* not rust/)])
  })

  test('artifact names and cache keys refuse what their services refuse', () => {
    expect(problems({ workload: 'x', 'upload-artifact': 'bin/linux' })[0]).toMatch(/^upload-artifact 'bin\/linux' holds a character/)
    expect(problems({ workload: 'x', 'cache-key': 'a,b' })[0]).toMatch(/contains a comma/)
  })
})

describe('bolt', () => {
  test('true fails on what BOLT cannot handle, if-supported keeps the PGO build; false and empty are off', () => {
    expect(parse({ workload: 'x', bolt: 'TRUE' }).bolt).toEqual({ onUnsupported: 'fail' })
    expect(parse({ workload: 'x', bolt: 'if-supported' }).bolt).toEqual({ onUnsupported: 'warn' })
    expect(parse({ workload: 'x', bolt: 'false' }).bolt).toBeUndefined()
    expect(parse({ workload: 'x', bolt: '' }).bolt).toBeUndefined()
    expect(problems({ workload: 'x', bolt: 'yes' })).toEqual(["bolt 'yes' is not one of: false, true, if-supported."])
  })

  test('Go programs are refused, whether bolt is true or if-supported', () => {
    for (const bolt of ['true', 'if-supported']) {
      expect(problems({ workload: 'x', bolt }, project({ 'go.mod': '' }))).toEqual([
        expect.stringMatching(
          /^bolt does not apply to toolchain go: .* \(BOLT works with toolchain rust, clang and gcc\)\. Set bolt to false\.$/
        )
      ])
    }
  })

  test('bolt true on macOS or Windows is refused before any work; if-supported is taken, to be skipped there', () => {
    const macos = { platform: 'darwin', arch: 'arm64' }
    expect(problems({ workload: 'x', bolt: 'true' }, undefined, macos)).toEqual([
      'bolt true: BOLT rewrites Linux (ELF) programs, and this runner is macOS. Set bolt to if-supported to BOLT where it can and keep the PGO programs elsewhere, or to false.'
    ])
    expect(problems({ workload: 'x', bolt: 'true' }, undefined, { platform: 'win32', arch: 'x64' })[0]).toMatch(/this runner is Windows/)
    expect(parse({ workload: 'x', bolt: 'if-supported' }, undefined, macos).bolt).toEqual({ onUnsupported: 'warn' })
  })

  test("rustup's llvm-tools has no BOLT, and BOLT needs the workload to run again", () => {
    expect(problems({ workload: 'x', bolt: 'true', 'llvm-tools': 'rustup' })).toEqual([
      expect.stringMatching(/^bolt needs llvm-bolt and merge-fdata, which rustup's llvm-tools component does not include/)
    ])
    expect(problems({ 'profile-hash': 'a'.repeat(64), bolt: 'true' })).toEqual([expect.stringMatching(/^bolt needs workload/)])
  })

  test('the configuration log says which', () => {
    expect(describeConfig(parse({ workload: 'x', bolt: 'if-supported' }))).toContain('bolt: if-supported')
    expect(describeConfig(parse({ workload: 'x', bolt: 'true' }))).toContain('bolt: true')
  })
})

describe('the configuration log speaks of what applies to the toolchain', () => {
  const llvmLines = (lines: string[]) => lines.filter(line => line.startsWith('llvm-'))

  test('Rust and clang list the LLVM inputs, set or not', () => {
    expect(llvmLines(describeConfig(parse({ workload: 'x' })))).toEqual(['llvm-version: auto (match the compiler)', 'llvm-tools: auto'])
  })

  test('Go leaves them out, and shows one the workflow set as not used', () => {
    expect(llvmLines(describeConfig(parse({ workload: 'x' }, project({ 'go.mod': '' }))))).toEqual([])
    expect(llvmLines(describeConfig(parse({ workload: 'x', 'llvm-version': '22' }, project({ 'go.mod': '' }))))).toEqual([
      "llvm-version: 22 (not used: toolchain go profiles with pprof, not LLVM's tools)"
    ])
  })
})

test('all problems come together in one error', () => {
  expect(problems({ toolchain: 'zig', mode: 'never', cache: 'maybe' })).toEqual([
    "toolchain 'zig' is not one of: rust, clang, gcc, go, auto.",
    "mode 'never' is not one of: auto, generate, use, collect.",
    "cache 'maybe' is not a boolean: use true or false.",
    expect.stringMatching(/^workload is required/)
  ])
})

test('the configuration log names every decision', () => {
  const lines = describeConfig(parse({ workload: 'a\nb', 'cache-key': 'v2' }))
  expect(lines).toEqual(
    expect.arrayContaining([
      'toolchain: rust (auto: Cargo.toml)',
      'build: cargo build --release (default)',
      'workload: 2 commands',
      '  1. a',
      'cache: true (key words: v2)'
    ])
  )
})
