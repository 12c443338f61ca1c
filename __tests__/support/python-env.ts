// A Python environment of a test's own, with maturin and pytest from PyPI:
// the wheel tests build and install into it, never into the machine's Python.
import { execFileSync } from 'node:child_process'
import * as path from 'node:path'
import type { Job } from './runner'

/** What the wheel tests install, pinned so every machine builds with the same tools. */
const PACKAGES = ['maturin==1.16.0', 'pytest==9.2.0']

/** Variables that put the environment first for a step: PATH and VIRTUAL_ENV, as `activate` sets them. */
export function pythonEnvironment(job: Job): Record<string, string> {
  const venv = path.join(job.root, 'python')
  execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' })
  execFileSync(path.join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...PACKAGES], {
    stdio: 'inherit'
  })
  return { PATH: `${path.join(venv, 'bin')}:${process.env.PATH ?? ''}`, VIRTUAL_ENV: venv }
}
