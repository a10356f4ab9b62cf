// The body's line reader: lines split anywhere across chunks (inside a UTF-8 character too) come
// out whole; an endless line is refused; the layout is checked line by line.
import { describe, expect, it } from 'vitest'
import { makeSnapshot } from '../../bench/snapshot-fixture'
import { BodyError, BodyParser, LineSplitter, bodyText } from '../../src/core/snapshots/body'
import { bodyOf } from './snapshots-craft'

const keep = <T>(v: unknown) => v as T

/** Lines as the splitter hands them on: blocks joined back, each block's first line number. */
function split(bytes: Buffer, size: number, max = 1024) {
  const blocks: [string, number][] = []
  const splitter = new LineSplitter((text, first) => blocks.push([text, first]), max)
  for (let i = 0; i < bytes.length; i += size) splitter.push(bytes.subarray(i, i + size))
  splitter.end()
  return blocks
}

describe('LineSplitter', () => {
  it('gives blocks of whole lines whatever the chunking, multi-byte characters included', () => {
    const text = 'first ü line\nsecond 名前\n\nlast 🎉 line'
    const bytes = Buffer.from(text)
    for (const size of [1, 2, 3, 5, 7, 16, bytes.length]) {
      const blocks = split(bytes, size)
      expect(blocks.map(([t]) => t).join('\n'), `chunks of ${size}`).toBe(text)
      let next = 1
      for (const [t, first] of blocks) {
        expect(first).toBe(next)
        next += t.split('\n').length
      }
    }
  })

  it('refuses a line longer than the limit, naming it', () => {
    const splitter = new LineSplitter(() => undefined, 10)
    splitter.push(Buffer.from('ok\n0123456'))
    expect(() => splitter.push(Buffer.from('789abc'))).toThrow(
      new BodyError(2, 'longer than 10 bytes')
    )
  })
})

describe('BodyParser', () => {
  /** Parses `text` handed over as one block, or a block per line: both must agree. */
  const parse = (text: string, perLine = false) => {
    const parser = new BodyParser(keep<Record<string, unknown>>, keep<unknown>)
    const lines = text.replace(/\n$/, '').split('\n')
    if (perLine) lines.forEach((line, i) => parser.block(line, i + 1))
    else parser.block(lines.join('\n'), 1)
    return parser.end()
  }

  it("reads what the writer lays out, in the writer's pieces", () => {
    const s = makeSnapshot({ lanes: 2, runsPerLane: 2, entries: 3000 })
    const text = [...bodyText(s)].join('')
    expect(text).toBe(bodyOf(s))
    expect([...bodyText(s)].length).toBeGreaterThan(2)
    for (const perLine of [false, true]) {
      const { head, auditLog } = parse(text, perLine)
      expect(auditLog).toEqual(s.auditLog)
      expect(head).toEqual({ ...s, auditLog: undefined })
    }
  })

  it('checks the layout: opening, commas, closing, nothing after; names the line', () => {
    expect(parse('{"a":1,"auditLog":[\n]}')).toEqual({ head: { a: 1 }, auditLog: [] })
    expect(parse('{"auditLog":[\n1,\n2\n]}').auditLog).toEqual([1, 2])
    const bad: [string, string][] = [
      ['{"x":[\n]}', 'line 1: the document does not open as a snapshot'],
      ['{"auditLog":[1\n]}', 'line 1: the document does not open as a snapshot'],
      ['{"auditLog":[\n1,\n]}', 'line 3: not valid JSON (a comma before the end)'],
      ['{"auditLog":[\n1\n2\n]}', 'line 3: not valid JSON (a missing comma)'],
      ['{"auditLog":[\n1\n]}\n]}', 'line 4: text after the end of the document'],
      ['{"auditLog":[\n1', 'line 2: the document ends early'],
      ['{"auditLog":[\n1,\n2,\n{x},\n3\n]}', 'line 4: not valid JSON']
    ]
    for (const [text, message] of bad)
      for (const perLine of [false, true])
        expect(() => parse(text, perLine), `${text} ${perLine}`).toThrow(message)
  })
})
