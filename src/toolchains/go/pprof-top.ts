import type { FunctionCounts, ProfileContents } from '../../llvm/profile-tool'

// One line of `go tool pprof -top`: flat flat% sum% cum cum% name
const TOP_LINE = /^\s*(\d+)\s+[\d.]+%\s+[\d.]+%\s+(\d+)\s+[\d.]+%\s+(.+?)\s*$/

/** Functions from `go tool pprof -top`, hottest first by their own samples. */
export function parseTop(output: string, hottest: number): ProfileContents {
  const functions: FunctionCounts[] = []
  for (const line of output.split('\n')) {
    const match = TOP_LINE.exec(line)
    if (match) functions.push({ name: match[3], maxCount: Number(match[1]), totalCount: Number(match[1]) })
  }
  const sampled = functions.filter(fn => fn.maxCount > 0).sort((a, b) => b.maxCount - a.maxCount)
  return {
    kind: 'samples',
    totalFunctions: functions.length,
    functionsWithCounts: sampled.length,
    totalCount: sampled.reduce((sum, fn) => sum + fn.totalCount, 0),
    hottest: sampled.slice(0, hottest)
  }
}
