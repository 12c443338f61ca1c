// Unit tests import pure modules from src/; end-to-end tests run dist/ in a
// child process the way the runner does, so they never import src/; the
// scripts' tests run the repository's own scripts (the release command).
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node10', isolatedModules: true } }]
}

export default {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'],
      transform
    },
    {
      displayName: 'scripts',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/__tests__/scripts/**/*.test.ts'],
      transform
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'],
      transform,
      globalSetup: '<rootDir>/__tests__/support/global-setup.ts',
      slowTestThreshold: 120
    }
  ],
  // The end-to-end tests compile real programs; two cores are busy enough with one at a time.
  maxWorkers: 1,
  testTimeout: 600000
}
