// Snapshot files from outside the history: chosen in a dialog, dropped on the window, or handed
// over by the system (a double-click, a second launch). Each path is checked before anything
// reads it — the extension, a regular file, a size bound — and the window gets an opaque handle
// and the file's name, never the path.
import { randomUUID } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { basename, isAbsolute } from 'node:path'
import type { OutsideSnapshotFile } from '../../shared/snapshot-library'
import { AppError } from '../errors'
import { describeFsError } from './errors'
import { SNAPSHOT_EXTENSION } from './library'

/** Compressed files beyond this are refused before they are read. */
export const MAX_SNAPSHOT_FILE_BYTES = 512 * 1024 ** 2
const KEPT = 32

export type OutsideFile = OutsideSnapshotFile

/** Checks a path from outside; resolves to it, or throws one sentence naming the file. */
export async function checkSnapshotPath(
  path: unknown,
  maxBytes = MAX_SNAPSHOT_FILE_BYTES
): Promise<string> {
  if (typeof path !== 'string' || !path || path.length > 4096 || path.includes('\0'))
    throw new AppError('snapshot.badPath', 'That is not a file path.')
  const name = basename(path)
  if (!isAbsolute(path))
    throw new AppError('snapshot.badPath', `${name} cannot be opened: the path is not absolute.`)
  if (!name.toLowerCase().endsWith(SNAPSHOT_EXTENSION))
    throw new AppError(
      'snapshot.notSnapshot',
      `${name} is not a Lanewatch snapshot (a snapshot's name ends in ${SNAPSHOT_EXTENSION}).`
    )
  let info
  try {
    info = await stat(path)
  } catch (err) {
    throw new AppError('snapshot.unreadable', `${name} cannot be opened: ${describeFsError(err)}.`)
  }
  if (!info.isFile())
    throw new AppError('snapshot.unreadable', `${name} cannot be opened: it is not a file.`)
  if (info.size > maxBytes)
    throw new AppError(
      'snapshot.tooLarge',
      `${name} is too large to open (${Math.round(info.size / 1024 ** 2)} MiB; at most ${Math.round(maxBytes / 1024 ** 2)} MiB).`
    )
  return path
}

/** Files from outside that the window may open by handle (the latest few). */
export class OutsideFiles {
  private readonly files = new Map<string, string>()

  constructor(private readonly maxBytes = MAX_SNAPSHOT_FILE_BYTES) {}

  /** Checks a path and gives it a handle. */
  async admit(path: unknown): Promise<OutsideFile> {
    const checked = await checkSnapshotPath(path, this.maxBytes)
    const handle = randomUUID()
    this.files.set(handle, checked)
    for (const old of this.files.keys()) if (this.files.size > KEPT) this.files.delete(old)
    return { handle, fileName: basename(checked) }
  }

  /** The path behind a handle, checked again (the file may have changed since). */
  async path(handle: string): Promise<string> {
    const path = this.files.get(handle)
    if (!path)
      throw new AppError(
        'snapshot.unknownHandle',
        'That snapshot file is no longer known; open it again.'
      )
    return checkSnapshotPath(path, this.maxBytes)
  }
}
