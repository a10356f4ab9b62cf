// The file operations of the monitor's store, behind a small interface so tests can stop a
// write half-way, as a kill would. Appends are synced before they count; a snapshot replaces
// the old one atomically (temp file, fsync, rename).
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
  writeSync
} from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../accounts/atomic-write'
import { AppError } from '../errors'

export interface StoreFiles {
  /** The whole file, or undefined when it does not exist. */
  read(path: string): string | undefined
  /**
   * Appends; when it returns the text is in the file (in the system's cache: a process killed
   * afterwards loses nothing). `sync` puts it on the disk, against power loss.
   */
  append(path: string, text: string): void
  sync?(path: string): void
  /** Done with the file for now (closes what `append` keeps open). */
  release?(path: string): void
  /** Replaces a file so that a crash leaves the old or the new content, never a mix. */
  replace(path: string, text: string): void
  truncate(path: string, length: number): void
  /** Moves a damaged file aside; returns where it went. */
  moveAside(path: string): string
}

/** Journals stay open between appends (one per store). */
const open = new Map<string, number>()

export const diskFiles: StoreFiles = {
  read(path) {
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined
  },
  append(path, text) {
    let fd = open.get(path)
    if (fd === undefined) {
      fd = openSync(path, 'a', 0o600)
      open.set(path, fd)
    }
    writeSync(fd, text)
  },
  sync(path) {
    const fd = open.get(path)
    if (fd !== undefined) fdatasyncSync(fd)
  },
  release(path) {
    const fd = open.get(path)
    open.delete(path)
    if (fd !== undefined) closeSync(fd)
  },
  replace(path, text) {
    writeFileAtomic(path, text)
  },
  truncate(path, length) {
    if (existsSync(path)) truncateSync(path, length)
  },
  moveAside(path) {
    diskFiles.release!(path)
    let target = `${path}.corrupt`
    if (existsSync(target)) target = `${path}.${Date.now()}.corrupt`
    renameSync(path, target)
    return target
  }
}

/**
 * An exclusive claim on a store folder by this process, so the app and `lanewatch monitor` do
 * not write the same store at once. A lock left by a process that is gone is taken over.
 */
export function lockFolder(dir: string, what: string): () => void {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'lock')
  const me = String(process.pid)
  try {
    writeFileSync(path, me, { flag: 'wx', mode: 0o600 })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    const holder = Number(readFileSafe(path))
    if (holder && holder !== process.pid && alive(holder))
      throw new AppError(
        'monitor.busy',
        `Another Lanewatch (process ${holder}) is monitoring ${what}; stop it first.`
      )
    writeFileSync(path, me, { mode: 0o600 })
  }
  return () => {
    try {
      if (readFileSafe(path) === me) unlinkSync(path)
    } catch {
      // Already gone: nothing to release.
    }
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    return ''
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
