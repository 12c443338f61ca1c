import { likelyCauses } from '../../../src/report/unstable-causes'

const hot = (name: string) => ({ name, maxCount: 100, share: 0.01 })

test('randomly seeded hashing among the hottest functions is named, with what to do', () => {
  const causes = likelyCauses(
    { hottest: [hot('minivm::vm::Machine::run'), hot('<core::hash::sip::Hasher<S> as core::hash::Hasher>::write')] },
    5
  )
  expect(causes).toEqual([
    expect.stringMatching(
      /^randomly seeded hashing is among the hottest functions \(<core::hash::sip::Hasher<S> .*a fixed hasher or a BTreeMap makes them repeat$/
    )
  ])
})

test('a sampled workload too short for its counts to settle is named; instrumented counts are exact however short', () => {
  expect(likelyCauses({ kind: 'samples', hottest: [hot('main')] }, 0.31)).toEqual([
    'the workloads ran for 0.31 s, too few CPU samples for the counts to settle: give them more work'
  ])
  expect(likelyCauses({ kind: 'samples', hottest: [hot('main')] }, 3)).toEqual([])
  expect(likelyCauses({ kind: 'counts', hottest: [hot('main')] }, 0.31)).toEqual([])
})
