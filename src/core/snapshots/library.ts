// The local history: snapshots kept in `<data>/snapshots/`, so an ended execution stays
// reviewable after its provider deleted it. The window names a file by its name in this folder
// only; every name is checked to be a plain `.lanewatch` file name before it is joined to the
// folder. Listing reads the headers only.
import { randomBytes } from 'node:crypto'
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Snapshot } from '../../shared/snapshot'
import type { Library, LibraryEntry, SavedExecution } from '../../shared/snapshot-library'
import { AppError } from '../errors'
import { describeFsError } from './errors'
import { readSnapshotHeader } from './read'
import { writeSnapshot } from './write'

export const SNAPSHOT_EXTENSION = '.lanewatch'
const NAME_PART_MAX = 60

/** A plain file name in the folder: no separators, no leading dot, the snapshot extension. */
export function isHistoryFileName(file: string): boolean {
  return (
    file.length <= 255 &&
    file.endsWith(SNAPSHOT_EXTENSION) &&
    file.length > SNAPSHOT_EXTENSION.length &&
    !file.startsWith('.') &&
    !/[/\\\0:]/.test(file)
  )
}

/** A file name from the execution's name, its id and the time: readable, unique, portable. */
export function historyFileName(s: Snapshot, nonce = randomBytes(2).toString('hex')): string {
  const name =
    s.execution.name
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, NAME_PART_MAX) || 'execution'
  const time = new Date(s.savedAt).toISOString().replace(/[:.]/g, '-')
  const id = s.execution.atmWorkflowExecutionId.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)
  return `${name}-${id}-${time}-${nonce}${SNAPSHOT_EXTENSION}`
}

export class SnapshotLibrary {
  readonly folder: string

  constructor(dataDir: string) {
    this.folder = join(dataDir, 'snapshots')
  }

  /**
   * Creates the folder and removes what writes killed mid-way left (their temporary files).
   * Answers how many were removed.
   */
  async prepare(): Promise<number> {
    await mkdir(this.folder, { recursive: true })
    let removed = 0
    for (const name of await readdir(this.folder)) {
      if (!(name.startsWith('.') && name.endsWith('.tmp'))) continue
      await rm(join(this.folder, name), { force: true })
      removed++
    }
    return removed
  }

  /** The path of a file in the history; refuses any other name. */
  pathOf(file: string): string {
    if (!isHistoryFileName(file))
      throw new AppError(
        'snapshot.badName',
        `"${file.slice(0, 80)}" is not a snapshot in the history.`
      )
    return join(this.folder, file)
  }

  /** Writes a snapshot into the history under a new name. */
  async add(snapshot: Snapshot): Promise<LibraryEntry> {
    await mkdir(this.folder, { recursive: true })
    const file = historyFileName(snapshot)
    const written = await writeSnapshot(join(this.folder, file), snapshot)
    const { summary, savedAt } = written.header
    return { file, bytes: written.bytes, ...summary, savedAt }
  }

  /** Every snapshot in the history, newest first, and the files that cannot be read. */
  async list(): Promise<Library> {
    let names: string[]
    try {
      names = await readdir(this.folder)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], problems: [] }
      throw new AppError(
        'snapshot.historyUnreadable',
        `The snapshot history ${this.folder} cannot be read: ${describeFsError(err)}.`
      )
    }
    const library: Library = { entries: [], problems: [] }
    for (const file of names.filter(isHistoryFileName)) {
      const path = join(this.folder, file)
      try {
        const [header, info] = await Promise.all([readSnapshotHeader(path), stat(path)])
        if (!info.isFile()) continue
        library.entries.push({ file, bytes: info.size, ...header.summary, savedAt: header.savedAt })
      } catch (err) {
        const reason = err instanceof AppError ? err.description : String(err)
        library.problems.push({ file, reason })
      }
    }
    library.entries.sort((a, b) => b.savedAt - a.savedAt || a.file.localeCompare(b.file))
    return library
  }

  async remove(file: string): Promise<void> {
    const path = this.pathOf(file)
    try {
      await rm(path)
    } catch (err) {
      throw new AppError(
        'snapshot.deleteFailed',
        `${file} cannot be deleted: ${describeFsError(err)}.`
      )
    }
  }

  /** Executions of this provider that the history holds, each with its newest snapshot. */
  async saved(providerHost: string): Promise<SavedExecution[]> {
    const newest = new Map<string, SavedExecution>()
    for (const e of (await this.list()).entries) {
      if (e.providerHost !== providerHost || newest.has(e.executionId)) continue
      newest.set(e.executionId, { executionId: e.executionId, savedAt: e.savedAt, file: e.file })
    }
    return [...newest.values()]
  }
}
