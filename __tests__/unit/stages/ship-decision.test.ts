import { shipDecision } from '../../../src/stages/ship-decision'

describe('advice: ship-if-faster ships the variant', () => {
  test('only when significantly faster and no less profiled than the release', () => {
    expect(shipDecision('faster', 0, 0)).toEqual({ ship: true })
    expect(shipDecision('faster', 2, 3)).toEqual({ ship: true })
    expect(shipDecision('no significant difference', 0, 0)).toEqual({
      ship: false,
      why: 'the variant is not significantly faster (no significant difference)',
      unfair: false
    })
    expect(shipDecision('faster', 10, 0)).toEqual({
      ship: false,
      why: "the variant had 10 functions without profile data against the release's 0, so the comparison is not fair",
      unfair: true
    })
    expect(shipDecision('faster', 0, undefined)).toMatchObject({ ship: false, unfair: true })
  })
})
