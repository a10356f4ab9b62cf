// Feeds one execution list from the monitor's cache: the ids a phase (or every phase) lists,
// every page, and the details of those ids, the rows in view first, a few batches at a time.
// It reloads what a pushed change names and never polls. Calls go through `MonitorReads`, so
// tests drive it with plain functions.
import type { CachedDetails, PhaseIds } from '../../../../shared/monitor-state'
import { PHASES, type Phase } from '../../../../shared/statuses'
import type { InboxPhase } from '../../../../shared/inbox'
import type { ExecutionDetails } from '../../../../shared/execution'
import type { GoneExecution } from '../../../../shared/snapshot-library'
import type { ListView } from './view.svelte'

export interface MonitorReads {
  ids(phase: Phase): Promise<PhaseIds>
  details(ids: string[]): Promise<Record<string, CachedDetails>>
  /** Executions the server no longer lists that the local history holds (ended ones). */
  gone?(): Promise<GoneExecution[]>
}

/** Ids per call: the contract takes up to 500. */
export const BATCH = 200
/** Calls for details in flight at once. */
export const CONCURRENCY = 2

export class ListFeed {
  /** Why the list cannot be loaded, when it cannot. */
  error = $state<string>()
  loading = $state(true)
  /** False while some phase has pages not read yet. */
  complete = $state(true)
  listedAt = $state<number>()

  // Bookkeeping, not state: nothing on screen reads these.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly requested = new Set<string>()
  private readonly urgent: string[] = []
  private inFlight = 0
  private stopped = false

  constructor(
    private readonly view: ListView,
    private readonly reads: MonitorReads,
    readonly phase: InboxPhase
  ) {}

  /** Lists the ids again (first load, a pushed change of the space, "Try again"). */
  async reload(): Promise<void> {
    try {
      const phases = this.phase === 'all' ? PHASES : [this.phase]
      const lists = await Promise.all(phases.map((p) => this.reads.ids(p)))
      const gone = phases.includes('ended') ? await this.savedOnly() : []
      if (this.stopped) return
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      this.view.setIds([...new Set(lists.flatMap((l) => l.ids))], gone)
      this.complete = lists.every((l) => l.complete)
      const times = lists.flatMap((l) => (l.listedAt ? [l.listedAt] : []))
      this.listedAt = times.length ? Math.max(...times) : undefined
      this.error = undefined
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err)
    } finally {
      this.loading = false
    }
    this.pump()
  }

  /** The history's executions are a bonus: the list stands without them. */
  private async savedOnly(): Promise<GoneExecution[]> {
    try {
      return (await this.reads.gone?.()) ?? []
    } catch {
      return []
    }
  }

  /** The rows now in view: their details are asked for before the others. */
  inView(ids: readonly string[]): void {
    for (const id of ids)
      if (!this.requested.has(id) && !this.urgent.includes(id)) this.urgent.push(id)
    this.pump()
  }

  /** The monitor says these executions changed: read their cached details again. */
  changed(ids: readonly string[]): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const listed = new Set(this.view.rows.map((r) => r.id))
    for (const id of ids) if (listed.has(id)) this.requested.delete(id)
    this.pump()
  }

  stop(): void {
    this.stopped = true
  }

  private next(): string[] {
    const batch: string[] = []
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const listed = new Set(this.view.rows.flatMap((r) => (r.saved ? [] : [r.id])))
    while (this.urgent.length && batch.length < BATCH) {
      const id = this.urgent.shift()!
      if (listed.has(id) && !this.requested.has(id)) batch.push(id)
    }
    if (batch.length) return batch
    for (const r of this.view.rows) {
      if (batch.length >= BATCH) break
      if (!r.saved && !this.requested.has(r.id)) batch.push(r.id)
    }
    return batch
  }

  private pump(): void {
    while (!this.stopped && this.inFlight < CONCURRENCY) {
      const batch = this.next()
      if (!batch.length) return
      for (const id of batch) this.requested.add(id)
      this.inFlight++
      void this.fetch(batch).finally(() => {
        this.inFlight--
        this.pump()
      })
    }
  }

  private async fetch(ids: string[]): Promise<void> {
    let answer: Record<string, CachedDetails>
    try {
      answer = await this.reads.details(ids)
    } catch (err) {
      // Asked again with the next change or "Try again".
      for (const id of ids) this.requested.delete(id)
      this.error = err instanceof Error ? err.message : String(err)
      return
    }
    if (this.stopped) return
    const details: ExecutionDetails[] = []
    const errors: Record<string, string> = {}
    for (const id of ids) {
      const c = answer[id]
      if (c?.details) details.push(c.details)
      else if (c?.error) errors[id] = c.error.description
      // Not read yet: the monitor reads it next and pushes the change, which asks again.
    }
    if (details.length || Object.keys(errors).length) this.view.update(details, errors)
  }
}
