import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { baselinePath, readBaseline, writeBaseline } from '../../../src/fit/baseline'
import { fitPerProgram, judgeFit, type ProfileNames } from '../../../src/fit/per-program'

// count and idle share main and mix; the workload ran count only.
const programs = [
  { displayPath: 'count', functions: new Set(['main', 'mix', 'count_odd']) },
  { displayPath: 'idle', functions: new Set(['main', 'mix', 'idle_report', 'idle_checksum']) }
]
const profile: ProfileNames = {
  all: new Set(['main', 'mix', 'count_odd']),
  ran: new Map([
    ['main', 1],
    ['mix', 900],
    ['count_odd', 99]
  ]),
  totalCount: 1000
}
const names = { missing: new Set(['idle_report', 'idle_checksum']), mismatched: new Set(['main']) }

describe('the fit per program', () => {
  test('a program ran when a function only it defines ran; one whose own functions have no data did not', () => {
    expect(fitPerProgram(programs, profile, names)).toEqual([
      { displayPath: 'count', training: 'ran', functions: { withData: 2, missing: 0, mismatched: 1 } },
      { displayPath: 'idle', training: 'not run', functions: { withData: 1, missing: 2, mismatched: 1 } }
    ])
  })

  test('zero counts are not a run: a function linked into a trained program but never called', () => {
    const zero = { ...profile, all: new Set([...profile.all, 'idle_report']) }
    expect(fitPerProgram(programs, zero, names)[1].training).toBe('not run')
  })

  test('without symbols, or with only shared functions, the symbols cannot tell', () => {
    const fits = fitPerProgram(
      [
        { displayPath: 'stripped' },
        { displayPath: 'shared', functions: new Set(['main']) },
        { displayPath: 'other', functions: new Set(['main']) }
      ],
      profile,
      names
    )
    expect(fits.map(fit => fit.training)).toEqual(['unknown', 'unknown', 'unknown'])
  })
})

describe('what the staleness rule counts', () => {
  const fits = fitPerProgram(programs, profile, names)

  test('functions only untrained programs define are left out; a shared name still counts', () => {
    expect(judgeFit(programs, fits, profile, names)).toEqual({
      missing: 0,
      mismatched: 1,
      changedShare: 0.001,
      untrained: 2,
      inBaseline: undefined
    })
  })

  test('with a baseline, only what is new since it counts', () => {
    const baseline = { profileSha256: 'a'.repeat(64), missing: new Set<string>(), mismatched: new Set(['main']) }
    expect(judgeFit(programs, fits, profile, names, baseline)).toEqual({
      missing: 0,
      mismatched: 0,
      changedShare: 0,
      untrained: 2,
      inBaseline: 1
    })
  })

  test('a changed hot function carries its share of the counts', () => {
    const changed = { missing: names.missing, mismatched: new Set(['main', 'mix']) }
    expect(judgeFit(programs, fitPerProgram(programs, profile, changed), profile, changed).changedShare).toBeCloseTo(0.901)
  })

  test('when no program ran, the profile fits none of them, and everything counts', () => {
    const foreign: ProfileNames = { all: new Set(), ran: new Map(), totalCount: 0 }
    const none = fitPerProgram(programs, foreign, names)
    expect(judgeFit(programs, none, foreign, names)).toMatchObject({ missing: 2, mismatched: 1, untrained: 0 })
  })

  test('a stripped program may define any name, so nothing is left out as untrained', () => {
    const withStripped = [...programs, { displayPath: 'stripped' }]
    expect(judgeFit(withStripped, fitPerProgram(withStripped, profile, names), profile, names).untrained).toBe(0)
  })
})

describe('the baseline beside a profile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-baseline-'))
  const profileFile = path.join(dir, 'merged.profdata')
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  test('reads back as written, for the same profile only', () => {
    writeBaseline(profileFile, { profileSha256: 'a'.repeat(64), ...names })
    expect(readBaseline(profileFile, 'a'.repeat(64))).toEqual({ baseline: { profileSha256: 'a'.repeat(64), ...names } })
    expect(readBaseline(profileFile, 'b'.repeat(64))).toEqual({
      problem: expect.stringContaining(`is the baseline of the profile ${'a'.repeat(64)}, not of this one`)
    })
  })

  test('a missing file is no problem; one that does not read as a baseline is', () => {
    expect(readBaseline(path.join(dir, 'other.profdata'), 'a'.repeat(64))).toEqual({ absent: true })
    fs.writeFileSync(baselinePath(profileFile), '{"format":"something else"}')
    expect(readBaseline(profileFile, 'a'.repeat(64))).toEqual({
      problem: expect.stringContaining('is not a fit baseline this version of the action reads')
    })
  })
})
