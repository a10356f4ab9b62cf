// Writes a file so that a crash leaves either the old or the new content, never a mix: a
// temporary beside it (<file>.<pid>.<random>.tmp), fsync, rename, then fsync of the folder.
import { randomBytes } from 'node:crypto'
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync
} from 'node:fs'
import { dirname } from 'node:path'

/** Matches the temporaries writeFileAtomic leaves behind when a process dies mid-write. */
export function isTemporaryOf(fileName: string, candidate: string): boolean {
  return candidate.startsWith(`${fileName}.`) && candidate.endsWith('.tmp')
}

export function writeFileAtomic(path: string, content: string, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true })
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  const fd = openSync(temp, 'wx', mode)
  try {
    writeSync(fd, content)
    fsyncSync(fd)
  } catch (err) {
    closeSync(fd)
    unlinkSync(temp)
    throw err
  }
  closeSync(fd)
  try {
    renameSync(temp, path)
  } catch (err) {
    try {
      unlinkSync(temp)
    } catch {
      // Left for the next start's clean-up.
    }
    throw err
  }
  syncFolder(dirname(path))
}

/** Makes the rename itself durable; not possible on every platform, and not needed for safety. */
function syncFolder(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // Windows cannot open a folder; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
