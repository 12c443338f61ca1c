// The LLVM project's official release archives that hold llvm-profdata, as
// data: which versions have an archive for which OS and architecture, and
// what the archive is called. Names changed over the years (clang+llvm-<v>-
// <triple> with per-release Linux distribution suffixes up to 18.x, LLVM-<v>-
// <OS>-<arch> from 19 on, Windows archives only from 18.1 on) and not every
// release has every platform, so each entry lists the exact versions the
// project published. The list is kept by hand from the release pages; a
// version missing here is refused with a message rather than guessed at.

export type ReleasePlatform = 'Linux-X64' | 'Linux-ARM64' | 'macOS-X64' | 'macOS-ARM64' | 'Windows-X64' | 'Windows-ARM64'

/**
 * [versions, archive name]. Versions are `major.minor.patch` words, where
 * the patch may be a range (`17.0.4-6`); `{v}` in the name is the version.
 */
type Series = readonly [versions: string, asset: string]

const CLANG_LLVM = 'clang+llvm-{v}'

export const RELEASE_ASSETS: Record<ReleasePlatform, readonly Series[]> = {
  'Linux-X64': [
    ['14.0.0', `${CLANG_LLVM}-x86_64-linux-gnu-ubuntu-18.04.tar.xz`],
    ['14.0.6 15.0.0 15.0.4', `${CLANG_LLVM}-x86_64-linux-gnu-rhel-8.4.tar.xz`],
    ['15.0.5-6 16.0.0', `${CLANG_LLVM}-x86_64-linux-gnu-ubuntu-18.04.tar.xz`],
    ['16.0.2-4 17.0.2 17.0.4-6', `${CLANG_LLVM}-x86_64-linux-gnu-ubuntu-22.04.tar.xz`],
    ['18.1.4 18.1.7-8', `${CLANG_LLVM}-x86_64-linux-gnu-ubuntu-18.04.tar.xz`],
    ['19.1.0-7 20.1.0-8 21.1.0-8 22.1.0-8', 'LLVM-{v}-Linux-X64.tar.xz']
  ],
  'Linux-ARM64': [
    ['14.0.0-6 15.0.0-3 15.0.6 16.0.0-6 17.0.1-6 18.1.0-8 19.1.0-7', `${CLANG_LLVM}-aarch64-linux-gnu.tar.xz`],
    ['20.1.0-8 21.1.0-8 22.1.0-8', 'LLVM-{v}-Linux-ARM64.tar.xz']
  ],
  'macOS-X64': [
    ['14.0.0-6 15.0.0-4', `${CLANG_LLVM}-x86_64-apple-darwin.tar.xz`],
    ['15.0.7', `${CLANG_LLVM}-x86_64-apple-darwin21.0.tar.xz`],
    ['19.1.0 19.1.3-7 20.1.3 20.1.7', 'LLVM-{v}-macOS-X64.tar.xz']
  ],
  'macOS-ARM64': [
    ['14.0.6', `${CLANG_LLVM}-arm64-apple-darwin22.3.0.tar.xz`],
    ['15.0.0-6', `${CLANG_LLVM}-arm64-apple-darwin21.0.tar.xz`],
    ['15.0.7 16.0.0-5 17.0.1-6', `${CLANG_LLVM}-arm64-apple-darwin22.0.tar.xz`],
    ['18.1.8', `${CLANG_LLVM}-arm64-apple-macos11.tar.xz`],
    ['19.1.0-4 19.1.6-7 20.1.0-4 20.1.7-8 21.1.6 21.1.8 22.1.0-8', 'LLVM-{v}-macOS-ARM64.tar.xz']
  ],
  'Windows-X64': [['18.1.0-2 18.1.4-8 19.1.0-7 20.1.0-8 21.1.0-8 22.1.0-8', `${CLANG_LLVM}-x86_64-pc-windows-msvc.tar.xz`]],
  'Windows-ARM64': [['20.1.0-8 21.1.0-8 22.1.0-8', `${CLANG_LLVM}-aarch64-pc-windows-msvc.tar.xz`]]
}

/** The release platform of an OS and architecture as Node names them, if the LLVM project publishes for it. */
export function releasePlatform(platform: string, arch: string): ReleasePlatform | undefined {
  const os = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' }[platform]
  const cpu = { x64: 'X64', arm64: 'ARM64' }[arch]
  return os && cpu ? (`${os}-${cpu}` as ReleasePlatform) : undefined
}

/** Every version with an archive for `platform`, each with its archive's name, oldest first. */
export function releasesFor(platform: ReleasePlatform): Map<string, string> {
  const releases = new Map<string, string>()
  for (const [versions, asset] of RELEASE_ASSETS[platform]) {
    for (const version of expandVersions(versions)) releases.set(version, asset.replace('{v}', version))
  }
  return new Map([...releases].sort(([a], [b]) => compareVersions(a, b)))
}

export function expandVersions(words: string): string[] {
  return words.split(/\s+/).flatMap(word => {
    const match = /^(\d+\.\d+)\.(\d+)(?:-(\d+))?$/.exec(word)
    if (!match) throw new Error(`malformed version word in the release table: ${word}`)
    const [, prefix, first, last = first] = match
    const patches: string[] = []
    for (let patch = Number(first); patch <= Number(last); patch++) patches.push(`${prefix}.${patch}`)
    return patches
  })
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map(version => version.split('.').map(Number))
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const difference = (x[i] ?? 0) - (y[i] ?? 0)
    if (difference !== 0) return difference
  }
  return 0
}

export interface ReleaseRequest {
  major: number
  /** A full version the user asked for (llvm-version: 22.1.8): used as is or refused. */
  exact?: string
  /** The compiler's own LLVM version, preferred when the project published it. */
  compilerVersion?: string
}

export type ReleaseChoice = { version: string; asset: string; why: string } | { missing: string }

/**
 * Which release to download for `request` on `platform`: the exact version
 * asked for; else the compiler's own LLVM version when it was released for
 * this platform (rustc's LLVM fork carries the number of the upstream branch
 * it follows, which can be a patch release that was never published, such
 * as 17.0.0 or the next patch of a branch); else the newest release of the
 * major. Any release of a major reads and writes that major's profile formats.
 */
export function chooseRelease(request: ReleaseRequest, platform: ReleasePlatform): ReleaseChoice {
  const releases = releasesFor(platform)
  const { major, exact, compilerVersion } = request
  if (exact) {
    const asset = releases.get(exact)
    if (asset) return { version: exact, asset, why: 'the version llvm-version names' }
    return {
      missing: `LLVM ${exact} has no official release archive for ${platform} that this action knows of${newestNote(releases, major)}`
    }
  }
  const ofMajor = [...releases].filter(([version]) => Number(version.split('.')[0]) === major)
  if (ofMajor.length === 0) {
    return {
      missing: `the LLVM project published no release archive of LLVM ${major} for ${platform}${otherPlatformsNote(major, platform)}`
    }
  }
  if (compilerVersion && releases.has(compilerVersion) && Number(compilerVersion.split('.')[0]) === major) {
    return { version: compilerVersion, asset: releases.get(compilerVersion) as string, why: "the compiler's own LLVM version" }
  }
  const [version, asset] = ofMajor[ofMajor.length - 1]
  const why = compilerVersion
    ? `the newest LLVM ${major} release for ${platform}; the compiler's LLVM ${compilerVersion} has no release archive for it`
    : `the newest LLVM ${major} release for ${platform}`
  return { version, asset, why }
}

function newestNote(releases: Map<string, string>, major: number): string {
  const newest = [...releases.keys()].filter(version => Number(version.split('.')[0]) === major).pop()
  return newest ? ` (the newest LLVM ${major} it knows is ${newest}; set llvm-version to ${major} to take it)` : ''
}

function otherPlatformsNote(major: number, platform: ReleasePlatform): string {
  const others = (Object.keys(RELEASE_ASSETS) as ReleasePlatform[]).filter(
    other => other !== platform && [...releasesFor(other).keys()].some(version => Number(version.split('.')[0]) === major)
  )
  return others.length ? ` (it did for ${others.join(', ')})` : ''
}
