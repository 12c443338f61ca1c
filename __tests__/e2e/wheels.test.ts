// A PyO3 extension module built by maturin, as pydantic-core's PGO workflow
// builds it, through dist/: the workload installs the instrumented wheel
// ($PGO_WHEELS) and runs pytest; the optimized wheel is an output and is
// uploaded; each side of the benchmark runs in an environment with its own.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { LocalActionsServices } from '../support/actions-services'
import { pythonEnvironment } from '../support/python-env'
import { createJob, runStep, type StepResult } from '../support/runner'
import { sha256 } from '../support/tools'
import { checkout, expectSuccess, stageRow } from '../support/workspace'

describe('a maturin wheel trained by pytest', () => {
  const job = createJob()
  const workspace = checkout(job, 'py-extension')
  let services: LocalActionsServices
  let result: StepResult

  beforeAll(async () => {
    const python = pythonEnvironment(job)
    services = await LocalActionsServices.start()
    result = await runStep({
      job,
      workspace,
      env: { ...python, ...services.env() },
      inputs: {
        build: 'maturin build --release --out dist',
        workload: 'pip install --quiet --force-reinstall $PGO_WHEELS && HOTQUERY_ROWS=3000000 python -m pytest -q tests',
        benchmark: 'HOTQUERY_ROWS=20000000 python -m pytest -q tests',
        // 20 pairs: the median's interval stays above 1 through a burst of noise from a neighbour on a shared runner.
        'benchmark-runs': '20',
        'upload-artifact': 'hotquery-wheel',
        cache: 'false'
      }
    })
    expectSuccess(result)
  }, 600_000)
  afterAll(() => services.stop())

  test("the action's flags reach maturin's cargo: the module in the wheel is instrumented, then fits its profile", () => {
    expect(stageRow(result, 'Instrumented build')).toMatch(
      /1 library: target\/[^/]+\/release\/libhotquery\.so; wheel dist\/hotquery-0\.1\.0-cp3\d+-[^|]+\.whl/
    )
    expect(stageRow(result, 'Workloads')).toContain('1 command, 1 raw profile')
    expect(stageRow(result, 'Optimized build')).toContain('1 library; 0 functions without profile data, 0 changed since profiling')
  })

  test('the optimized wheel is the wheels output, in the summary and in the artifact', () => {
    const wheel = result.outputs.wheels
    expect(wheel).toMatch(/\/dist\/hotquery-0\.1\.0-cp3\d+-[^/]+\.whl$/)
    expect(result.summary).toContain(`| \`${path.relative(workspace, wheel)}\` |`)
    expect(result.summary).toMatch(/`hotquery-wheel` \(id \d+\): 4 files/)
    expect(fs.existsSync(wheel)).toBe(true)
    expect(sha256(wheel)).toMatch(/^[0-9a-f]{64}$/)
  })

  test("each side of the benchmark ran its own wheel's module, installed in an environment of its own, and the optimized one is faster", () => {
    expect(result.log).toMatch(/The plain side's wheels are installed in .*python-plain, first on PATH for its runs\./)
    expect(result.log).toContain("The sides: each side loaded its own libhotquery.so (the dynamic loader's record of the warm-up runs).")
    expect(result.outputs['speedup-verdict']).toBe('faster')
    expect(Number(result.outputs['speedup-low'])).toBeGreaterThan(1)
  })
})

describe("pip wheel through maturin's build backend", () => {
  test('the workloads get the one wheel pip wrote, not the copy maturin left in target/wheels', async () => {
    const job = createJob()
    const workspace = checkout(job, 'py-extension')
    const result = await runStep({
      job,
      workspace,
      env: pythonEnvironment(job),
      inputs: {
        // Without build isolation pip uses the environment's pinned maturin.
        build: 'pip wheel --quiet --no-build-isolation --no-deps -w dist .',
        workload: 'pip install --quiet --force-reinstall $PGO_WHEELS && HOTQUERY_ROWS=300000 python -m pytest -q tests',
        cache: 'false'
      }
    })
    expectSuccess(result)
    expect(fs.readdirSync(path.join(workspace, 'target', 'wheels'))).toEqual([path.basename(result.outputs.wheels)])
    expect(stageRow(result, 'Instrumented build')).toMatch(/; wheel dist\/hotquery-0\.1\.0-cp3\d+-[^|,]+\.whl \|/)
    expect(result.outputs.wheels).toMatch(/\/dist\/hotquery-0\.1\.0-cp3\d+-[^/\n]+\.whl$/)
  }, 600_000)
})

describe("maturin's pgo-command as the workload", () => {
  test('with workload empty, [tool.maturin] pgo-command trains the instrumented wheel in a fresh venv, and the log says where it came from', async () => {
    const job = createJob()
    const workspace = checkout(job, 'py-extension')
    fs.appendFileSync(path.join(workspace, 'pyproject.toml'), '\n[tool.maturin]\npgo-command = "python train.py 3000000"\n')
    // The venv maturin makes sees only the wheel: pytest is not there, so the training is a script.
    fs.writeFileSync(
      path.join(workspace, 'train.py'),
      'import sys, hotquery\nprint("trained in", sys.prefix, hotquery.count_matches(0, int(sys.argv[1])))\n'
    )
    const python = pythonEnvironment(job)
    const result = await runStep({ job, workspace, env: python, inputs: { build: 'maturin build --release --out dist', cache: 'false' } })
    expectSuccess(result)
    expect(result.log).toContain('workload: 1 command, from [tool.maturin] pgo-command in pyproject.toml: python train.py 3000000')
    const trainedIn = /^trained in (\S+) \d+$/m.exec(result.log)?.[1]
    expect(trainedIn).toBeDefined()
    expect(trainedIn).not.toBe(python.VIRTUAL_ENV)
    expect(fs.existsSync(trainedIn!)).toBe(false)
    expect(stageRow(result, 'Workloads')).toContain('1 command, 1 raw profile')
    expect(stageRow(result, 'Optimized build')).toContain('1 library; 0 functions without profile data, 0 changed since profiling')
  }, 600_000)
})
