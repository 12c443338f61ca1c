import { describeStaleness, judgeStaleness } from '../../../src/report/staleness'

describe('staleness of a reused profile', () => {
  test('stale when more than a tenth of the profiled functions did not match', () => {
    expect(judgeStaleness({ missing: 3, mismatched: 2, examples: [] }, 40)).toEqual({ stale: true, unmatched: 5, profiled: 40 })
    expect(judgeStaleness({ missing: 2, mismatched: 2, examples: [] }, 40).stale).toBe(false)
    expect(judgeStaleness({ missing: 0, mismatched: 0, examples: [] }, 0).stale).toBe(false)
    expect(judgeStaleness({ missing: 1, mismatched: 0, examples: [] }, 0).stale).toBe(true)
  })
})

test('the counts in words: the unmatched functions are the build\'s, not a part of what the profile covers', () => {
  expect(describeStaleness({ unmatched: 7, profiled: 1 })).toBe('7 functions of the optimized build had no matching profile data, more than 10% of the 1 function the profile covers')
})
