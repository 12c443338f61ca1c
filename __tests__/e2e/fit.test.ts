// A project builds more than its workload runs. The compiler's warning for
// each function without profile data is the action's own request
// (-pgo-warn-missing-function): it is counted and listed in the summary,
// and kept out of the build's log.
import { createJob, runStep, type StepResult } from '../support/runner'
import { checkout, expectSuccess, stageRow } from '../support/workspace'
import { foreignElements, renderMarkdown } from '../support/workflow-commands'

const FIT_WARNING = /no profile data available for function|function control flow change detected/

describe('C with two programs built by make, one trained', () => {
  let result: StepResult

  beforeAll(async () => {
    const job = createJob()
    const workspace = checkout(job, 'c-two-programs')
    result = await runStep({ job, workspace, inputs: { toolchain: 'clang', build: 'make', binaries: 'count\nidle', workload: 'count 2000', cache: 'false' } })
    expectSuccess(result)
  })

  test("the build log holds none of the compiler's per-function profile warnings, and one line counts them", () => {
    expect(result.log.split('\n').filter(line => FIT_WARNING.test(line))).toEqual([])
    expect(result.log).toMatch(/The compiler warned of 3 functions the profile does not fit \(2 without profile data, 1 changed since profiling\); those warnings are left out of the log above/)
  })

  test('the summary counts them, and lists every one in a collapsed list', () => {
    expect(stageRow(result, 'Optimized build')).toMatch(/[1-9]\d* functions? without profile data/)
    expect(result.summary).toContain('<details><summary>Every function the compiler named:')
    expect(result.summary).toMatch(/^- `idle_(checksum|report)`$/m)
    expect(foreignElements(renderMarkdown(result.summary))).toEqual([])
  })
})
