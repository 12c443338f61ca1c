import { barChart, compareSides, describeSpeedup, formatTime, median } from '../../../src/benchmark/stats'

test('medians of odd and even counts', () => {
  expect(median([3, 1, 2])).toBe(2)
  expect(median([4, 1, 3, 2])).toBe(2.5)
  expect(() => median([])).toThrow()
})

test('the speedup is the plain median over the optimized median', () => {
  const result = compareSides([1.0, 1.2, 1.1], [0.9, 1.0, 0.95])
  expect(result.baseline).toEqual({ runs: [1.0, 1.2, 1.1], median: 1.1, min: 1.0, max: 1.2 })
  expect(result.speedup).toBeCloseTo(1.1 / 0.95, 10)
})

test('the change in words, either way', () => {
  expect(describeSpeedup(1.25)).toBe('20.0% less time')
  expect(describeSpeedup(0.8)).toBe('25.0% more time')
  expect(describeSpeedup(1.0001)).toBe('no change')
})

test('bars scale to the slower side, in eighths of a block', () => {
  const [plain, optimized] = barChart(compareSides([2], [1]), 8)
  expect(plain).toBe('plain      ████████  2.000 s')
  expect(optimized).toBe('optimized  ████      1.000 s')
  expect(barChart(compareSides([1], [1.0625]), 8)[0]).toBe('plain      ███████▌  1.000 s')
})

test('times read in ms below a second', () => {
  expect(formatTime(0.01234)).toBe('12.3 ms')
  expect(formatTime(1.5)).toBe('1.500 s')
})
