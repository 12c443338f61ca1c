import { commandEnv, pathWithFirst } from '../../src/environment'

test("commands get the step's environment without the action's inputs, plus the stage's changes", () => {
  const env = commandEnv({ RUSTFLAGS: 'x' }, { PATH: '/bin', INPUT_BUILD: 'make', RUSTFLAGS: 'old', HOME: '/root' })
  expect(env).toEqual({ PATH: '/bin', RUSTFLAGS: 'x', HOME: '/root' })
})

test('programs first on PATH, each directory once', () => {
  expect(pathWithFirst(['/a', '/b', '/a'], '/usr/bin:/b:/bin')).toBe('/a:/b:/usr/bin:/bin')
})
