import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { maturinPgoProblem, pgoCommandWorkload, readPgoCommand, runsMaturin } from '../../../src/libraries/maturin-pgo'

describe("maturin's own PGO", () => {
  test("--pgo on a maturin command, in any of the build's commands, is a problem; on another command it is not", () => {
    expect(maturinPgoProblem('maturin build --release --pgo', {})).toMatch(/^build runs maturin with --pgo: /)
    expect(maturinPgoProblem('cd py && python -m maturin build --pgo --out dist', {})).toMatch(/^build runs maturin with --pgo: /)
    expect(maturinPgoProblem('maturin build --release && ./bench --pgo', {})).toBeUndefined()
    expect(maturinPgoProblem('maturin build --release', {})).toBeUndefined()
  })

  test("MATURIN_PGO turns it on unless it is one of clap's false words", () => {
    for (const off of ['', '0', 'false', 'No', 'OFF', 'n', 'f'])
      expect(maturinPgoProblem('maturin build', { MATURIN_PGO: off })).toBeUndefined()
    for (const on of ['1', 'true', 'yes', 'anything'])
      expect(maturinPgoProblem('maturin build', { MATURIN_PGO: on })).toMatch(
        /^MATURIN_PGO is set .* Unset MATURIN_PGO, and give the training as workload/
      )
  })
})

describe('[tool.maturin] pgo-command', () => {
  const project = (toml: string): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyproject-'))
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), toml)
    return dir
  }

  test('is read with what maturin installs beside the wheel', () => {
    const dir = project(
      '[project]\nname = "x"\ndependencies = ["numpy>=2", "attrs"]\n[dependency-groups]\ndev = ["pytest"]\n[tool.maturin]\npgo-command = "python -m pytest tests/bench"\n'
    )
    expect(readPgoCommand(dir)).toEqual({ command: 'python -m pytest tests/bench', dependencies: ['numpy>=2', 'attrs'], devGroup: true })
    expect(readPgoCommand(project('[tool.maturin]\nbindings = "pyo3"\n'))).toBeUndefined()
    expect(readPgoCommand(fs.mkdtempSync(path.join(os.tmpdir(), 'none-')))).toBeUndefined()
  })

  test('a line break, or a file that is not TOML, is an error naming the file', () => {
    expect(() => readPgoCommand(project('[tool.maturin]\npgo-command = "a\\n::warning::b"\n'))).toThrow(/pgo-command holds a line break/)
    expect(() => readPgoCommand(project('[tool.maturin\n'))).toThrow(/pyproject\.toml cannot be read as TOML/)
    const linked = fs.mkdtempSync(path.join(os.tmpdir(), 'linked-'))
    fs.symlinkSync(path.join(project('[tool.maturin]\npgo-command = "x"\n'), 'pyproject.toml'), path.join(linked, 'pyproject.toml'))
    expect(() => readPgoCommand(linked)).toThrow(/pyproject\.toml is a symbolic link to .*, outside /)
  })

  test('becomes a workload line that installs the wheels in a fresh venv, quoting every value from the file', () => {
    const line = pgoCommandWorkload({ command: "python -c 'print(1)'; echo $HOME", dependencies: ['numpy>=2'], devGroup: false })
    expect(line).toContain('"$pgo_bin/python" -m pip install --quiet --force-reinstall --no-deps "${pgo_wheels[@]}"')
    expect(line).toContain(`"$pgo_bin/python" -m pip install --quiet 'numpy>=2'`)
    expect(line).toMatch(/sh -c 'python -c '\\''print\(1\)'\\''; echo \$HOME'$/)
    expect(line).not.toContain('--group dev')
    expect(runsMaturin('cd py && maturin build --release')).toBe(true)
    expect(runsMaturin('cargo build --release')).toBe(false)
  })
})
