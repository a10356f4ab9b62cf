// Saves a snapshot into the history when an execution ends, if the user asked for it: once per
// end. A ledger of the ends already saved (account, execution, finish time) is kept on disk, so
// an end announced again — after a restart, or twice — is not saved twice. A rerun that ends
// later has a new finish time and is saved again. Saves run one at a time.
import { readFile, rename, writeFile } from 'node:fs/promises'
import type { MonitorEvent } from '../../shared/monitor'
import type { LibraryEntry } from '../../shared/snapshot-library'
import type { Snapshot } from '../../shared/snapshot'
import type { Logger } from '../log'
import type { Capture } from './capture'

/** The ledger keeps the latest ends only; older ones are long saved. */
const LEDGER_MAX = 5000

export interface AutoSaveOptions {
  ledgerFile: string
  enabled(): boolean
  /** Takes the snapshot (from the monitor's cache, reading what it lacks). */
  capture(accountId: string, executionId: string): Promise<Capture>
  /** The finish time the monitor has for it, when it has details: checked before any request. */
  cachedFinishTime(accountId: string, executionId: string): number | undefined
  save(snapshot: Snapshot): Promise<LibraryEntry>
  log: Logger
  onSaved?(entry: LibraryEntry): void
}

const keyOf = (accountId: string, executionId: string, finishTime: number) =>
  `${accountId}/${executionId}/${finishTime}`

export class AutoSaver {
  private ledger: string[] | undefined
  private queue: Promise<void> = Promise.resolve()

  constructor(private readonly opts: AutoSaveOptions) {}

  /** Give it every monitor event; ends are saved when the setting is on. */
  onEvent(e: MonitorEvent): void {
    if (e.type !== 'executionEnded' || !this.opts.enabled()) return
    const { accountId, executionId } = e
    this.queue = this.queue.then(() =>
      this.saveEnd(accountId, executionId).catch((err: unknown) =>
        this.opts.log.warn('automatic snapshot failed', {
          accountId,
          executionId,
          error: err instanceof Error ? err.message : String(err)
        })
      )
    )
  }

  /** Resolves when every save asked for so far is done. */
  idle(): Promise<void> {
    return this.queue
  }

  private async saveEnd(accountId: string, executionId: string): Promise<void> {
    const ledger = await this.load()
    const cached = this.opts.cachedFinishTime(accountId, executionId)
    if (cached !== undefined && ledger.includes(keyOf(accountId, executionId, cached))) return
    const { snapshot } = await this.opts.capture(accountId, executionId)
    const key = keyOf(accountId, executionId, snapshot.execution.finishTime)
    if (ledger.includes(key)) return
    const entry = await this.opts.save(snapshot)
    ledger.push(key)
    if (ledger.length > LEDGER_MAX) ledger.splice(0, ledger.length - LEDGER_MAX)
    await this.store(ledger)
    this.opts.log.info('automatic snapshot saved', { accountId, executionId, file: entry.file })
    this.opts.onSaved?.(entry)
  }

  private async load(): Promise<string[]> {
    if (this.ledger) return this.ledger
    try {
      const value: unknown = JSON.parse(await readFile(this.opts.ledgerFile, 'utf8'))
      this.ledger = Array.isArray(value) ? value.filter((k) => typeof k === 'string') : []
    } catch {
      // None yet, or damaged: at worst an end already saved is saved once more.
      this.ledger = []
    }
    return this.ledger
  }

  private async store(ledger: string[]): Promise<void> {
    const temp = `${this.opts.ledgerFile}.${process.pid}.tmp`
    await writeFile(temp, JSON.stringify(ledger))
    await rename(temp, this.opts.ledgerFile)
  }
}
