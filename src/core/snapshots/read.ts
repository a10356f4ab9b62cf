// Reads a snapshot file, checking everything before anything is returned: the header (is this a
// snapshot, of a version this build reads), the length and SHA-256 of the body (a first pass over
// the compressed bytes), then the content itself, decompressed and parsed a block of lines at a
// time and checked entry by entry, so the whole text is never held in memory.
import { createHash } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import type { z } from 'zod'
import { auditLogEntrySchema, type AuditLogEntry } from '../../shared/execution'
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_HEADER_MAX_BYTES,
  SNAPSHOT_VERSION,
  snapshotHeaderSchema,
  snapshotHeadSchema,
  summarize,
  type Snapshot,
  type SnapshotHead,
  type SnapshotHeader
} from '../../shared/snapshot'
import { BodyError, BodyParser, LineSplitter, type Check } from './body'
import { describeFsError, firstIssue, SnapshotError } from './errors'
import { pipeInto } from './pipe'
import { youngGeneration } from './young-generation'

/** Content beyond this is refused rather than risking the memory of the app. */
export const MAX_CONTENT_BYTES = 1024 ** 3
const MAX_LINE_BYTES = 256 * 1024 * 1024
const CHUNK = 1024 * 1024
/** How every header line starts. */
const OPENING = `{"format":${JSON.stringify(SNAPSHOT_FORMAT)}`

export interface LoadedSnapshot {
  header: SnapshotHeader
  snapshot: Snapshot
}

async function openFile(path: string): Promise<FileHandle> {
  try {
    const file = await open(path, 'r')
    if ((await file.stat()).isDirectory()) {
      await file.close()
      throw Object.assign(new Error('folder'), { code: 'EISDIR' })
    }
    return file
  } catch (err) {
    throw new SnapshotError('unreadable', path, `cannot be opened: ${describeFsError(err)}.`, {
      cause: err
    })
  }
}

/** Reads and checks the header line; returns it with the offset where the body starts. */
async function readHeader(
  file: FileHandle,
  path: string
): Promise<{ header: SnapshotHeader; bodyStart: number }> {
  const buf = Buffer.alloc(SNAPSHOT_HEADER_MAX_BYTES)
  const { bytesRead } = await file.read(buf, 0, buf.length, 0)
  if (bytesRead === 0) throw new SnapshotError('foreign', path, 'is empty.')
  const end = buf.subarray(0, bytesRead).indexOf(10)
  const foreign = () =>
    new SnapshotError('foreign', path, 'is not a Lanewatch snapshot (it is another kind of file).')
  if (end === -1) {
    const cut = bytesRead < buf.length && buf.toString('utf8', 0, bytesRead).startsWith(OPENING)
    if (cut) throw new SnapshotError('truncated', path, 'is cut short: it ends inside its header.')
    throw foreign()
  }
  let value: unknown
  try {
    value = JSON.parse(buf.toString('utf8', 0, end))
  } catch {
    throw foreign()
  }
  const fields = (value ?? {}) as Record<string, unknown>
  if (typeof value !== 'object' || fields.format !== SNAPSHOT_FORMAT) throw foreign()
  const version = fields.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new SnapshotError(
      'unknownVersion',
      path,
      `has an unknown snapshot format version (${String(JSON.stringify(version)).slice(0, 40)}).`
    )
  if (version > SNAPSHOT_VERSION)
    throw new SnapshotError(
      'newerVersion',
      path,
      `was saved by a newer Lanewatch (snapshot format ${version}; this version reads up to ${SNAPSHOT_VERSION}). Update Lanewatch to open it.`
    )
  const parsed = snapshotHeaderSchema.safeParse(value)
  if (!parsed.success)
    throw new SnapshotError('invalid', path, `has a damaged header (${firstIssue(parsed.error)}).`)
  return { header: parsed.data, bodyStart: end + 1 }
}

/** The header of a snapshot file (format, version, saved time, summary), without the body. */
export async function readSnapshotHeader(path: string): Promise<SnapshotHeader> {
  const file = await openFile(path)
  try {
    return (await readHeader(file, path)).header
  } catch (err) {
    throw asSnapshotError(err, path)
  } finally {
    await file.close().catch(() => undefined)
  }
}

/** The bytes of a file from `start` to `end`, a chunk at a time. */
async function* bytesOf(file: FileHandle, start: number, end: number): AsyncGenerator<Buffer> {
  for (let position = start; position < end;) {
    const length = Math.min(CHUNK, end - position)
    const buf = Buffer.allocUnsafe(length)
    const { bytesRead } = await file.read(buf, 0, length, position)
    if (bytesRead === 0) return
    position += bytesRead
    yield bytesRead === length ? buf : buf.subarray(0, bytesRead)
  }
}

async function checkBody(file: FileHandle, path: string, header: SnapshotHeader, start: number) {
  const size = (await file.stat()).size
  const expected = start + header.bodyBytes
  if (size < expected)
    throw new SnapshotError(
      'truncated',
      path,
      `is cut short: it has ${size} of its ${expected} bytes (an unfinished copy or download?).`
    )
  if (size > expected)
    throw new SnapshotError(
      'invalid',
      path,
      `has ${size - expected} unexpected bytes after the end of the snapshot.`
    )
  const hash = createHash('sha256')
  for await (const chunk of bytesOf(file, start, expected)) hash.update(chunk)
  if (hash.digest('hex') !== header.sha256)
    throw new SnapshotError(
      'checksum',
      path,
      'does not match its checksum: it was damaged or changed after it was saved.'
    )
}

function checker<T>(schema: z.ZodType<T>, what: string): Check<T> {
  return (value, line) => {
    const r = schema.safeParse(value)
    if (r.success) return r.data
    throw new BodyError(line, `${what} is not valid (${firstIssue(r.error)})`)
  }
}

const checkHead: Check<SnapshotHead> = checker(snapshotHeadSchema, 'the execution')
const checkEntry: Check<AuditLogEntry> = checker(auditLogEntrySchema, 'an audit-log entry')

async function readBody(
  file: FileHandle,
  path: string,
  range: { start: number; end: number },
  maxContentBytes: number
) {
  const parser = new BodyParser(checkHead, checkEntry)
  const lines = new LineSplitter(
    (text, first, count) => parser.block(text, first, count),
    MAX_LINE_BYTES
  )
  let content = 0
  try {
    await pipeInto(
      Readable.from(bytesOf(file, range.start, range.end)),
      createGunzip({ chunkSize: 64 * 1024 }),
      async (text) => {
        for await (const chunk of text) {
          content += chunk.length
          if (content > maxContentBytes)
            throw new SnapshotError(
              'tooLarge',
              path,
              `is too large to open (more than ${Math.round(maxContentBytes / 1024 ** 2)} MiB of content).`
            )
          lines.push(chunk)
        }
        lines.end()
      }
    )
    return parser.end()
  } catch (err) {
    if (err instanceof SnapshotError) throw err
    if (err instanceof BodyError)
      throw new SnapshotError('invalid', path, `has invalid content (${err.message}).`)
    const code = (err as NodeJS.ErrnoException).code ?? ''
    if (!code.startsWith('Z_')) throw err
    const detail =
      code === 'Z_BUF_ERROR' ? 'its compressed data ends early' : 'its compressed data is damaged'
    throw new SnapshotError('invalid', path, `cannot be read: ${detail}.`, { cause: err })
  }
}

export interface LoadOptions {
  /** Decompressed content beyond this is refused (default 1 GiB). */
  maxContentBytes?: number
  /** Let V8's young generation grow during the load (for measuring; default: held). */
  youngGenerationFree?: boolean
}

/** Loads and checks a whole snapshot file; throws a SnapshotError with one sentence otherwise. */
export async function loadSnapshot(path: string, opts: LoadOptions = {}): Promise<LoadedSnapshot> {
  return opts.youngGenerationFree
    ? load(path, opts)
    : youngGeneration.during(() => load(path, opts))
}

async function load(path: string, opts: LoadOptions): Promise<LoadedSnapshot> {
  const file = await openFile(path)
  try {
    const { header, bodyStart } = await readHeader(file, path)
    await checkBody(file, path, header, bodyStart)
    const { head, auditLog } = await readBody(
      file,
      path,
      { start: bodyStart, end: bodyStart + header.bodyBytes },
      opts.maxContentBytes ?? MAX_CONTENT_BYTES
    )
    const snapshot: Snapshot = { ...head, auditLog }
    if (header.savedAt !== snapshot.savedAt || !sameSummary(header, snapshot))
      throw new SnapshotError('invalid', path, 'has a header that does not match its content.')
    return { header, snapshot }
  } catch (err) {
    throw asSnapshotError(err, path)
  } finally {
    await file.close().catch(() => undefined)
  }
}

/** Anything else that stops a read (an I/O error) as a SnapshotError. */
function asSnapshotError(err: unknown, path: string): SnapshotError {
  if (err instanceof SnapshotError) return err
  return new SnapshotError('unreadable', path, `cannot be read: ${describeFsError(err)}.`, {
    cause: err
  })
}

function sameSummary(header: SnapshotHeader, snapshot: Snapshot): boolean {
  const s = summarize(snapshot)
  const h = header.summary
  return (
    h.executionId === s.executionId &&
    h.name === s.name &&
    h.status === s.status &&
    h.providerHost === s.providerHost
  )
}
