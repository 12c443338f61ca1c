import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { assignToPrograms, makeProgramDirs, programDirs, programName } from '../../../src/workloads/program-profiles'

const PROGRAMS = ['/w/bin/api', '/w/bin/worker.exe']

describe('one profile per program', () => {
  test("a program's name is its file name, without .exe", () => {
    expect(PROGRAMS.map(programName)).toEqual(['api', 'worker'])
  })

  test('the profiles at the top go to every program; a directory to its program only', () => {
    const assigned = assignToPrograms(PROGRAMS, ['/p/shared.pprof'], new Map([['api', ['/p/api/a.pprof']]]))
    expect(assigned).toEqual([
      { program: '/w/bin/api', name: 'api', files: ['/p/shared.pprof', '/p/api/a.pprof'] },
      { program: '/w/bin/worker.exe', name: 'worker', files: ['/p/shared.pprof'] }
    ])
  })

  test('a directory that names no program is refused, naming it and the programs', () => {
    expect(() =>
      assignToPrograms(
        PROGRAMS,
        [],
        new Map([
          ['cli', ['/p/cli/a.pprof']],
          ['api', ['/p/api/a.pprof']]
        ])
      )
    ).toThrow('$PGO_PROFILE_DIR/cli names no program the build wrote (api, worker).')
  })

  test('a program left with no profile at all is refused', () => {
    expect(() => assignToPrograms(PROGRAMS, [], new Map([['api', ['/p/api/a.pprof']]]))).toThrow(
      /every program needs one: worker has none \(no \$PGO_PROFILE_DIR\/worker\//
    )
  })

  test('the directories made for the programs count only once a workload wrote into them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'program-dirs-'))
    makeProgramDirs(dir, PROGRAMS)
    expect(programDirs(dir)).toEqual([])
    fs.writeFileSync(path.join(dir, 'worker', 'cpu.pprof'), 'x')
    expect(programDirs(dir)).toEqual(['worker'])
    fs.rmSync(dir, { recursive: true })
  })
})
