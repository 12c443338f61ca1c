import { commandEnv, isRunnerServiceVariable, pathWithFirst } from '../../../src/system/environment'

test("commands get the step's environment without the action's inputs, plus the stage's changes", () => {
  const env = commandEnv({ RUSTFLAGS: 'x' }, { PATH: '/bin', INPUT_BUILD: 'make', RUSTFLAGS: 'old', HOME: '/root' })
  expect(env).toEqual({ PATH: '/bin', RUSTFLAGS: 'x', HOME: '/root' })
})

test('programs first on PATH, each directory once', () => {
  expect(pathWithFirst(['/a', '/b', '/a'], '/usr/bin:/b:/bin')).toBe('/a:/b:/usr/bin:/bin')
})

test("commands never get the runner's service credentials and addresses", () => {
  const base = {
    PATH: '/bin',
    ACTIONS_RUNTIME_TOKEN: 'token',
    ACTIONS_RESULTS_URL: 'https://results/',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc/',
    ACTIONS_CACHE_SERVICE_V2: 'true',
    ACTIONS_SOME_FUTURE_TOKEN: 'x',
    ACTIONS_STEP_DEBUG: 'true',
    GITHUB_TOKEN: 'the workflow passed it on purpose'
  }
  expect(commandEnv({}, base)).toEqual({ PATH: '/bin', ACTIONS_STEP_DEBUG: 'true', GITHUB_TOKEN: 'the workflow passed it on purpose' })
  expect(isRunnerServiceVariable('ACTIONS_ORCHESTRATION_ID')).toBe(true)
  expect(isRunnerServiceVariable('ACTIONS_RUNNER_DEBUG')).toBe(false)
})
