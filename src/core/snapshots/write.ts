// Writes a snapshot atomically: the whole file goes to a temporary file in the same folder, is
// flushed to disk, then renamed over the target and the folder flushed, so a crash at any moment
// leaves either the previous file or the new one, never a mix. The body streams through gzip
// straight to disk; its SHA-256 and length go into the header line, reserved first and filled in
// place at the end.
import { createHash, randomBytes } from 'node:crypto'
import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { createGzip } from 'node:zlib'
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_HEADER_MAX_BYTES,
  SNAPSHOT_VERSION,
  snapshotSchema,
  summarize,
  type Snapshot,
  type SnapshotHeader
} from '../../shared/snapshot'
import { bodyText } from './body'
import { describeFsError, firstIssue, SnapshotError } from './errors'
import { pipeInto } from './pipe'

export interface WrittenSnapshot {
  path: string
  /** Size of the file in bytes. */
  bytes: number
  header: SnapshotHeader
}

/** The header line, padded with spaces (JSON whitespace) to `width` bytes, and its newline. */
function headerLine(header: SnapshotHeader, width: number): Buffer {
  const line = Buffer.alloc(width + 1, ' ')
  line.write(JSON.stringify(header), 0, 'utf8')
  line[width] = 10
  return line
}

export async function writeSnapshot(path: string, snapshot: Snapshot): Promise<WrittenSnapshot> {
  // Only what loads back is written: the same checks as on reading.
  const parsed = snapshotSchema.safeParse(snapshot)
  if (!parsed.success)
    throw new SnapshotError(
      'invalid',
      path,
      `was not written: the snapshot is not valid (${firstIssue(parsed.error)}).`
    )
  const checked = parsed.data
  const draft: SnapshotHeader = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    sha256: '0'.repeat(64),
    bodyBytes: Number.MAX_SAFE_INTEGER,
    savedAt: checked.savedAt,
    summary: summarize(checked)
  }
  const width = Buffer.byteLength(JSON.stringify(draft))
  if (width >= SNAPSHOT_HEADER_MAX_BYTES)
    throw new SnapshotError('writeFailed', path, 'cannot be written: its summary is too long.')

  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  )
  let file: FileHandle | undefined
  try {
    file = await open(temp, 'wx')
    await file.write(headerLine(draft, width), 0, width + 1, 0)
    const hash = createHash('sha256')
    let position = width + 1
    const out = file
    await pipeInto(Readable.from(bodyText(checked)), createGzip(), async (gz) => {
      for await (const chunk of gz) {
        hash.update(chunk)
        await out.write(chunk, 0, chunk.length, position)
        position += chunk.length
      }
    })
    const header = { ...draft, sha256: hash.digest('hex'), bodyBytes: position - width - 1 }
    await file.write(headerLine(header, width), 0, width + 1, 0)
    await file.sync()
    await file.close()
    file = undefined
    await rename(temp, path)
    await syncFolder(dirname(path))
    return { path, bytes: position, header }
  } catch (err) {
    await file?.close().catch(() => undefined)
    await rm(temp, { force: true }).catch(() => undefined)
    if (err instanceof SnapshotError) throw err
    throw new SnapshotError('writeFailed', path, `cannot be written: ${describeFsError(err)}.`, {
      cause: err
    })
  }
}

/** Flushes a rename to disk; folders cannot be opened for that on some systems (Windows). */
async function syncFolder(folder: string): Promise<void> {
  let dir: FileHandle | undefined
  try {
    dir = await open(folder, 'r')
    await dir.sync()
  } catch {
    // Not supported here; the rename itself is still atomic.
  } finally {
    await dir?.close().catch(() => undefined)
  }
}
