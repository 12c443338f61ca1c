import { packageOf, programFunctions, programSymbols, sampleFit } from '../../../../src/toolchains/go/go-fit'

const NM = [
  '  4ce060 T example.com/shapes/geometry.(*Circle).Area',
  '  4ce020 T example.com/shapes/geometry.Circle.Area',
  '  4ce100 T main.main',
  '  4ce200 t runtime.mallocgc',
  '  509bc8 R go:itab.example.com/shapes/geometry.Circle,example.com/shapes/geometry.Shape',
  '  4cf000 T slices.Sort[go.shape.[]example.com/other/pkg.T]'
].join('\n')

const fn = (name: string, samples: number) => ({ name, maxCount: samples, totalCount: samples })

describe('packageOf', () => {
  test.each([
    ['example.com/shapes/geometry.(*Circle).Area', 'example.com/shapes/geometry'],
    ['main.main', 'main'],
    ['runtime.mallocgc', 'runtime'],
    ['slices.Sort[go.shape.[]example.com/other/pkg.T]', 'slices'],
    ['example.com/shapes.hot.func1', 'example.com/shapes']
  ])('%s is in %s', (name, pkg) => expect(packageOf(name)).toBe(pkg))
})

describe('sampleFit', () => {
  const symbols = programSymbols(NM)

  test('text symbols only, and their packages', () => {
    expect(symbols.functions.has('runtime.mallocgc')).toBe(true)
    expect([...symbols.functions].some(name => name.startsWith('go:itab'))).toBe(false)
    expect([...symbols.packages].sort()).toEqual(['example.com/shapes/geometry', 'main', 'runtime', 'slices'])
  })

  test('from the pclntab, which has inlined functions, a name must match exactly', () => {
    const complete = programFunctions(['main.main', 'example.com/shapes/geometry.TotalArea', 'runtime.mallocgc'])
    const fit = sampleFit(
      [fn('example.com/shapes/geometry.TotalArea (inline)', 60), fn('example.com/shapes/geometry.BenchmarkTotal', 40)],
      complete
    )
    expect(fit.share).toBeCloseTo(0.6)
    expect(fit.unmatched).toEqual(['example.com/shapes/geometry.BenchmarkTotal'])
  })

  test("a program's own profile fits whole; a function inlined everywhere counts by its package", () => {
    const fit = sampleFit(
      [fn('example.com/shapes/geometry.Circle.Area', 60), fn('runtime.memmove (inline)', 30), fn('main.main', 10)],
      symbols
    )
    expect(fit).toEqual({ samples: 100, share: 1, mainPackageShare: 0, unmatched: [] })
  })

  test("a go test profile of package main: its functions carry the import path, which the program's do not", () => {
    const fit = sampleFit(
      [fn('example.com/shapes.hot', 70), fn('testing.(*B).run1', 10), fn('runtime.mallocgc', 20)],
      symbols,
      'example.com/shapes'
    )
    expect(fit.share).toBeCloseTo(0.2)
    expect(fit.mainPackageShare).toBeCloseTo(0.7)
    expect(fit.unmatched).toEqual(['example.com/shapes.hot', 'testing.(*B).run1'])
  })

  test('an empty profile fits nothing, without dividing by zero', () => {
    expect(sampleFit([], symbols)).toEqual({ samples: 0, share: 0, mainPackageShare: 0, unmatched: [] })
  })
})
