import * as fs from 'node:fs'
import * as path from 'node:path'
import { compareTrees, listTree } from '../system/build-tree'
import { commandEnv, pathWithFirst } from '../system/environment'
import { ActionError } from '../system/errors'
import { runTool } from '../system/exec'

/** The variable that names the current stage's wheels for the workloads, one path a line. */
export const WHEELS_ENV = 'PGO_WHEELS'

/** Build commands that make Python wheels: maturin, pip wheel, python -m build. Only these have their wheels looked for. */
const WHEEL_BUILDERS = /\bmaturin\b|\bpip3?\s+wheel\b|-m\s+build\b/

export interface WheelWatch {
  /** The wheels the build wrote or rewrote, sorted. */
  written(): string[]
}

/**
 * Notes the wheels in the working directory before a build that makes
 * them, so the ones it wrote can be told from those left by earlier
 * builds; a build that makes none is not looked at.
 */
export function watchWheels(build: string, cwd: string, excluded: string[]): WheelWatch {
  if (!WHEEL_BUILDERS.test(build)) return { written: () => [] }
  const before = wheelsIn(cwd, excluded)
  return {
    written: () => {
      const { created, modified } = compareTrees(before, wheelsIn(cwd, excluded))
      return lastOfEachName([...created, ...modified])
    }
  }
}

/**
 * One wheel per file name, the one written last. A backend that builds in
 * a directory of its own leaves a copy behind when pip wheel or python -m
 * build moves the wheel to its output directory (maturin: target/wheels),
 * and pip refuses to install two wheels of one name and version.
 */
export function lastOfEachName(wheels: string[]): string[] {
  const last = new Map<string, { wheel: string; written: number }>()
  for (const wheel of wheels) {
    const written = fs.statSync(wheel).mtimeMs
    const kept = last.get(path.basename(wheel))
    if (!kept || written > kept.written) last.set(path.basename(wheel), { wheel, written })
  }
  return [...last.values()].map(entry => entry.wheel).sort()
}

/**
 * The wheels that are regular files, and the rest: a build writes its
 * wheels as files, and a link (to /dev/zero, or out of the checkout) or a
 * special file is not installed, uploaded or benchmarked.
 */
export function splitRegularWheels(wheels: string[]): { regular: string[]; others: string[] } {
  const regular = wheels.filter(wheel => fs.lstatSync(wheel, { throwIfNoEntry: false })?.isFile())
  return { regular, others: wheels.filter(wheel => !regular.includes(wheel)) }
}

function wheelsIn(cwd: string, excluded: string[]): Map<string, string> {
  return new Map([...listTree(cwd, excluded)].filter(([file]) => file.endsWith('.whl')))
}

/** A Python environment of one side's own: its bin directory first on PATH runs that side's wheels. */
export interface WheelEnvironment {
  bin: string
  venv: string
}

/**
 * An environment for one side of the benchmark: a venv that also sees the
 * packages of the Python on PATH (its site-packages, through a .pth file,
 * after the venv's own, so a workflow's virtualenv counts too), with the
 * side's wheels installed in it without their dependencies. Made once,
 * before any timed run.
 */
export async function prepareWheelEnvironment(dir: string, wheels: string[], cwd: string): Promise<WheelEnvironment> {
  fs.rmSync(dir, { recursive: true, force: true })
  const env = commandEnv()
  const run = (file: string, args: string[], what: string) => runTool(file, args, { cwd, env, what, quiet: true, capture: true })
  const { stdout } = await run(
    'python3',
    ['-c', 'import json, site; print(json.dumps(site.getsitepackages() + [site.getusersitepackages()]))'],
    'Asking python3 for its site-packages'
  )
  await run('python3', ['-m', 'venv', dir], `Making a Python environment in ${dir}`)
  const python = path.join(dir, 'bin', 'python')
  const { stdout: own } = await run(
    python,
    ['-c', 'import site; print(site.getsitepackages()[0])'],
    "Finding the environment's site-packages"
  )
  fs.writeFileSync(path.join(own.trim(), 'pgo-outer-packages.pth'), `${(JSON.parse(stdout) as string[]).join('\n')}\n`)
  try {
    await run(
      python,
      ['-m', 'pip', 'install', '--quiet', '--no-deps', '--force-reinstall', ...wheels],
      `Installing ${wheels.map(wheel => path.basename(wheel)).join(', ')}`
    )
  } catch (error) {
    throw new ActionError(`Could not install the wheels into the benchmark's environment for one side: ${(error as Error).message}`, {
      cause: error
    })
  }
  return { bin: path.join(dir, 'bin'), venv: dir }
}

/** PATH and VIRTUAL_ENV for a command run in a side's environment. */
export function wheelEnvironmentVariables(environment: WheelEnvironment, firstOnPath: string[]): Record<string, string> {
  return { PATH: pathWithFirst([environment.bin, ...firstOnPath]), VIRTUAL_ENV: environment.venv }
}
