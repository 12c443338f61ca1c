import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// The rooms of src/, lowest first, and the rooms each imports: dependencies
// point one way, down. A room imports its own files with './'; an import
// of a room not listed fails lint. Each room's header says the same in a
// line "May import: …", and __tests__/unit/support/imports.test.ts holds
// the headers, this table and the real imports to one another, and refuses
// a cycle between files. pipeline.ts, run.ts, main.ts and post*.ts may
// import anything; config.ts and constants.ts have rules of their own below.
const ROOMS = {
  platform: [],
  system: ['platform'],
  executables: ['system'],
  llvm: ['executables', 'platform', 'system'],
  targets: ['platform', 'system'],
  settings: ['system'],
  libraries: ['platform', 'system'],
  toolchains: ['config', 'executables', 'llvm', 'platform', 'settings', 'system', 'targets'],
  cache: ['platform', 'system'],
  benchmark: ['libraries', 'platform', 'system'],
  outputs: ['system'],
  fit: ['executables', 'outputs', 'system'],
  report: ['benchmark', 'fit', 'libraries', 'llvm', 'outputs', 'system'],
  workloads: ['config', 'constants', 'libraries', 'platform', 'system'],
  inputs: ['benchmark', 'config', 'constants', 'libraries', 'llvm', 'platform', 'system', 'targets', 'toolchains'],
  bolt: ['cache', 'config', 'executables', 'libraries', 'llvm', 'platform', 'report', 'system', 'toolchains', 'workloads'],
  stages: [
    'benchmark',
    'cache',
    'config',
    'constants',
    'fit',
    'libraries',
    'llvm',
    'outputs',
    'platform',
    'report',
    'settings',
    'system',
    'targets',
    'toolchains',
    'workloads'
  ]
}

/**
 * An import of a file outside the room that is not in one of the rooms it
 * may use, from a file `depth` folders below src/ (a room's own file is 1
 * deep, a file of one of its folders, such as toolchains/rust/, 2).
 */
function upwardImports(room, allowed, depth) {
  const up = '\\.\\./'.repeat(depth)
  const sibling = `(?!(?:${allowed.join('|') || '$^'})(?:/|$))`
  return {
    regex: `^${up}${sibling}`,
    message: `src/${room}/ may import only ${allowed.length ? allowed.map(name => `src/${name}`).join(', ') : 'its own files'} (see eslint.config.js): dependencies point down.`
  }
}

/** A folder of a room (toolchains/rust/) imports its room's shared files, never another folder of it (toolchains/go/). */
const NEIGHBOUR_FOLDER = {
  regex: '^\\.\\./[^./][^/]*/',
  message: "A folder of a room imports the room's shared files, not another folder's: each toolchain's folder stands alone."
}

/**
 * The log is written through src/system/log.ts alone, which keeps untrusted
 * text from reading as a workflow command (docs/security.md).
 */
const LOG_ONLY_THROUGH_ITS_MODULE = {
  name: '@actions/core',
  message: 'Write to the log through src/system/log.ts, which keeps names and output from reading as workflow commands (docs/security.md).'
}

const layering = Object.entries(ROOMS).flatMap(([room, allowed]) => [
  {
    files: [`src/${room}/*.ts`],
    ignores: ['src/system/log.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [LOG_ONLY_THROUGH_ITS_MODULE], patterns: [upwardImports(room, allowed, 1)] }] }
  },
  {
    files: [`src/${room}/*/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [LOG_ONLY_THROUGH_ITS_MODULE], patterns: [upwardImports(room, allowed, 2), NEIGHBOUR_FOLDER] }
      ]
    }
  }
])

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '**/target/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly'
      }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
    }
  },
  {
    // Small files and functions keep each room easy to read: a file past 300
    // lines is a room's worth of knowledge that wants a module of its own.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 300 }],
      'max-lines-per-function': ['error', { max: 80 }]
    }
  },
  {
    files: ['src/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [LOG_ONLY_THROUGH_ITS_MODULE] }] }
  },
  ...layering,
  {
    files: ['src/config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [LOG_ONLY_THROUGH_ITS_MODULE],
          patterns: [{ regex: '^\\./(?!llvm/)', message: 'src/config.ts may import only src/llvm (see eslint.config.js).' }]
        }
      ]
    }
  },
  {
    files: ['src/constants.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [LOG_ONLY_THROUGH_ITS_MODULE],
          patterns: [{ regex: '^\\.', message: "src/constants.ts imports nothing of the action's (see eslint.config.js)." }]
        }
      ]
    }
  }
)
