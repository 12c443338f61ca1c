// Go's platforms through dist/: the workloads run the runner's own build once,
// and its profile builds every GOOS/GOARCH the release names, each checked.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { LocalActionsServices } from '../support/actions-services'
import { createJob, runStep, type StepResult } from '../support/runner'
import { runToolkitScript } from '../support/toolkit-script'
import { capture, sha256 } from '../support/tools'
import { checkout, expectSuccess, failureMessage, goProfilePath, readable, stageRow } from '../support/workspace'

const RUNNER = `linux/${process.arch === 'arm64' ? 'arm64' : 'amd64'}`
const PLATFORMS = [RUNNER, 'linux/arm64', 'windows/amd64', 'darwin/arm64'].filter((platform, index, all) => all.indexOf(platform) === index)
const WORKLOAD = 'shapes -rounds 2000 -cpuprofile $PGO_PROFILE_DIR/run.pprof'
/** What the fixture prints for -rounds 3 on every platform. */
const OUTPUT = 'total 1471935.8\n'

function programFor(workspace: string, platform: string): string {
  return path.join(workspace, 'bin', platform.replace('/', '-'), platform.startsWith('windows/') ? 'shapes.exe' : 'shapes')
}

describe('go-platforms: one profile, every platform, one workload run', () => {
  const job = createJob()
  const workspace = checkout(job, 'go-shapes')
  let services: LocalActionsServices
  let result: StepResult

  beforeAll(async () => {
    services = await LocalActionsServices.start()
    result = await runStep({
      job,
      workspace,
      env: services.env(),
      inputs: { workload: WORKLOAD, 'go-platforms': PLATFORMS.join(' '), 'upload-artifact': 'shapes-all' }
    })
    expectSuccess(result)
  })
  afterAll(() => services.stop())

  test("the workloads ran the runner's own build, once, from the default build's directory for it", () => {
    expect(stageRow(result, 'Build for profiling')).toContain(`1 program: bin/${RUNNER.replace('/', '-')}/shapes`)
    expect(stageRow(result, 'Workloads')).toContain('1 command')
    expect(result.log).toContain(`For the runner's own ${RUNNER}, as the workloads run it here: GOOS and GOARCH set to it.`)
    expect(result.summary).toMatch(/\| ✅ \| Toolchain \| go1\.\d+[.\d]*; platforms /)
  })

  test('every platform is built with the profile, as go version -m records, and is for its platform', () => {
    const programs = result.outputs.binaries.split('\n')
    expect(programs).toEqual(PLATFORMS.map(platform => programFor(workspace, platform)))
    for (const platform of PLATFORMS) {
      const info = capture('go', ['version', '-m', programFor(workspace, platform)])
      const [os, arch] = platform.split('/')
      expect(info).toContain(`build\t-pgo=${goProfilePath(job, result.outputs['profile-hash'])}`)
      expect(info).toContain(`build\tGOOS=${os}\n`)
      expect(info).toContain(`build\tGOARCH=${arch}\n`)
    }
    expect(stageRow(result, 'Optimized build')).toContain(
      `${PLATFORMS.length} programs for ${PLATFORMS.length} platforms (${PLATFORMS.join(', ')}), each built with the profile (checked)`
    )
  })

  test("the arm64 program, run under qemu, prints what the runner's own prints", () => {
    expect(capture(programFor(workspace, RUNNER), ['-rounds', '3'])).toBe(OUTPUT)
    const foreign = PLATFORMS.find(platform => platform.startsWith('linux/') && platform !== RUNNER) as string
    const emulator = `qemu-${foreign.endsWith('arm64') ? 'aarch64' : 'x86_64'}`
    expect(capture(emulator, [programFor(workspace, foreign), '-rounds', '3'])).toBe(OUTPUT)
  })

  test('the summary names the platforms, and the programs table gives each program its platform', () => {
    const summary = readable(result.summary)
    const listed = PLATFORMS.map(platform => `\`${platform}\``).join(', ')
    expect(summary).toContain(
      `**Platforms:** ${listed} (from go-platforms), each built with the one profile, which the workloads made with the runner's own \`${RUNNER}\` build.`
    )
    expect(result.summary).toMatch(/\| Program \| Platform \| Size \| sha256 \|/)
    expect(result.summary).toContain('| `bin/windows-amd64/shapes.exe` | `windows/amd64` |')
  })

  test("the artifact keeps each platform's program at its path, since they share a name", async () => {
    const downloads = path.join(job.root, 'downloads')
    fs.mkdirSync(downloads)
    const download = await runToolkitScript<{ downloadPath: string }>(
      'artifact',
      `return await artifact.downloadArtifact(${Number(result.outputs['artifact-id'])}, { path: path.join(workspace, 'shapes-all') })`,
      {
        cwd: downloads,
        scratchDir: job.root,
        env: { PATH: process.env.PATH ?? '', HOME: job.root, GITHUB_WORKSPACE: downloads, ...services.env() }
      }
    )
    expect(download.thrown).toBeUndefined()
    const unpacked = path.join(downloads, 'shapes-all')
    for (const platform of PLATFORMS) {
      const relative = path.relative(workspace, programFor(workspace, platform))
      expect(sha256(path.join(unpacked, relative))).toBe(sha256(programFor(workspace, platform)))
    }
    expect(sha256(path.join(unpacked, 'merged.pprof'))).toBe(result.outputs['profile-hash'])
  })
  test("a second step whose binaries pattern matches every platform's directory takes each build's own programs", async () => {
    const again = await runStep({
      job,
      workspace,
      inputs: { workload: WORKLOAD, 'go-platforms': 'linux/arm64', binaries: 'bin/*/*', cache: 'false' }
    })
    expectSuccess(again)
    expect(again.log).toMatch(
      /Left out, as this build did not write them \(another platform's build did, or they were there before\): .*bin\/windows-amd64\/shapes\.exe/
    )
    expect(again.log).not.toContain('::warning')
    expect(stageRow(again, 'Build for profiling')).toContain(`1 program: bin/${RUNNER.replace('/', '-')}/shapes`)
    expect(again.outputs.binaries).toBe(programFor(workspace, 'linux/arm64'))
  })
})

describe("a platform from the step's GOOS/GOARCH, with a benchmark", () => {
  test("the runner's own build is made for the benchmark alone, a workload's go test runs for the runner; the release is the one platform", async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-shapes')
    const result = await runStep({
      job,
      workspace,
      env: { GOOS: 'windows', GOARCH: 'amd64' },
      inputs: {
        // The workload's and the benchmark's own go commands build for the runner, not for the step's GOOS/GOARCH.
        workload: `${WORKLOAD}\ngo test -run='^$' -bench=. -benchtime=200x -cpuprofile=$PGO_PROFILE_DIR/bench.pprof ./geometry`,
        benchmark: `test "$(go env GOOS)/$(go env GOARCH)" = ${RUNNER} && shapes -rounds 200`,
        'benchmark-runs': '6'
      }
    })
    expectSuccess(result)
    expect(result.outputs.binaries).toBe(programFor(workspace, 'windows/amd64'))
    expect(stageRow(result, 'Optimized build')).toContain(
      `1 program for windows/amd64, built with the profile (checked); ${RUNNER} built for the benchmark only`
    )
    // Six short pairs on a shared runner can land either side of 1: a ratio with its interval is what is asked.
    expect(stageRow(result, 'Benchmark')).toMatch(
      /\| Benchmark \| [\d.]+× \(95% CI [\d.]+–[\d.]+\): (faster|slower|no significant difference);/
    )
    expect(readable(result.summary)).toContain(`The benchmark times \`${RUNNER}\`, built for it alone.`)
    expect(result.outputs.speedup).toMatch(/^\d/)
    expect(capture('go', ['version', '-m', programFor(workspace, 'windows/amd64')])).toContain(
      `build\t-pgo=${goProfilePath(job, result.outputs['profile-hash'])}`
    )
  })
})

describe('a build that sets GOOS itself', () => {
  test('the workloads still run a build for the runner; the optimized build runs as written', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-shapes')
    const result = await runStep({ job, workspace, inputs: { build: 'GOOS=windows go build -o bin/ ./...', workload: WORKLOAD } })
    expectSuccess(result)
    expect(result.log).toContain('the build sets GOOS or GOARCH itself, so its go is')
    expect(stageRow(result, 'Build for profiling')).toContain('1 program: bin/shapes')
    expect(result.outputs.binaries).toBe(path.join(workspace, 'bin', 'shapes.exe'))
    expect(stageRow(result, 'Optimized build')).toContain('1 program for windows/amd64')
  })
})

describe('one profile per program, for every platform', () => {
  test("each platform's program takes its main package's own profile, and default-pgo writes each once", async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-tools')
    const own = [
      'wordfreq -rounds 300 -cpuprofile $PGO_PROFILE_DIR/wordfreq/run.pprof',
      'checksum -rounds 300 -cpuprofile $PGO_PROFILE_DIR/checksum/run.pprof'
    ]
    const result = await runStep({
      job,
      workspace,
      inputs: { workload: own.join('\n'), 'go-platforms': 'windows/amd64', 'default-pgo': 'true' }
    })
    expectSuccess(result)
    expect(stageRow(result, 'Optimized build')).toContain('2 programs for windows/amd64, each built with its own profile (checked)')
    for (const program of ['checksum', 'wordfreq']) {
      const ownProfile = path.join(workspace, 'cmd', program, 'default.pgo')
      const built = path.join(workspace, `bin/windows-amd64/${program}.exe`)
      expect(capture('go', ['version', '-m', built])).toContain(`build\t-pgo=${ownProfile}`)
    }
    // default-pgo leaves each main package its own profile: the two differ.
    expect(sha256(path.join(workspace, 'cmd/checksum/default.pgo'))).not.toBe(sha256(path.join(workspace, 'cmd/wordfreq/default.pgo')))
    expect(stageRow(result, 'default.pgo')).toContain('wrote cmd/checksum/default.pgo, wrote cmd/wordfreq/default.pgo')
  })
})

describe('go-platforms refusals', () => {
  test('a platform Go does not know is refused before any build, naming what its OS has', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-shapes')
    const result = await runStep({ job, workspace, inputs: { workload: WORKLOAD, 'go-platforms': 'linux/arm65 windows/amd64' } })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toMatch(/linux\/arm65 is not one of go1\.\d+[.\d]*'s platforms; for linux it has .*linux\/arm64/)
    expect(result.log).not.toContain('$ go build')
  })

  test('two platforms writing one path are refused, naming the path and the fix', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-shapes')
    const result = await runStep({
      job,
      workspace,
      inputs: { build: 'go build -o bin/ ./...', workload: WORKLOAD, 'go-platforms': 'linux/arm64 darwin/arm64' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureMessage(result)).toContain(
      'The optimized builds for linux/arm64 and darwin/arm64 both wrote bin/shapes, so the linux/arm64 program is lost.'
    )
    expect(failureMessage(result)).toContain('go build -o "bin/$GOOS-$GOARCH/" ./...')
  })

  test('a build that sets GOOS itself is refused with go-platforms, and with a benchmark, before any build', async () => {
    const job = createJob()
    const workspace = checkout(job, 'go-shapes')
    const listed = await runStep({
      job,
      workspace,
      inputs: { build: 'GOOS=windows go build -o bin/ ./...', workload: WORKLOAD, 'go-platforms': 'linux/arm64' }
    })
    expect(listed.exitCode).toBe(1)
    expect(failureMessage(listed)).toContain(
      'build sets GOOS=windows itself, which would override the GOOS and GOARCH the action gives each of go-platforms'
    )
    const benchmarked = await runStep({
      job,
      workspace,
      inputs: { build: 'GOOS=windows go build -o bin/ ./...', workload: WORKLOAD, benchmark: 'shapes' }
    })
    expect(benchmarked.exitCode).toBe(1)
    expect(failureMessage(benchmarked)).toContain('the benchmark cannot time them. Name the platforms in go-platforms instead')
    for (const refused of [listed, benchmarked]) expect(refused.log).not.toContain('$ GOOS=windows go build')
  })
})
