// The test harness stands in for the runner, so what it reads and sets must be right too.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { Input, Output } from '../../../src/constants'
import { actionRuntime, inputVariables, parseFileCommands, readActionDefinition, REPO_ROOT } from '../../support/runner'

test('file commands: plain lines and heredoc blocks, as @actions/core writes them', () => {
  const text = 'simple=value=with=equals\nmulti<<ghadelimiter_1\nline one\n\nline three\nghadelimiter_1\nempty<<EOF\nEOF\n'
  expect(parseFileCommands(text)).toEqual({ simple: 'value=with=equals', multi: 'line one\n\nline three', empty: '' })
  expect(() => parseFileCommands('broken<<X\nno end')).toThrow(/unterminated/)
})

test('every declared input is set, defaulted as the runner does, and unknown ones are refused', () => {
  const definition = readActionDefinition()
  const variables = inputVariables(definition, { workload: 'run it' })
  expect(variables['INPUT_WORKLOAD']).toBe('run it')
  expect(variables['INPUT_WORKING-DIRECTORY']).toBe('.')
  expect(variables['INPUT_CACHE']).toBe('true')
  expect(variables['INPUT_BUILD']).toBe('')
  expect(Object.keys(variables)).toHaveLength(Object.keys(definition.inputs ?? {}).length)
  expect(() => inputVariables(definition, { workloads: 'x' })).toThrow(/workloads/)
})

test('action.yml declares the contract: every input and output with a description', () => {
  const definition = readActionDefinition() as unknown as {
    inputs: Record<string, { description?: string }>
    outputs: Record<string, { description?: string }>
    runs: { using: string }
  }
  expect(Object.keys(definition.inputs).sort()).toEqual(
    [
      'toolchain',
      'working-directory',
      'build',
      'binaries',
      'workload',
      'workload-jobs',
      'mode',
      'profile',
      'profile-artifacts',
      'profile-shards',
      'profile-hash',
      'cache',
      'cache-key',
      'llvm-version',
      'llvm-tools',
      'llvm-mirror',
      'llvm-archive-sha256',
      'bolt',
      'emulator',
      'emulator-sysroot',
      'benchmark',
      'benchmark-runs',
      'benchmark-budget',
      'benchmark-method',
      'advice',
      'min-speedup',
      'if-slower',
      'upload-artifact',
      'default-pgo',
      'go-platforms'
    ].sort()
  )
  expect(Object.keys(definition.outputs).sort()).toEqual([
    'artifact-id',
    'binaries',
    'cache-hit',
    'profile-hash',
    'profile-path',
    'shipped',
    'speedup',
    'speedup-high',
    'speedup-low',
    'speedup-verdict',
    'wheels'
  ])
  for (const spec of [...Object.values(definition.inputs), ...Object.values(definition.outputs)]) expect(spec.description).toBeTruthy()
  expect(definition.runs.using).toBe('node24')
})

test("the code's names for inputs and outputs are action.yml's, both ways", () => {
  const definition = readActionDefinition() as unknown as {
    inputs: Record<string, unknown>
    outputs: Record<string, unknown>
    runs: { post?: string }
  }
  expect(Object.values(Input).sort()).toEqual(Object.keys(definition.inputs).sort())
  expect(Object.values(Output).sort()).toEqual(Object.keys(definition.outputs).sort())
  expect(definition.runs.post).toBe('dist/post.js')
})

test('docs/inputs.md has a row for every input and output action.yml declares, and no other', () => {
  const definition = readActionDefinition() as unknown as { inputs: Record<string, unknown>; outputs: Record<string, unknown> }
  const page = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'inputs.md'), 'utf8')
  const [inputs, outputs] = page.split('## Outputs')
  const rows = (text: string) =>
    [...text.matchAll(/^\| `([a-z0-9-]+)`(?:, `([a-z0-9-]+)`)? \|/gm)].flatMap(match => match.slice(1).filter(Boolean)).sort()
  expect(rows(inputs)).toEqual(Object.keys(definition.inputs).sort())
  expect(rows(outputs)).toEqual(Object.keys(definition.outputs).sort())
})

test('the action runs on the Node that action.yml names, as on the runner', () => {
  const runtime = actionRuntime(readActionDefinition().runs.using)
  expect(execFileSync(runtime, ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./)
  expect(() => actionRuntime('node12')).toThrow(/Node 12/)
})

test('the README stays short: under 13 KB, the deep material in docs/', () => {
  expect(fs.statSync(path.join(REPO_ROOT, 'README.md')).size).toBeLessThan(13 * 1024)
})
