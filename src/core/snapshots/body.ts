// The snapshot body as text: one JSON document laid out in lines — the head (everything but the
// audit log) opening the `auditLog` array on the first line, then one entry per line, then `]}`.
// Written in pieces and read in blocks of whole lines, so neither side holds the whole text.
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
 * Reads the body in blocks of whole lines: `block()` for each in order, then `end()`. Checks that
 * the text is the one JSON document the writer lays out, and checks each part as it arrives so
 * only checked values are kept. A block of entry lines is parsed with one `JSON.parse`; only when
 * that fails is it read again line by line, to name the line at fault.
 */
export class BodyParser<H, E> {
  private head?: H
  private readonly entries: E[] = []
  /** The previous entry ended with a comma: another entry must follow. */
  private expectEntry = false
  private closed = false
  private lastLine = 0

  constructor(
    private readonly checkHead: Check<H>,
    private readonly checkEntry: Check<E>
  ) {}

  /** `count` whole lines joined by newlines (no final newline), the first numbered `first`. */
  block(text: string, first: number, count = lineCount(text)): void {
    this.lastLine = first + count - 1
    if (this.closed) throw new BodyError(first, 'text after the end of the document')
    let n = first
    if (this.head === undefined) {
      const nl = text.indexOf('\n')
      this.readHead(nl === -1 ? text : text.slice(0, nl), n)
      if (nl === -1) return
      text = text.slice(nl + 1)
      n += 1
    }
    const closing = text === CLOSE || text.endsWith(`\n${CLOSE}`)
    const entries = closing ? text.slice(0, -CLOSE.length - 1) : text
    if (entries && !this.readEntries(entries, n)) {
      this.lineByLine(text, n)
      throw new BodyError(n, 'not valid JSON')
    }
    if (closing) {
      if (this.expectEntry)
        throw new BodyError(this.lastLine, 'not valid JSON (a comma before the end)')
      this.closed = true
    }
  }

  /** The head and the entries, once every line was read. */
  end(): { head: H; auditLog: E[] } {
    if (this.head === undefined || !this.closed)
      throw new BodyError(this.lastLine, 'the document ends early')
    return { head: this.head, auditLog: this.entries }
  }

  private readHead(line: string, n: number): void {
    const value = parse(`${line}${CLOSE}`, n)
    if (!isRecord(value) || !Array.isArray(value.auditLog) || value.auditLog.length)
      throw new BodyError(n, 'the document does not open as a snapshot')
    delete value.auditLog
    this.head = this.checkHead(value, n)
  }

  /** Reads a block of entry lines with one JSON.parse; false when it is not valid JSON. */
  private readEntries(text: string, first: number): boolean {
    if (this.entries.length && !this.expectEntry)
      throw new BodyError(first, 'not valid JSON (a missing comma)')
    const comma = text.endsWith(',')
    let values: unknown[]
    try {
      values = JSON.parse(`[${comma ? text.slice(0, -1) : text}]`) as unknown[]
    } catch {
      return false
    }
    values.forEach((v, i) => this.entries.push(this.checkEntry(v, first + i)))
    this.expectEntry = comma
    return true
  }

  /** Finds the line of a block that breaks the layout, and throws naming it. */
  private lineByLine(text: string, first: number): void {
    text.split('\n').forEach((line, i) => {
      const n = first + i
      if (this.closed) throw new BodyError(n, 'text after the end of the document')
      if (line === CLOSE) {
        if (this.expectEntry) throw new BodyError(n, 'not valid JSON (a comma before the end)')
        this.closed = true
        return
      }
      if (i > 0 && !this.expectEntry) throw new BodyError(n, 'not valid JSON (a missing comma)')
      this.expectEntry = line.endsWith(',')
      parse(this.expectEntry ? line.slice(0, -1) : line, n)
    })
  }
}

export function lineCount(text: string): number {
  let count = 1
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++
  return count
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)

/**
 * Splits a stream of bytes into blocks of whole UTF-8 lines (a chunk's worth at a time) without
 * joining the whole text; a line longer than the limit is refused.
 */
export class LineSplitter {
  private pending: Buffer[] = []
  private pendingBytes = 0
  private lines = 0

  constructor(
    private readonly onBlock: (text: string, firstLine: number, count: number) => void,
    private readonly maxLineBytes: number
  ) {}

  push(chunk: Buffer): void {
    const last = chunk.lastIndexOf(10)
    if (last === -1) {
      this.keep(chunk)
      return
    }
    const whole = this.pending.length
      ? Buffer.concat([...this.pending, chunk.subarray(0, last)]).toString('utf8')
      : chunk.toString('utf8', 0, last)
    this.pending = []
    this.pendingBytes = 0
    this.emit(whole)
    if (last + 1 < chunk.length) this.keep(chunk.subarray(last + 1))
  }

  /** Whatever follows the last newline (the writer ends with one, so normally nothing). */
  end(): void {
    if (!this.pendingBytes) return
    const rest = Buffer.concat(this.pending).toString('utf8')
    this.pending = []
    this.pendingBytes = 0
    this.emit(rest)
  }

  private emit(text: string): void {
    const first = this.lines + 1
    const count = lineCount(text)
    this.lines += count
    this.onBlock(text, first, count)
  }

  private keep(part: Buffer): void {
    this.pendingBytes += part.length
    if (this.pendingBytes > this.maxLineBytes)
      throw new BodyError(this.lines + 1, `longer than ${this.maxLineBytes} bytes`)
    this.pending.push(part)
  }
}
