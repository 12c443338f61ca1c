import * as fs from 'node:fs'
import * as path from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { ActionError, errorMessage } from '../system/errors'
import { quoteForShell, shellCommands } from '../system/shell-words'
import { FileKinds, readUntrustedText } from '../system/untrusted-file'

// maturin's own PGO (maturin build --pgo, or MATURIN_PGO): it builds an
// instrumented wheel, runs [tool.maturin] pgo-command against it in a
// fresh venv, merges with llvm-profdata and builds again. Inside the
// action's builds that would nest three builds in each of the action's.

/** clap's FalseyValueParser: these turn MATURIN_PGO off, and anything else turns it on. */
const FALSEY = ['', 'n', 'no', 'f', 'false', 'off', '0']

/** Why the build cannot run as it is, with the fix; undefined when it does not ask maturin for its own PGO. */
export function maturinPgoProblem(build: string, env: NodeJS.ProcessEnv): string | undefined {
  const withPgo = shellCommands(build).some(words => words.some(isMaturin) && words.includes('--pgo'))
  const fromEnv = env.MATURIN_PGO !== undefined && !FALSEY.includes(env.MATURIN_PGO.trim().toLowerCase())
  if (!withPgo && !fromEnv) return undefined
  const where = withPgo
    ? 'build runs maturin with --pgo'
    : `MATURIN_PGO is set (${JSON.stringify(env.MATURIN_PGO)}) in the step's environment`
  return (
    `${where}: maturin would then build an instrumented wheel, run its pgo-command and build again inside each of the action's builds, ` +
    "and the action's run is that pipeline already, with the cache, the benchmark and the summary. " +
    `${withPgo ? 'Remove --pgo from build' : 'Unset MATURIN_PGO'}, and give the training as workload: your [tool.maturin] pgo-command, run against the instrumented wheels in $PGO_WHEELS.`
  )
}

/** Whether the build command runs maturin. */
export function runsMaturin(build: string): boolean {
  return shellCommands(build).some(words => words.some(isMaturin))
}

/** maturin itself, or a runner of it (python -m maturin is the word maturin too). */
function isMaturin(word: string): boolean {
  return path.basename(word) === 'maturin'
}

/** What maturin's --pgo would train with: [tool.maturin] pgo-command, and what maturin installs beside the wheel. */
export interface PgoCommand {
  command: string
  /** [project] dependencies, which maturin installs into the venv. */
  dependencies: string[]
  /** Whether [dependency-groups] has dev, which maturin installs with pip --group dev. */
  devGroup: boolean
}

/** The pyproject.toml's pgo-command, or undefined where it has none; a file that cannot be read is an error naming it. */
export function readPgoCommand(workingDirectory: string): PgoCommand | undefined {
  const file = path.join(workingDirectory, 'pyproject.toml')
  if (!fs.existsSync(file)) return undefined
  // A link out of the checkout, or a file past the bound, is an error naming it (UntrustedFileError).
  const text = readUntrustedText(file, FileKinds.pyproject, { within: workingDirectory })
  let pyproject: Record<string, unknown>
  try {
    pyproject = parseToml(text) as Record<string, unknown>
  } catch (error) {
    throw new ActionError(`${file} cannot be read as TOML: ${errorMessage(error).split('\n')[0]}`)
  }
  const maturin = (pyproject.tool as Record<string, Record<string, unknown>> | undefined)?.maturin
  const command = maturin?.['pgo-command']
  if (typeof command !== 'string' || command.trim() === '') return undefined
  // The workload is shown a line a command: a line break would start a line of the file's choosing in the log.
  if (/[\r\n]/.test(command.trim()))
    throw new ActionError(
      `${file}: [tool.maturin] pgo-command holds a line break; the action runs it as one workload line. Give it on one line, or give workload instead.`
    )
  const dependencies = (pyproject.project as Record<string, unknown> | undefined)?.dependencies
  const groups = pyproject['dependency-groups'] as Record<string, unknown> | undefined
  return {
    command: command.trim(),
    dependencies: Array.isArray(dependencies) ? dependencies.filter((entry): entry is string => typeof entry === 'string') : [],
    devGroup: groups?.dev !== undefined
  }
}

/**
 * The workload line that runs a pgo-command as maturin runs it: in a fresh
 * venv (removed after), with the instrumented wheels ($PGO_WHEELS)
 * installed without their dependencies, then [project] dependencies and
 * the dev group, the venv first on PATH, in the working directory. Every
 * value from the file is quoted.
 */
export function pgoCommandWorkload(pgo: PgoCommand): string {
  const pip = '"$pgo_bin/python" -m pip install --quiet'
  return [
    'pgo_venv=$(mktemp -d) && trap \'rm -rf "$pgo_venv"\' EXIT',
    '{ pgo_python=$(command -v python3 || command -v python); }',
    '"$pgo_python" -m venv "$pgo_venv"',
    '{ pgo_bin="$pgo_venv/bin"; [ -d "$pgo_bin" ] || pgo_bin="$pgo_venv/Scripts"; }',
    'readarray -t pgo_wheels <<< "$PGO_WHEELS"',
    `${pip} --force-reinstall --no-deps "\${pgo_wheels[@]}"`,
    ...(pgo.dependencies.length ? [`${pip} ${pgo.dependencies.map(quoteForShell).join(' ')}`] : []),
    ...(pgo.devGroup
      ? [`{ ${pip} --group dev || echo 'pgo-action: the dev dependency group was not installed (pip 25.1 or newer installs --group)'; }`]
      : []),
    `PATH="$pgo_bin:$PATH" VIRTUAL_ENV="$pgo_venv" sh -c ${quoteForShell(pgo.command)}`
  ].join(' && ')
}
