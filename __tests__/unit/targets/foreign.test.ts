import { foreignTarget, hasForeignTarget, type ForeignTargetRequest } from '../../../src/targets/foreign'

const request = (changes: Partial<ForeignTargetRequest> = {}): ForeignTargetRequest => ({
  emulator: 'auto',
  boltMustRun: false,
  workloadsRun: true,
  ...changes
})

describe('the choices on an ARM64 runner (ubuntu-24.04-arm)', () => {
  test('aarch64 programs run natively; x86-64 ones are foreign', () => {
    expect(hasForeignTarget(['aarch64-unknown-linux-gnu'], 'arm64')).toBe(false)
    expect(hasForeignTarget(['aarch64-unknown-linux-musl'], 'arm64')).toBe(false)
    expect(hasForeignTarget(['x86_64-unknown-linux-gnu'], 'arm64')).toBe(true)
    expect(hasForeignTarget(['aarch64-unknown-linux-gnu'], 'x64')).toBe(true)
    expect(hasForeignTarget([], 'arm64')).toBe(false)
  })

  test('a given profile needs no emulator; the benchmark is still refused, saying where it is measured', () => {
    const foreign = foreignTarget(['x86_64-unknown-linux-gnu'], 'arm64', request({ workloadsRun: false }))
    expect(foreign?.emulation).toBeUndefined()
    expect(foreign?.measuredElsewhere).toBe(
      'x86_64-unknown-linux-gnu programs run here only under an emulator, so a benchmark would time the emulator rather than x86_64 hardware: the speedup is measured on a runner of that architecture (this one is ARM64)'
    )
  })
})

test('one emulated target per step', () => {
  expect(() => foreignTarget(['x86_64-unknown-linux-gnu', 'aarch64-unknown-linux-gnu'], 'x64', request())).toThrow(
    'The build targets x86_64-unknown-linux-gnu, aarch64-unknown-linux-gnu, and aarch64-unknown-linux-gnu runs only emulated here: train one target per step'
  )
})

test('an x86-64 program on an ARM64 runner needs the x86-64 libraries, named by package', () => {
  expect(() => foreignTarget(['x86_64-unknown-linux-gnu'], 'arm64', request())).toThrow(
    /install gcc-x86-64-linux-gnu \(it brings the libraries\), or give emulator-sysroot/
  )
})

test('bolt true cannot be met for an emulated target, before any work', () => {
  expect(() => foreignTarget(['aarch64-unknown-linux-gnu'], 'x64', request({ boltMustRun: true }))).toThrow(
    /^bolt true cannot be met: aarch64-unknown-linux-gnu programs run here only under an emulator/
  )
})
