import {
  checkKnownPlatforms,
  parsePlatformList,
  planPlatforms,
  platformOrder,
  settingsInBuild,
  type PlatformRequest
} from '../../../src/targets/go-platforms'

const HOST = { os: 'linux', arch: 'amd64' }

function request(overrides: Partial<PlatformRequest>): PlatformRequest {
  return { listed: [], host: HOST, configured: HOST, build: 'go build -o bin/ ./...', env: {}, ...overrides }
}

describe('go-platforms, as written', () => {
  test('spaces, commas and lines between pairs; each pair once', () => {
    const problems: string[] = []
    expect(parsePlatformList('linux/amd64, linux/arm64\nwindows/amd64  darwin/arm64', problems)).toEqual([
      'linux/amd64',
      'linux/arm64',
      'windows/amd64',
      'darwin/arm64'
    ])
    expect(problems).toEqual([])
  })

  test('a word that is not os/arch, and a pair given twice, are named', () => {
    const problems: string[] = []
    expect(parsePlatformList('linux-arm64 linux/arm64 linux/arm64 Windows/AMD64', problems)).toEqual(['linux/arm64'])
    expect(problems).toEqual([
      "go-platforms 'linux-arm64' is not a GOOS/GOARCH pair: write each as os/arch, such as linux/arm64 or windows/amd64 (go tool dist list prints them all).",
      'go-platforms names linux/arm64 twice: list each platform once.',
      "go-platforms 'Windows/AMD64' is not a GOOS/GOARCH pair: write each as os/arch, such as linux/arm64 or windows/amd64 (go tool dist list prints them all)."
    ])
  })
})

describe('which platforms a Go run builds', () => {
  test("nothing changes for the runner's own platform alone, however it is named", () => {
    expect(planPlatforms(request({}))).toBeUndefined()
    expect(planPlatforms(request({ build: 'CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o bin/ ./...' }))).toBeUndefined()
  })

  test('go-platforms first, then go env GOOS/GOARCH, then the build command', () => {
    expect(planPlatforms(request({ listed: ['linux/arm64', 'windows/amd64'], configured: { os: 'darwin', arch: 'arm64' } }))).toEqual({
      runner: 'linux/amd64',
      release: ['linux/arm64', 'windows/amd64'],
      source: 'go-platforms'
    })
    expect(planPlatforms(request({ configured: { os: 'windows', arch: 'amd64' } }))).toEqual({
      runner: 'linux/amd64',
      release: ['windows/amd64'],
      source: 'environment'
    })
    expect(planPlatforms(request({ build: 'GOOS=windows go build -o bin/ ./...' }))).toEqual({ runner: 'linux/amd64', source: 'build' })
    expect(planPlatforms(request({ build: 'env GOARCH=$ARCH go build ./...', env: { ARCH: 'arm64' } }))).toEqual({
      runner: 'linux/amd64',
      source: 'build'
    })
  })

  test('a build that sets GOOS itself cannot take go-platforms', () => {
    expect(() => planPlatforms(request({ listed: ['linux/arm64'], build: 'export GOOS=windows; go build ./...' }))).toThrow(
      'build sets GOOS=windows itself, which would override the GOOS and GOARCH the action gives each of go-platforms'
    )
  })

  test("the build's settings, each once, with $NAME from the environment", () => {
    expect(
      settingsInBuild('GOOS=linux GOARCH=arm64 go build -o a . && GOOS=linux GOARCH=${ARCH} go build -o b .', { ARCH: 'riscv64' })
    ).toEqual(['GOOS=linux', 'GOARCH=arm64', 'GOARCH=riscv64'])
    expect(settingsInBuild('go build -ldflags "-X main.GOOS=x" ./...', {})).toEqual([])
  })

  test('an unknown pair is named, with what its OS has', () => {
    const known = ['linux/amd64', 'linux/arm64', 'windows/amd64']
    expect(() => checkKnownPlatforms(['linux/arm65', 'plan10/amd64'], known, 'go1.26.8')).toThrow(
      "linux/arm65 is not one of go1.26.8's platforms; for linux it has linux/amd64, linux/arm64. plan10/amd64 is not one of go1.26.8's platforms, and it knows no GOOS plan10. go tool dist list prints every platform this Go builds."
    )
    expect(() => checkKnownPlatforms(['windows/amd64'], known, 'go1.26.8')).not.toThrow()
  })
})

describe('the order of the optimized builds', () => {
  const plan = { runner: 'linux/amd64', release: ['linux/arm64', 'linux/amd64', 'darwin/arm64'], source: 'go-platforms' as const }

  test("the runner's own first, where it is listed", () => {
    expect(platformOrder(plan, false)).toEqual([
      { platform: 'linux/amd64', released: true },
      { platform: 'linux/arm64', released: true },
      { platform: 'darwin/arm64', released: true }
    ])
  })

  test("the runner's own for the benchmark alone, where it is not listed", () => {
    const foreignOnly = { ...plan, release: ['windows/amd64'] }
    expect(platformOrder(foreignOnly, true)).toEqual([
      { platform: 'linux/amd64', released: false },
      { platform: 'windows/amd64', released: true }
    ])
    expect(platformOrder(foreignOnly, false)).toEqual([{ platform: 'windows/amd64', released: true }])
  })

  test('an ARM64 runner builds its own first too', () => {
    expect(
      platformOrder({ runner: 'linux/arm64', release: ['linux/amd64', 'linux/arm64'], source: 'go-platforms' }, false).map(
        entry => entry.platform
      )
    ).toEqual(['linux/arm64', 'linux/amd64'])
  })
})
