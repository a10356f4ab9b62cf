// The non-secret settings file (<data>/settings.json). Every change is a read-modify-write under a
// lock shared by every Lanewatch process (the app, each CLI run), re-reading the file inside the
// lock, and written atomically. A damaged file is moved aside under the same lock; a file that
// cannot be read is left alone and never written over.
import { mkdirSync, readFileSync, readdirSync, renameSync, existsSync, unlinkSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { lock } from 'proper-lockfile'
import { accountSchema, firstIssue } from '../../shared/accounts'
import { AppError } from '../errors'
import type { Logger } from '../log'
import { isTemporaryOf, writeFileAtomic } from './atomic-write'
import {
  emptyDocument,
  parseSettings,
  serializeSettings,
  splitAccounts,
  type SettingsDocument
} from './settings-document'

export type Readout =
  | { kind: 'missing' }
  | { kind: 'ok'; doc: SettingsDocument }
  | { kind: 'newer'; doc: SettingsDocument }
  | { kind: 'damaged'; reason: string }
  | { kind: 'unreadable'; reason: string }

/** A change in progress: the document as re-read under the lock, and a way to write it. */
export interface Transaction {
  doc: SettingsDocument
  /** Checks every entry this change may have touched, then writes the document atomically. */
  save(): void
}

// A holder refreshes the lock every 2 s; one untouched for 10 s belongs to a dead process. A busy
// lock is waited for a little longer than that, so one left by a crash is taken over, not failed
// on; any other failure (a read-only folder) is final at once.
const STALE_MS = 10_000
const UPDATE_MS = 2_000
const WAIT_MS = 15_000

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const ERRNO_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of its path is not a folder',
  ELOOP: 'too many symbolic links',
  EIO: 'an input/output error'
}

export function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  if (code) return `${ERRNO_WORDS[code] ?? 'it failed'}, ${code}`
  return err instanceof Error ? err.message : String(err)
}

export class SettingsFile {
  readonly path: string
  private readonly dir: string
  private queue: Promise<unknown> = Promise.resolve()
  /** Set when another process took the lock over while this one held it (it stalled too long). */
  private lockLost = false

  constructor(
    dataDir: string,
    private readonly log?: Logger
  ) {
    this.dir = dataDir
    this.path = join(dataDir, 'settings.json')
  }

  /** The file as it is now, without a lock (writes are atomic renames, so a read is whole). */
  read(): Readout {
    let text: string
    try {
      text = readFileSync(this.path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
      return { kind: 'unreadable', reason: errnoText(err) }
    }
    return parseSettings(text)
  }

  /**
   * Runs `work` while holding the cross-process lock. Calls in one process queue up first, so
   * they do not compete for the lock file with each other.
   */
  withLock<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.lockAndRun(work))
    this.queue = run.catch(() => undefined)
    return run
  }

  /** A read-modify-write: the document is re-read inside the lock; nothing is written unless saved. */
  transaction<T>(change: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.withLock(async () => {
      this.removeTemporaries()
      const doc = this.writableDocument()
      const untouchable = splitAccounts(doc).rejectedEntries
      return change({ doc, save: () => this.save(doc, untouchable) })
    })
  }

  /** Temporaries beside the file: a write in progress, or one a dead process left. */
  temporaries(): string[] {
    try {
      return readdirSync(this.dir).filter((n) => isTemporaryOf(basename(this.path), n))
    } catch {
      return []
    }
  }

  /** Removes temporaries left by a process that died mid-write; only safe under the lock. */
  removeTemporaries(): number {
    let removed = 0
    for (const name of this.temporaries()) {
      try {
        unlinkSync(join(this.dir, name))
        removed++
      } catch (err) {
        this.log?.warn('stale settings temporary not removed', { name, error: errnoText(err) })
      }
    }
    return removed
  }

  /** Moves a damaged file aside (under the lock) and returns where it went. */
  moveAside(): string {
    let target = `${this.path}.corrupt`
    if (existsSync(target))
      target = `${this.path}.${new Date().toISOString().replace(/[:.]/g, '-')}.corrupt`
    renameSync(this.path, target)
    return target
  }

  /** The document as it is now, if this version may change it; otherwise the reason, thrown. */
  writableDocument(): SettingsDocument {
    const now = this.read()
    switch (now.kind) {
      case 'missing':
        return emptyDocument()
      case 'ok':
        return now.doc
      case 'newer':
        throw new AppError(
          'settings.newer',
          `The settings file ${this.path} was written by a newer Lanewatch (format ${now.doc.version}); this version does not change it.`
        )
      case 'damaged':
        throw new AppError(
          'settings.damaged',
          `The settings file ${this.path} is damaged (${now.reason}); nothing was changed. Start Lanewatch again to set it aside.`
        )
      case 'unreadable':
        throw new AppError(
          'settings.unreadable',
          `The settings file ${this.path} cannot be read (${now.reason}); nothing was changed.`
        )
    }
  }

  private save(doc: SettingsDocument, untouchable: Set<unknown>): void {
    if (this.lockLost)
      throw new AppError(
        'settings.lockLost',
        'Another Lanewatch process took over the settings while this one was stalled; nothing more was saved.'
      )
    for (const entry of doc.accounts) {
      if (untouchable.has(entry)) continue
      const checked = accountSchema.safeParse(entry)
      if (!checked.success)
        throw new AppError(
          'account.invalid',
          `The account cannot be saved: ${firstIssue(checked.error)}.`
        )
    }
    try {
      writeFileAtomic(this.path, serializeSettings(doc))
    } catch (err) {
      throw new AppError(
        'settings.writeFailed',
        `The settings could not be saved to ${this.path} (${errnoText(err)}).`,
        { cause: err }
      )
    }
  }

  private async acquire(): Promise<() => Promise<void>> {
    const deadline = Date.now() + WAIT_MS
    for (let attempt = 0; ; attempt++) {
      try {
        return await lock(this.path, {
          stale: STALE_MS,
          update: UPDATE_MS,
          realpath: false,
          lockfilePath: `${this.path}.lock`,
          onCompromised: (err) => {
            this.lockLost = true
            this.log?.error('settings lock lost', { error: errnoText(err) })
          }
        })
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > deadline) throw err
        await pause(Math.min(500, 10 * 1.5 ** attempt) * (0.5 + Math.random()))
      }
    }
  }

  private async lockAndRun<T>(work: () => Promise<T>): Promise<T> {
    let release: () => Promise<void>
    try {
      mkdirSync(dirname(this.path), { recursive: true })
      release = await this.acquire()
      this.lockLost = false
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOCKED')
        throw new AppError(
          'settings.busy',
          `The settings file ${this.path} stayed locked by another Lanewatch process; try again.`,
          { cause: err }
        )
      throw new AppError(
        'settings.writeFailed',
        `The settings in ${this.dir} cannot be changed (${errnoText(err)}).`,
        { cause: err }
      )
    }
    try {
      return await work()
    } finally {
      await release().catch((err: unknown) =>
        this.log?.warn('settings lock release failed', { error: errnoText(err) })
      )
    }
  }
}
