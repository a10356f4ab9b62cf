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
  /** Appends and syncs; returns only when the text is on disk. */
  append(path: string, text: string): void
  /** Replaces a file so that a crash leaves the old or the new content, never a mix. */
  replace(path: string, text: string): void
  truncate(path: string, length: number): void
  /** Moves a damaged file aside; returns where it went. */
  moveAside(path: string): string
}

export const diskFiles: StoreFiles = {
  read(path) {
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined
  },
  append(path, text) {
    const fd = openSync(path, 'a', 0o600)
    try {
      writeSync(fd, text)
      fdatasyncSync(fd)
    } finally {
      closeSync(fd)
    }
  },
  replace(path, text) {
    writeFileAtomic(path, text)
  },
  truncate(path, length) {
    if (existsSync(path)) truncateSync(path, length)
  },
  moveAside(path) {
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
