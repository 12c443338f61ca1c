import { describeStaleness, judgeStaleness } from '../../../src/report/staleness'

describe('staleness of a reused profile', () => {
  test('stale when more than a tenth of the profiled functions did not match', () => {
    expect(judgeStaleness({ missing: 3, mismatched: 2 }, 40)).toEqual({ stale: true, unmatched: 5, profiled: 40 })
    expect(judgeStaleness({ missing: 2, mismatched: 2 }, 40).stale).toBe(false)
    expect(judgeStaleness({ missing: 0, mismatched: 0 }, 0).stale).toBe(false)
    expect(judgeStaleness({ missing: 1, mismatched: 0 }, 0).stale).toBe(true)
  })
})

test("the counts in words: the unmatched functions are the build's, not a part of what the profile covers", () => {
  expect(describeStaleness({ unmatched: 7, profiled: 1 })).toBe(
    '7 functions of the optimized build had no matching profile data, more than 10% of the 1 function the profile covers'
  )
})

test('a change to functions holding more than a tenth of the counts is stale, however few they are', () => {
  expect(judgeStaleness({ missing: 0, mismatched: 1, changedShare: 0.9 }, 400)).toEqual({
    stale: true,
    unmatched: 1,
    profiled: 400,
    changedShare: 0.9
  })
  expect(judgeStaleness({ missing: 0, mismatched: 1, changedShare: 0.05 }, 400).stale).toBe(false)
  expect(describeStaleness({ unmatched: 1, profiled: 400, changedShare: 0.9 })).toBe(
    "the functions changed since profiling held 90.0% of the profile's counts, more than 10%: the hot path lost its data"
  )
})
