// GCC's version, and the version stamp it writes into every profile file.
// A GCC reads only counts files whose stamp is its own: from another
// version it warns once and builds without the profile, so the stamp is
// checked before any build, and it keys the cache.

export interface GccVersion {
  /** As gcc -dumpfullversion says it: "12.2.0". */
  full: string
  major: number
  minor: number
}

export function parseGccVersion(text: string): GccVersion | undefined {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim())
  if (!match) return undefined
  return { full: text.trim(), major: Number(match[1]), minor: Number(match[2]) }
}

/** The four characters GCC writes as its version in a counts file ("B22*" for 12.2): the major in two, the minor, and '*' for a release. */
export function profileStamp(version: GccVersion): string {
  const tens = String.fromCharCode('A'.charCodeAt(0) + Math.floor(version.major / 10))
  return `${tens}${version.major % 10}${version.minor % 10}*`
}

/** The stamp of a counts file, from its first eight bytes, in either byte order; undefined when they are not a counts file's. */
export function readProfileStamp(head: Buffer): string | undefined {
  if (head.length < 8) return undefined
  const magic = head.subarray(0, 4).toString('latin1')
  const version = head.subarray(4, 8).toString('latin1')
  if (magic === 'gcda') return version
  if (magic === 'adcg') return [...version].reverse().join('')
  return undefined
}

/** The GCC release a stamp names, for messages: "GCC 12.2". */
export function describeStamp(stamp: string): string {
  const tens = stamp.charCodeAt(0) - 'A'.charCodeAt(0)
  const units = stamp.charCodeAt(1) - '0'.charCodeAt(0)
  const minor = stamp.charCodeAt(2) - '0'.charCodeAt(0)
  if (tens < 0 || tens > 9 || units < 0 || units > 9 || minor < 0 || minor > 9) return `a GCC of version stamp '${stamp}'`
  return `GCC ${tens * 10 + units}.${minor}${stamp[3] === '*' ? '' : ' (a prerelease)'}`
}
