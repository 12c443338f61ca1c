// Reads `llvm-profdata show --all-functions --counts` line by line: the output
// of a large program runs to megabytes, so it is never held whole.
import type { FunctionCounts, ProfileContents } from './profile-tool'

const FUNCTION_HEADER = /^ {2}(\S.*):$/
const COUNT_LINE = /^ {4}(?:Function count|Block counts): (.*)$/

export class ShowParser {
  private current: FunctionCounts | undefined
  private totalFunctions = 0
  private functionsWithCounts = 0
  private totalCount = 0
  private hottest: FunctionCounts[] = []
  private readonly names = new Set<string>()
  private readonly ranCounts = new Map<string, number>()

  constructor(private readonly keep: number) {}

  line(text: string): void {
    const header = FUNCTION_HEADER.exec(text)
    if (header) {
      this.finishFunction()
      this.current = { name: header[1], maxCount: 0, totalCount: 0 }
      this.names.add(stripFilePrefix(header[1]))
      return
    }
    const counts = COUNT_LINE.exec(text)
    if (counts && this.current) {
      for (const number of counts[1].match(/\d+/g) ?? []) {
        const value = Number(number)
        this.current.totalCount += value
        if (value > this.current.maxCount) this.current.maxCount = value
      }
      return
    }
    if (!text.startsWith('    ')) this.finishFunction()
  }

  result(): ProfileContents {
    this.finishFunction()
    return {
      kind: 'counts',
      totalFunctions: this.totalFunctions,
      functionsWithCounts: this.functionsWithCounts,
      totalCount: this.totalCount,
      hottest: [...this.hottest],
      names: this.names,
      ranCounts: this.ranCounts
    }
  }

  private finishFunction(): void {
    const done = this.current
    if (!done) return
    this.current = undefined
    this.totalFunctions++
    this.totalCount += done.totalCount
    if (done.maxCount === 0) return
    this.functionsWithCounts++
    const name = stripFilePrefix(done.name)
    this.ranCounts.set(name, (this.ranCounts.get(name) ?? 0) + done.totalCount)
    this.hottest.push(done)
    // Kept sorted and short: one insertion per function with counts.
    this.hottest.sort((a, b) => b.maxCount - a.maxCount)
    if (this.hottest.length > this.keep) this.hottest.length = this.keep
  }
}

/**
 * The function's own name: profiles prefix local functions with their file
 * (`file.c:name` from clang's front end, `unit;name` from IR instrumentation),
 * and mangled names never hold `;` or `:`.
 */
export function stripFilePrefix(name: string): string {
  const afterSemicolon = name.slice(name.lastIndexOf(';') + 1)
  return afterSemicolon.slice(afterSemicolon.lastIndexOf(':') + 1)
}
