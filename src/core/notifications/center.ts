// Turns the monitor's events into notifications: the rules per kind, mute per account or space,
// "pause for an hour" (kept across restarts), aggregation of events close together, a summary of
// what happened while the app was not running, and the in-app history of the last 100.
//
// Exactly once: the center remembers, per account, up to which event sequence number it has
// handled (kept with the history). On start it reads the events it has not handled yet from the
// monitor's store, so an event is neither lost nor notified twice across a restart.
import { readFileSync, existsSync, renameSync } from 'node:fs'
import { z } from 'zod'
import type { MonitorEvent } from '../../shared/monitor'
import type { NotificationKind, Preferences } from '../../shared/monitor-settings'
import {
  HISTORY_SIZE,
  type AppNotification,
  type NavigateTarget,
  type NotificationHistory
} from '../../shared/notifications'
import { writeFileAtomic } from '../accounts/atomic-write'
import { silentLogger, type Logger } from '../log'
import type { Scheduler, Timer } from '../monitor/scheduler'
import { aggregate, catchUpSummary, kindOf, type Naming } from './wording'

/** Where the monitor's events come from (the Monitor, or a test double). */
export interface EventSource {
  onEvent(listener: (e: MonitorEvent) => void): () => void
  accountIds(): string[]
  eventsAfter(accountId: string, seq: number): MonitorEvent[]
  lastSeq(accountId: string): number
}

export interface CenterOptions {
  /** The file that keeps the history, the pause and what was handled; else in memory. */
  file?: string
  scheduler: Scheduler
  preferences: () => Preferences
  naming: Naming
  /** Shows a desktop notification (Electron's Notification in main). */
  show?: (n: AppNotification) => void
  /** Events of one kind in one space this close together become one notification. */
  aggregateMs?: number
  /** The catch-up after a start collects events until none came for this long. */
  catchUpMs?: number
  log?: Logger
}

interface Group {
  accountId: string
  spaceId: string | null
  kind: NotificationKind
  catchUp: boolean
  events: MonitorEvent[]
  timer: Timer
}

const cursorSchema = z.object({
  seq: z.number().int().nonnegative(),
  done: z.array(z.number().int().positive())
})
const fileSchema = z.object({
  version: z.literal(1),
  items: z.array(z.custom<AppNotification>((v) => typeof v === 'object' && v !== null)),
  cursors: z.record(z.string(), cursorSchema),
  pausedUntil: z.number().optional()
})

const SEVERITY: NotificationKind[] = ['failures', 'provider', 'stalls', 'ends']

export class NotificationCenter {
  private items: AppNotification[] = []
  private cursors: Record<string, { seq: number; done: number[] }> = {}
  private pausedUntil?: number
  private readonly groups = new Map<string, Group>()
  private readonly grouped = new Set<string>()
  private readonly listeners = new Set<(h: NotificationHistory) => void>()
  private readonly log: Logger
  /** Set when the history file was damaged and set aside: a sentence for the user. */
  readonly problem?: string

  constructor(private readonly opts: CenterOptions) {
    this.log = opts.log ?? silentLogger
    this.problem = this.load()
  }

  private get now(): number {
    return this.opts.scheduler.now()
  }

  /** Listens to a source and catches up on what it has not handled yet. */
  attach(source: EventSource): () => void {
    const off = source.onEvent((e) => this.take(e))
    this.catchUp(source)
    return off
  }

  /** Handles the source's events this center has not handled (at start, for new accounts). */
  catchUp(source: EventSource): void {
    for (const accountId of source.accountIds()) {
      const c = this.cursor(accountId)
      // A store rebuilt from scratch numbers its events anew.
      if (c.seq > source.lastSeq(accountId)) this.cursors[accountId] = { seq: 0, done: [] }
      for (const e of source.eventsAfter(accountId, this.cursor(accountId).seq)) this.take(e)
    }
  }

  take(e: MonitorEvent): void {
    const c = this.cursor(e.accountId)
    const ref = `${e.accountId}:${e.seq}`
    if (e.seq <= c.seq || c.done.includes(e.seq) || this.grouped.has(ref)) return
    const kind = kindOf(e)
    if (!kind || !this.allowed(e, kind)) return this.handled(e.accountId, [e.seq])
    const catchUp = e.catchUp === true
    const key = catchUp ? `catch-up ${e.accountId}` : `${e.accountId} ${e.spaceId ?? ''} ${kind}`
    let g = this.groups.get(key)
    const wait = catchUp ? (this.opts.catchUpMs ?? 15_000) : (this.opts.aggregateMs ?? 4000)
    if (!g) {
      g = {
        accountId: e.accountId,
        spaceId: e.spaceId,
        kind,
        catchUp,
        events: [],
        timer: this.after(wait, key)
      }
      this.groups.set(key, g)
    } else if (catchUp) {
      // Catching up goes on while events keep coming; one summary at the end.
      g.timer.cancel()
      g.timer = this.after(wait, key)
    }
    if (SEVERITY.indexOf(kind) < SEVERITY.indexOf(g.kind)) g.kind = kind
    g.events.push(e)
    this.grouped.add(ref)
  }

  private after(ms: number, key: string): Timer {
    return this.opts.scheduler.after(ms, () => this.flush(key))
  }

  private allowed(e: MonitorEvent, kind: NotificationKind): boolean {
    const p = this.opts.preferences()
    if (!p.notifications[kind]) return false
    if (p.mutedAccounts.includes(e.accountId)) return false
    return !p.mutedSpaces.some((m) => m.accountId === e.accountId && m.spaceId === e.spaceId)
  }

  private flush(key: string): void {
    const g = this.groups.get(key)
    if (!g) return
    this.groups.delete(key)
    for (const e of g.events) this.grouped.delete(`${e.accountId}:${e.seq}`)
    const text = g.catchUp
      ? catchUpSummary(g.events, this.opts.naming)
      : aggregate(g.events, this.opts.naming)
    const paused = this.paused()
    const target = targetOf(g.events)
    const n: AppNotification = {
      id: `${g.accountId}-${g.events[0]!.seq}`,
      at: this.now,
      kind: g.kind,
      title: text.title,
      body: text.body,
      accountId: g.accountId,
      ...(g.spaceId !== null && !g.catchUp ? { spaceId: g.spaceId } : {}),
      ...(target ? { target } : {}),
      count: g.events.length,
      read: false,
      shown: !paused
    }
    this.items = [n, ...this.items].slice(0, HISTORY_SIZE)
    this.handled(
      g.accountId,
      g.events.map((e) => e.seq)
    )
    this.save()
    if (!paused) {
      try {
        this.opts.show?.(n)
      } catch (err) {
        this.log.error('desktop notification failed', { error: String(err) })
      }
    }
    this.changed()
  }

  /** Marks events handled and moves the cursor over every handled one in a row. */
  private handled(accountId: string, seqs: number[]): void {
    const c = this.cursor(accountId)
    const done = new Set([...c.done, ...seqs])
    while (done.has(c.seq + 1)) done.delete(++c.seq)
    c.done = [...done].sort((a, b) => a - b)
  }

  private cursor(accountId: string): { seq: number; done: number[] } {
    return (this.cursors[accountId] ??= { seq: 0, done: [] })
  }

  private paused(): boolean {
    return this.pausedUntil !== undefined && this.pausedUntil > this.now
  }

  history(): NotificationHistory {
    return {
      items: this.items.map((n) => ({ ...n })),
      unread: this.items.filter((n) => !n.read).length,
      ...(this.paused() ? { pausedUntil: this.pausedUntil } : {})
    }
  }

  /** Marks these notifications read (all of them without ids). */
  markRead(ids?: string[]): void {
    for (const n of this.items) if (!ids || ids.includes(n.id)) n.read = true
    this.save()
    this.changed()
  }

  /** Pauses desktop notifications for `ms` (the history still fills); null resumes them. */
  pause(ms: number | null): void {
    this.pausedUntil = ms === null ? undefined : this.now + ms
    this.save()
    this.changed()
  }

  onChange(listener: (h: NotificationHistory) => void): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  private changed(): void {
    const h = this.history()
    for (const l of this.listeners) l(h)
  }

  /** Stops the aggregation timers; what was not notified yet is handled after the next start. */
  stop(): void {
    for (const g of this.groups.values()) g.timer.cancel()
    this.groups.clear()
    this.grouped.clear()
  }

  private save(): void {
    if (!this.opts.file) return
    const data: z.input<typeof fileSchema> = {
      version: 1,
      items: this.items,
      cursors: this.cursors,
      ...(this.pausedUntil !== undefined ? { pausedUntil: this.pausedUntil } : {})
    }
    try {
      writeFileAtomic(this.opts.file, `${JSON.stringify(data)}\n`)
    } catch (err) {
      this.log.error('notification history not saved', { error: (err as Error).message })
    }
  }

  private load(): string | undefined {
    const file = this.opts.file
    if (!file || !existsSync(file)) return undefined
    let why: string
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
      if (parsed.success) {
        this.items = parsed.data.items.slice(0, HISTORY_SIZE)
        this.cursors = parsed.data.cursors
        this.pausedUntil = parsed.data.pausedUntil
        return undefined
      }
      why = parsed.error.issues[0]!.message
    } catch (err) {
      why = err instanceof SyntaxError ? 'not valid JSON' : (err as Error).message
    }
    const aside = `${file}.corrupt`
    try {
      renameSync(file, aside)
    } catch {
      // Could not move it: it is overwritten at the next save.
    }
    this.log.warn('notification history damaged', { why })
    return `The notification history could not be read (${why}); it was moved to ${aside} and starts empty. Notifications already shown may be shown again.`
  }
}

/** Clicking opens the execution when all events are about one, else the space. */
function targetOf(events: MonitorEvent[]): NavigateTarget | undefined {
  const first = events[0]!
  if (first.executionId !== null && events.every((e) => e.executionId === first.executionId))
    return { view: 'execution', accountId: first.accountId, executionId: first.executionId }
  if (first.spaceId !== null && events.every((e) => e.spaceId === first.spaceId))
    return { view: 'space', accountId: first.accountId, spaceId: first.spaceId }
  return undefined
}
