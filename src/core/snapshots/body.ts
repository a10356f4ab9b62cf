// The snapshot body as text: one JSON document laid out a line at a time — the head (everything
// but the audit log) opening the `auditLog` array on the first line, then one entry per line,
// then `]}`. Written and read a line at a time, so neither side holds the whole text.
import type { Snapshot } from '../../shared/snapshot'

const CLOSE = ']}'
/** Text is handed on in pieces of about this many characters. */
const PIECE = 64 * 1024

/** The body's text in pieces, for a gzip stream. */
export function* bodyText(snapshot: Snapshot): Generator<string, void, void> {
  const { auditLog, ...head } = snapshot
  const headJson = JSON.stringify(head)
  yield `${headJson.slice(0, -1)},"auditLog":[\n`
  let piece = ''
  const last = auditLog.length - 1
  for (let i = 0; i <= last; i++) {
    piece += JSON.stringify(auditLog[i]) + (i < last ? ',\n' : '\n')
    if (piece.length >= PIECE) {
      yield piece
      piece = ''
    }
  }
  yield `${piece}${CLOSE}\n`
}

/** A problem with the body's text: where, and what. */
export class BodyError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string
  ) {
    super(`line ${line}: ${problem}`)
  }
}

function parse(text: string, line: number): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new BodyError(line, 'not valid JSON')
  }
}

/** Turns a parsed value into a checked one, or throws a BodyError naming the line. */
export type Check<T> = (value: unknown, line: number) => T

/**
 * Reads the body a line at a time: `line()` for each line in order, then `end()`. Checks that the
 * lines form the one JSON document the writer lays out, and checks each part as it arrives so only
 * checked values are kept.
 */
export class BodyParser<H, E> {
  private lines = 0
  private head?: H
  private readonly entries: E[] = []
  /** The previous entry ended with a comma: another entry must follow. */
  private expectEntry = false
  private closed = false

  constructor(
    private readonly checkHead: Check<H>,
    private readonly checkEntry: Check<E>
  ) {}

  line(text: string): void {
    const n = ++this.lines
    if (this.closed) throw new BodyError(n, 'text after the end of the document')
    if (this.head === undefined) {
      const value = parse(`${text}${CLOSE}`, n)
      if (!isRecord(value) || !Array.isArray(value.auditLog) || value.auditLog.length)
        throw new BodyError(n, 'the document does not open as a snapshot')
      delete value.auditLog
      this.head = this.checkHead(value, n)
      return
    }
    if (text === CLOSE) {
      if (this.expectEntry) throw new BodyError(n, 'not valid JSON (a comma before the end)')
      this.closed = true
      return
    }
    if (this.entries.length && !this.expectEntry)
      throw new BodyError(n, 'not valid JSON (a missing comma)')
    this.expectEntry = text.endsWith(',')
    this.entries.push(this.checkEntry(parse(this.expectEntry ? text.slice(0, -1) : text, n), n))
  }

  /** The head and the entries, once every line was read. */
  end(): { head: H; auditLog: E[] } {
    if (this.head === undefined || !this.closed)
      throw new BodyError(this.lines, 'the document ends early')
    return { head: this.head, auditLog: this.entries }
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)

/** Splits a stream of bytes into UTF-8 lines without joining the whole text. */
export class LineSplitter {
  private pending: Buffer[] = []
  private pendingBytes = 0
  private lines = 0

  constructor(
    private readonly onLine: (text: string) => void,
    private readonly maxLineBytes: number
  ) {}

  push(chunk: Buffer): void {
    let start = 0
    for (;;) {
      const nl = chunk.indexOf(10, start)
      if (nl === -1) break
      this.lines++
      if (this.pending.length) {
        this.pending.push(chunk.subarray(start, nl))
        const text = Buffer.concat(this.pending).toString('utf8')
        this.pending = []
        this.pendingBytes = 0
        this.onLine(text)
      } else {
        this.onLine(chunk.toString('utf8', start, nl))
      }
      start = nl + 1
    }
    if (start < chunk.length) {
      this.pendingBytes += chunk.length - start
      if (this.pendingBytes > this.maxLineBytes)
        throw new BodyError(this.lines + 1, `longer than ${this.maxLineBytes} bytes`)
      this.pending.push(chunk.subarray(start))
    }
  }

  /** Whatever follows the last newline (the writer ends with one, so normally nothing). */
  end(): void {
    if (!this.pendingBytes) return
    this.lines++
    const text = Buffer.concat(this.pending).toString('utf8')
    this.pending = []
    this.pendingBytes = 0
    this.onLine(text)
  }
}
