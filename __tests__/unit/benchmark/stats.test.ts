import {
  chooseMetric,
  comparePairs,
  describeResult,
  describeSpeedup,
  judge,
  median,
  medianInterval,
  parseChildTimes,
  relativeHalfWidth,
  type Pair
} from '../../../src/benchmark/stats'
import { barChart } from '../../../src/report/bar-chart'
import { formatTime } from '../../../src/system/units'

const pair = (plain: number, optimized: number, share = 1): Pair => ({
  plain: { wall: plain / share, cpu: plain },
  optimized: { wall: optimized / share, cpu: optimized }
})

test('medians of odd and even counts', () => {
  expect(median([3, 1, 2])).toBe(2)
  expect(median([4, 1, 3, 2])).toBe(2.5)
  expect(() => median([])).toThrow()
})

describe('the 95% interval of a median, from order statistics', () => {
  test('none below six values: even all six on one side of the median happen more often than 5% of the time with five', () => {
    expect(medianInterval([1, 2, 3, 4, 5])).toBeUndefined()
    expect(medianInterval([6, 1, 5, 2, 4, 3])).toEqual({ low: 1, high: 6 })
  })

  test('the k-th smallest and largest, for the binomial k', () => {
    const values = Array.from({ length: 10 }, (_, i) => i + 1)
    // P(Binomial(10, ½) ≤ 1) = 1.1%, P(≤ 2) = 5.5%: k = 2.
    expect(medianInterval(values)).toEqual({ low: 2, high: 9 })
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1)
    // The textbook interval for n = 100 runs from the 40th to the 61st value.
    expect(medianInterval(hundred)).toEqual({ low: 40, high: 61 })
  })

  test('it covers the true median at least 95% of the time, whatever the noise', () => {
    let seed = 7
    const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32
    let covered = 0
    const trials = 2000
    for (let t = 0; t < trials; t++) {
      // Skewed noise with outliers: mostly near 1, now and then far off.
      const values = Array.from({ length: 15 }, () => (random() < 0.2 ? 1 + (random() - 0.5) : 1 + (random() - 0.5) * 0.02))
      const interval = medianInterval(values)!
      if (interval.low <= 1 && 1 <= interval.high) covered++
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.95)
  })
})

describe('the verdict', () => {
  test('a difference is called only when the whole interval is more than 0.5% from 1', () => {
    expect(judge({ low: 1.006, high: 1.2 })).toBe('faster')
    expect(judge({ low: 1.004, high: 1.2 })).toBe('no significant difference')
    expect(judge({ low: 0.9, high: 1.01 })).toBe('no significant difference')
    expect(judge({ low: 0.9, high: 0.994 })).toBe('slower')
    expect(judge(undefined)).toBe('no significant difference')
  })

  test('the half-width is relative to the speedup', () => {
    expect(relativeHalfWidth({ low: 1.089, high: 1.111 }, 1.1)).toBeCloseTo(0.01, 10)
    expect(relativeHalfWidth(undefined, 1.1)).toBe(Infinity)
  })
})

describe('CPU time or wall time', () => {
  test('CPU time for a benchmark that keeps a CPU busy in its least disturbed runs, even when others waited for a CPU', () => {
    const pairs = [pair(1, 1, 0.98), pair(1, 1, 0.5), pair(1, 1, 0.97), pair(1, 1, 0.6), pair(1, 1, 0.99)]
    expect(chooseMetric(pairs, true).metric).toBe('cpu')
  })

  test('wall time for one that waits on I/O or sleeps, and where CPU time is not known', () => {
    const waiting = [pair(1, 1, 0.3), pair(1, 1, 0.4), pair(1, 1, 0.35)]
    expect(chooseMetric(waiting, true)).toMatchObject({ metric: 'wall' })
    expect(chooseMetric(waiting, true).reason).toContain('40%')
    expect(chooseMetric([pair(1, 1)], false).metric).toBe('wall')
  })
})

test('pairs are compared ratio by ratio: the speedup is the median ratio, with its interval and verdict', () => {
  const pairs = [1.1, 1.12, 1.08, 1.11, 1.09, 1.1, 1.13, 1.07, 1.1, 1.1].map(ratio => pair(ratio, 1))
  const comparison = comparePairs(pairs)
  expect(comparison.metric).toBe('cpu')
  expect(comparison.speedup).toBeCloseTo(1.1, 10)
  expect(comparison.interval).toEqual({ low: 1.08, high: 1.12 })
  expect(comparison.verdict).toBe('faster')
  expect(comparison.baseline.median).toBeCloseTo(1.1, 10)
  expect(describeResult(comparison)).toBe('1.100× (95% CI 1.080–1.120)')
})

test("a run's CPU time is what `times` says its children used, user and system", () => {
  expect(parseChildTimes('0m0.001s 0m0.002s\n0m1.250s 0m0.050s\n')).toBeCloseTo(1.3, 10)
  expect(parseChildTimes('0m0.001s 0m0.002s\n2m1.500s 0m0.000s')).toBeCloseTo(121.5, 10)
  expect(parseChildTimes('garbage')).toBeUndefined()
})

test('the change in words, either way', () => {
  expect(describeSpeedup(1.25)).toBe('20.0% less time')
  expect(describeSpeedup(0.8)).toBe('25.0% more time')
  expect(describeSpeedup(1.0001)).toBe('no change')
})

test('bars scale to the slower side, in eighths of a block', () => {
  const sides = (plain: number, optimized: number) => comparePairs(Array.from({ length: 6 }, () => pair(plain, optimized)))
  const [plain, optimized] = barChart(sides(2, 1), undefined, 8)
  expect(plain).toBe('plain      ████████  2.000 s')
  expect(optimized).toBe('optimized  ████      1.000 s')
  expect(barChart(sides(1, 1.0625), undefined, 8)[0]).toBe('plain      ███████▌  1.000 s')
})

test('times read in ms below a second', () => {
  expect(formatTime(0.01234)).toBe('12.3 ms')
  expect(formatTime(1.5)).toBe('1.500 s')
})
