import { StringDecoder } from 'node:string_decoder'

/**
 * Characters of one line kept for the error tail and the line handlers; the
 * rest is counted, not kept. Progress bars redrawn with \r make lines of
 * many megabytes, and no reader of a log wants them whole.
 */
export const LINE_LIMIT = 4000

/**
 * Splits one stream's chunks into lines; a line may span chunks. Each
 * chunk is looked at once, and a line keeps at most LINE_LIMIT characters,
 * so a line of any length costs time in proportion to its length.
 */
export class LineSplitter {
  private head = ''
  private dropped = 0
  private readonly decoder = new StringDecoder('utf8')

  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: Buffer): void {
    this.take(this.decoder.write(chunk))
  }

  flush(): void {
    this.take(this.decoder.end())
    if (this.head !== '' || this.dropped > 0) this.emitLine()
  }

  private take(text: string): void {
    let start = 0
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      this.append(text.slice(start, newline))
      this.emitLine()
      start = newline + 1
    }
    this.append(text.slice(start))
  }

  private append(piece: string): void {
    const room = LINE_LIMIT - this.head.length
    if (room > 0) this.head += piece.slice(0, room)
    this.dropped += Math.max(0, piece.length - Math.max(room, 0))
  }

  private emitLine(): void {
    const line = this.head.replace(/\r$/, '')
    this.emit(this.dropped > 0 ? `${line} … [${this.dropped} more characters]` : line)
    this.head = ''
    this.dropped = 0
  }
}
