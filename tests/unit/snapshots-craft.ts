// Builds snapshot files byte by byte for tests: a header line (by default a correct one) and a
// body, so each check of the loader can be reached on its own.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  summarize,
  type Snapshot
} from '../../src/shared/snapshot'

export const scratch = () => mkdtempSync(join(tmpdir(), 'lanewatch-snapshot-'))

/** The body text as the writer lays it out. */
export function bodyOf(s: Snapshot): string {
  const { auditLog, ...head } = s
  const entries = auditLog.map((e) => JSON.stringify(e)).join(',\n')
  return `${JSON.stringify(head).slice(0, -1)},"auditLog":[\n${entries}${entries ? '\n' : ''}]}\n`
}

/** A file of header + gzip body; the header describes the body unless `header` overrides it. */
export function craft(
  path: string,
  opts: {
    snapshot: Snapshot
    body?: string | Buffer
    /** Raw bytes after the header line instead of gzip of `body`. */
    rawBody?: Buffer
    header?: Record<string, unknown>
  }
): string {
  const text = opts.body ?? bodyOf(opts.snapshot)
  const gz = opts.rawBody ?? gzipSync(typeof text === 'string' ? Buffer.from(text) : text)
  const header = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    sha256: createHash('sha256').update(gz).digest('hex'),
    bodyBytes: gz.length,
    savedAt: opts.snapshot.savedAt,
    summary: summarize(opts.snapshot),
    ...opts.header
  }
  writeFileSync(path, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), gz]))
  return path
}

/** The header line and the decompressed body of a written file. */
export function open(path: string): { header: Record<string, unknown>; text: string; gz: Buffer } {
  const bytes = readFileSync(path)
  const nl = bytes.indexOf(10)
  const gz = bytes.subarray(nl + 1)
  return {
    header: JSON.parse(bytes.subarray(0, nl).toString()),
    text: gunzipSync(gz).toString(),
    gz
  }
}
