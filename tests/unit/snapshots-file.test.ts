// The snapshot file on disk: what is written loads back as the same model, the body is one JSON
// document, writes replace files atomically, and every kind of bad file is refused with one
// sentence naming what is wrong.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { makeSnapshot } from '../../bench/snapshot-fixture'
import {
  loadSnapshot,
  readSnapshotHeader,
  SnapshotError,
  writeSnapshot
} from '../../src/core/snapshots'
import { snapshotSchema, summarize, type Snapshot } from '../../src/shared/snapshot'
import { bodyOf, craft, open, scratch } from './snapshots-craft'

const small = (seed = 1): Snapshot => makeSnapshot({ lanes: 3, runsPerLane: 2, entries: 25 }, seed)

/** The SnapshotError a load ends in. */
async function refusal(path: string): Promise<SnapshotError> {
  const err = await loadSnapshot(path).then(
    () => undefined,
    (e: unknown) => e
  )
  expect(err).toBeInstanceOf(SnapshotError)
  const e = err as SnapshotError
  expect(e.description).not.toContain('\n')
  expect(e.description).toContain(JSON.stringify(path))
  return e
}

describe('round trip', () => {
  it('save then load gives the same model, with names, observations and odd values', async () => {
    const s = small()
    s.execution.status = 'someStatusFromTheFuture'
    s.execution.name = 'naïve – 名前 "quoted"'
    s.execution.lanes[0]!.runs[0]!.status = 'mystery'
    s.execution.lanes[1]!.runs.push({ ...s.execution.lanes[1]!.runs[0]!, runNumber: null })
    s.auditLog[0] = {
      index: 'a',
      timestamp: 1.5,
      source: 'user',
      severity: 'debug',
      content: { description: 'line\nbreak', extra: { nested: [1, null, 'x'] } }
    }
    s.names.workflow = { schemaId: 'wf', revisionNumber: 3, name: 'my-workflow' }
    const dir = scratch()
    const file = join(dir, 'run.lanewatch')
    const written = await writeSnapshot(file, s)
    const loaded = await loadSnapshot(file)
    expect(loaded.snapshot).toEqual(s)
    expect(loaded.header).toEqual(written.header)
    expect(loaded.header.summary).toEqual({
      executionId: s.execution.atmWorkflowExecutionId,
      name: s.execution.name,
      status: 'someStatusFromTheFuture',
      providerHost: 'op.example.org'
    })
    expect(written.bytes).toBe(readFileSync(file).length)
    expect(await readSnapshotHeader(file)).toEqual(written.header)
  })

  it('an execution without an audit log, and a large one read across many chunks', async () => {
    const dir = scratch()
    const empty = { ...small(2), auditLog: [] }
    await writeSnapshot(join(dir, 'empty.lanewatch'), empty)
    expect((await loadSnapshot(join(dir, 'empty.lanewatch'))).snapshot).toEqual(empty)
    const big = makeSnapshot({ lanes: 20, runsPerLane: 10, entries: 20_000 }, 3)
    await writeSnapshot(join(dir, 'big.lanewatch'), big)
    expect((await loadSnapshot(join(dir, 'big.lanewatch'))).snapshot).toEqual(big)
  })

  it('the body is one JSON document holding the whole model, one audit-log entry per line', async () => {
    const s = small()
    const file = join(scratch(), 'run.lanewatch')
    await writeSnapshot(file, s)
    const { header, text } = open(file)
    expect(header).toMatchObject({ format: 'lanewatch-snapshot', version: 1 })
    expect(snapshotSchema.parse(JSON.parse(text))).toEqual(s)
    expect(text.split('\n')).toHaveLength(1 + s.auditLog.length + 2)
    expect(text).toBe(bodyOf(s))
  })
})

describe('atomic writes', () => {
  it('replaces an existing file and leaves no temporary file behind', async () => {
    const dir = scratch()
    const file = join(dir, 'run.lanewatch')
    await writeSnapshot(file, small(1))
    await writeSnapshot(file, small(2))
    expect((await loadSnapshot(file)).snapshot).toEqual(small(2))
    expect(readdirSync(dir)).toEqual(['run.lanewatch'])
  })

  it('a snapshot that would not load back is not written, and the old file stays', async () => {
    const dir = scratch()
    const file = join(dir, 'run.lanewatch')
    await writeSnapshot(file, small(1))
    const bad = small(2) as unknown as { execution: { status: unknown } }
    bad.execution.status = 42
    const err = await writeSnapshot(file, bad as unknown as Snapshot).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SnapshotError)
    expect((err as SnapshotError).description).toMatch(/not valid \(at execution\.status: /)
    expect((await loadSnapshot(file)).snapshot).toEqual(small(1))
    expect(readdirSync(dir)).toEqual(['run.lanewatch'])
  })

  it('a folder that does not exist: a clear error and nothing created', async () => {
    const dir = scratch()
    const err = await writeSnapshot(join(dir, 'missing', 'run.lanewatch'), small()).catch(
      (e: unknown) => e
    )
    expect((err as SnapshotError).id).toBe('snapshot.writeFailed')
    expect((err as SnapshotError).description).toMatch(/cannot be written: no such file or folder/)
    expect(readdirSync(dir)).toEqual([])
  })
})

describe('refused clearly', () => {
  const s = small()
  const dir = scratch()
  const at = (name: string) => join(dir, name)

  it('a file cut short, in the body or in the header', async () => {
    const full = at('full.lanewatch')
    await writeSnapshot(full, s)
    const bytes = readFileSync(full)
    writeFileSync(at('cut.lanewatch'), bytes.subarray(0, bytes.length - 100))
    const cut = await refusal(at('cut.lanewatch'))
    expect(cut.problem).toBe('truncated')
    expect(cut.description).toMatch(/is cut short: it has \d+ of its \d+ bytes/)
    writeFileSync(at('cut-header.lanewatch'), bytes.subarray(0, 40))
    expect((await refusal(at('cut-header.lanewatch'))).description).toMatch(
      /is cut short: it ends inside its header/
    )
  })

  it('a truncated gzip stream whose header matches it', async () => {
    const gz = gzipSync(Buffer.from(bodyOf(s)))
    craft(at('gz-cut.lanewatch'), { snapshot: s, rawBody: gz.subarray(0, gz.length - 30) })
    const e = await refusal(at('gz-cut.lanewatch'))
    expect(e.problem).toBe('invalid')
    expect(e.description).toMatch(/cannot be read: its compressed data ends early\.$/)
  })

  it('a body that is not gzip', async () => {
    craft(at('not-gz.lanewatch'), { snapshot: s, rawBody: Buffer.from('plain text, not gzip') })
    expect((await refusal(at('not-gz.lanewatch'))).description).toMatch(
      /its compressed data is damaged/
    )
  })

  it('bad JSON, in the head or in an entry, names the line', async () => {
    craft(at('bad-head.lanewatch'), { snapshot: s, body: '{"savedAt": oops\n]}\n' })
    expect((await refusal(at('bad-head.lanewatch'))).description).toMatch(
      /has invalid content \(line 1: not valid JSON\)/
    )
    const lines = bodyOf(s).split('\n')
    lines[3] = '{"index": "3", broken'
    craft(at('bad-entry.lanewatch'), { snapshot: s, body: lines.join('\n') })
    expect((await refusal(at('bad-entry.lanewatch'))).description).toMatch(
      /\(line 4: not valid JSON\)/
    )
    const noComma = bodyOf(s).replace('},\n{', '}\n{')
    craft(at('no-comma.lanewatch'), { snapshot: s, body: noComma })
    expect((await refusal(at('no-comma.lanewatch'))).description).toMatch(/a missing comma/)
    const unclosed = bodyOf(s).replace(/\]\}\n$/, '')
    craft(at('unclosed.lanewatch'), { snapshot: s, body: unclosed })
    expect((await refusal(at('unclosed.lanewatch'))).description).toMatch(/the document ends early/)
  })

  it('a fault deep in a large body names its line (not just that reading stopped)', async () => {
    const big = makeSnapshot({ lanes: 2, runsPerLane: 2, entries: 20_000 }, 4)
    const lines = bodyOf(big).split('\n')
    lines[15_001] = '{"index": "15000", broken},'
    craft(at('deep-json.lanewatch'), { snapshot: big, body: lines.join('\n') })
    expect((await refusal(at('deep-json.lanewatch'))).description).toMatch(
      /has invalid content \(line 15002: not valid JSON\)\.$/
    )
    const wrong = JSON.parse(JSON.stringify(big))
    wrong.auditLog[17_000].timestamp = 'yesterday'
    craft(at('deep-entry.lanewatch'), { snapshot: big, body: bodyOf(wrong) })
    expect((await refusal(at('deep-entry.lanewatch'))).description).toMatch(
      /\(line 17002: an audit-log entry is not valid \(at timestamp: /
    )
  })

  it('a wrong checksum: one byte changed, or a header claiming other content', async () => {
    const file = at('flipped.lanewatch')
    await writeSnapshot(file, s)
    const bytes = readFileSync(file)
    bytes[bytes.length - 200]! ^= 0x40
    writeFileSync(file, bytes)
    const e = await refusal(file)
    expect(e.problem).toBe('checksum')
    expect(e.description).toMatch(
      /does not match its checksum: it was damaged or changed after it was saved/
    )
    craft(at('other-sha.lanewatch'), { snapshot: s, header: { sha256: 'ab'.repeat(32) } })
    expect((await refusal(at('other-sha.lanewatch'))).problem).toBe('checksum')
  })

  it('content changed with a new checksum but the old header summary', async () => {
    const other = { ...s, execution: { ...s.execution, status: 'failed' } }
    craft(at('swapped.lanewatch'), { snapshot: other, header: { summary: summarize(s) } })
    expect((await refusal(at('swapped.lanewatch'))).description).toMatch(
      /has a header that does not match its content/
    )
  })

  it('a newer or unknown format version', async () => {
    craft(at('v2.lanewatch'), { snapshot: s, header: { version: 2 } })
    const newer = await refusal(at('v2.lanewatch'))
    expect(newer.problem).toBe('newerVersion')
    expect(newer.description).toMatch(
      /was saved by a newer Lanewatch \(snapshot format 2; this version reads up to 1\)\. Update Lanewatch to open it\./
    )
    for (const version of [0, '1', 1.5, null]) {
      craft(at('v.lanewatch'), { snapshot: s, header: { version } })
      const e = await refusal(at('v.lanewatch'))
      expect(e.problem).toBe('unknownVersion')
      expect(e.description).toContain(
        `unknown snapshot format version (${JSON.stringify(version)})`
      )
    }
  })

  it('missing fields in the header, the head or an entry', async () => {
    craft(at('no-sha.lanewatch'), { snapshot: s, header: { sha256: undefined } })
    expect((await refusal(at('no-sha.lanewatch'))).description).toMatch(
      /has a damaged header \(at sha256: /
    )
    const noStatus = JSON.parse(JSON.stringify(s))
    delete noStatus.execution.status
    craft(at('no-status.lanewatch'), { snapshot: s, body: bodyOf(noStatus) })
    expect((await refusal(at('no-status.lanewatch'))).description).toMatch(
      /\(line 1: the execution is not valid \(at execution\.status: /
    )
    const noNames = JSON.parse(JSON.stringify(s))
    delete noNames.names
    craft(at('no-names.lanewatch'), { snapshot: s, body: bodyOf(noNames) })
    expect((await refusal(at('no-names.lanewatch'))).description).toMatch(/at names: /)
    const noSeverity = JSON.parse(JSON.stringify(s))
    delete noSeverity.auditLog[4].severity
    craft(at('no-severity.lanewatch'), { snapshot: s, body: bodyOf(noSeverity) })
    expect((await refusal(at('no-severity.lanewatch'))).description).toMatch(
      /\(line 6: an audit-log entry is not valid \(at severity: /
    )
  })

  it('other files renamed .lanewatch', async () => {
    const others: Record<string, Buffer> = {
      'png.lanewatch': Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      'gzip.lanewatch': gzipSync(Buffer.from(bodyOf(s))),
      'json.lanewatch': Buffer.from('{"format":"something-else","version":1}\n{}'),
      'array.lanewatch': Buffer.from('[1,2,3]\n'),
      'text.lanewatch': Buffer.from('hello\nworld\n'),
      'long.lanewatch': Buffer.alloc(100_000, 'a')
    }
    for (const [name, bytes] of Object.entries(others)) {
      writeFileSync(at(name), bytes)
      const e = await refusal(at(name))
      expect(e.problem, name).toBe('foreign')
      expect(e.description).toMatch(/is not a Lanewatch snapshot \(it is another kind of file\)\.$/)
    }
    writeFileSync(at('empty.lanewatch'), '')
    expect((await refusal(at('empty.lanewatch'))).description).toMatch(/is empty\.$/)
  })

  it('content beyond the size limit (a decompression bomb) is refused while reading', async () => {
    const file = at('bomb.lanewatch')
    await writeSnapshot(file, makeSnapshot({ lanes: 1, runsPerLane: 1, entries: 20_000 }))
    const e = await loadSnapshot(file, { maxContentBytes: 1024 * 1024 }).catch((x: unknown) => x)
    expect((e as SnapshotError).problem).toBe('tooLarge')
    expect((e as SnapshotError).description).toMatch(
      /is too large to open \(more than 1 MiB of content\)\.$/
    )
    expect((await loadSnapshot(file)).snapshot.auditLog).toHaveLength(20_000)
  })

  it('bytes after the end, a missing file and a folder', async () => {
    const file = at('extra.lanewatch')
    await writeSnapshot(file, s)
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from('more')]))
    expect((await refusal(file)).description).toMatch(/has 4 unexpected bytes after the end/)
    const missing = await refusal(at('nope.lanewatch'))
    expect(missing.problem).toBe('unreadable')
    expect(missing.description).toMatch(/cannot be opened: no such file or folder\.$/)
    mkdirSync(at('folder.lanewatch'))
    expect((await refusal(at('folder.lanewatch'))).description).toMatch(
      /cannot be opened: is a folder/
    )
  })
})
