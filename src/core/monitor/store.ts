// What the monitor knows of one account, kept on disk: the last details of every execution it
// read (ended ones too, so a restart does not fetch thousands again), the status times it saw,
// the watched spaces' baselines, the provider's announced reachability, and its recent events.
//
// Layout: `snapshot.json` (replaced atomically) plus `journal.jsonl`, one line per commit. A
// commit carries the new state and the events derived from it together, so an event counts as
// announced exactly when its line is in the file: a write cut short leaves a torn last line that
// is dropped on load, and the events are derived again. Events are delivered only after their
// line is written; the journal is synced to the disk within a second (against power loss). A
// damaged snapshot or journal is moved aside, reported, and rebuilt.
import { join } from 'node:path'
import { z } from 'zod'
import { executionDetailsSchema, type ExecutionDetails } from '../../shared/execution'
import type { MonitorEvent, NewMonitorEvent } from '../../shared/monitor'
import { observationsSchema, type Observations } from '../../shared/observations'
import { diskFiles, type StoreFiles } from './store-files'

export interface ExecutionEntry {
  spaceId: string
  /** null: listed, but its details were never read. */
  details: ExecutionDetails | null
  observations: Observations
  /** The last moment its details or audit log changed (monitor clock). */
  changedAt: number
  /** The `changedAt` for which a stall was announced. */
  stalledAt?: number
  /** Appeared after its space was first read: its first details are news. */
  fresh?: boolean
}

export interface SpaceEntry {
  name: string
  /** The seq of the last event the user saw for this space (failures since last looked). */
  seenSeq: number
}

export interface ProviderEntry {
  unreachable?: { since: number; reason: { id: string; description: string } }
}

export type Op =
  | { k: 'x'; id: string; e: ExecutionEntry | null }
  | { k: 's'; id: string; e: SpaceEntry | null }
  | { k: 'p'; e: ProviderEntry }

const RECENT_EVENTS = 500
const COMPACT_BYTES = 8 * 1024 * 1024
const COMPACT_LINES = 5000

const reasonSchema = z.object({
  id: z.string(),
  description: z.string(),
  kind: z.string().optional(),
  httpStatus: z.number().optional()
})
const entrySchema = z.object({
  spaceId: z.string().min(1),
  details: executionDetailsSchema.nullable(),
  observations: observationsSchema,
  changedAt: z.number(),
  stalledAt: z.number().optional(),
  fresh: z.boolean().optional()
})
const spaceSchema = z.object({ name: z.string(), seenSeq: z.number().int().nonnegative() })
const providerSchema = z.object({
  unreachable: z.object({ since: z.number(), reason: reasonSchema }).optional()
})
// Events are written by this code and read back as they were; only their frame is checked.
const eventSchema = z.custom<MonitorEvent>((v) => {
  const e = v as Partial<Record<'type' | 'seq' | 'at' | 'accountId', unknown>> | null
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.type === 'string' &&
    Number.isInteger(e.seq) &&
    typeof e.at === 'number' &&
    typeof e.accountId === 'string'
  )
}, 'not a monitor event')
const opSchema = z.discriminatedUnion('k', [
  z.object({ k: z.literal('x'), id: z.string().min(1), e: entrySchema.nullable() }),
  z.object({ k: z.literal('s'), id: z.string().min(1), e: spaceSchema.nullable() }),
  z.object({ k: z.literal('p'), e: providerSchema })
])
const lineSchema = z.object({
  n: z.number().int().positive(),
  ops: z.array(opSchema),
  ev: z.array(eventSchema)
})
const snapshotSchema = z.object({
  version: z.literal(1),
  n: z.number().int().nonnegative(),
  seq: z.number().int().nonnegative(),
  executions: z.record(z.string(), entrySchema),
  spaces: z.record(z.string(), spaceSchema),
  provider: providerSchema,
  recent: z.array(eventSchema)
})

export class MonitorStore {
  readonly executions = new Map<string, ExecutionEntry>()
  readonly spaces = new Map<string, SpaceEntry>()
  provider: ProviderEntry = {}
  /** The last event's sequence number. */
  seq = 0
  /** Whether anything was loaded from a previous run. */
  resumed = false
  /** Set when a damaged store was moved aside and rebuilt: a sentence for the user. */
  problem?: string
  private recent: MonitorEvent[] = []
  private n = 0
  private journalBytes = 0
  private journalLines = 0
  /** Set when a failed write could not be undone: nothing more is written. */
  private broken?: Error
  private syncTimer?: ReturnType<typeof setTimeout>

  /** An in-memory store (no `dir`), or the store in `dir`. */
  constructor(
    private readonly dir?: string,
    private readonly files: StoreFiles = diskFiles
  ) {
    if (dir) this.load()
  }

  private get snapshotPath(): string {
    return join(this.dir!, 'snapshot.json')
  }
  private get journalPath(): string {
    return join(this.dir!, 'journal.jsonl')
  }

  /**
   * Records the operations and the events derived with them as one unit; returns the events
   * with their sequence numbers, to be delivered now that they are on disk.
   */
  commit(ops: Op[], newEvents: NewMonitorEvent[]): MonitorEvent[] {
    if (ops.length === 0 && newEvents.length === 0) return []
    const events = newEvents.map((e, i) => ({ ...e, seq: this.seq + 1 + i }) as MonitorEvent)
    const n = this.n + 1
    if (this.dir) {
      if (this.broken) throw this.broken
      const text = `${JSON.stringify({ n, ops, ev: events })}\n`
      try {
        this.files.append(this.journalPath, text)
      } catch (err) {
        // Cut back whatever part was written, so the next line starts clean.
        try {
          this.files.truncate(this.journalPath, this.journalBytes)
        } catch {
          this.broken = err as Error
        }
        throw err
      }
      this.journalBytes += Buffer.byteLength(text)
      this.journalLines += 1
      this.syncSoon()
    }
    this.n = n
    this.apply(ops, events)
    return events
  }

  /** Puts the journal on the disk within a second, once for all the commits meanwhile. */
  private syncSoon(): void {
    if (this.syncTimer) return
    this.syncTimer = setTimeout(() => this.sync(), 1000)
    this.syncTimer.unref?.()
  }

  private sync(): void {
    clearTimeout(this.syncTimer)
    this.syncTimer = undefined
    try {
      this.files.sync?.(this.journalPath)
    } catch {
      // The next commit tries again; a kill loses nothing already written.
    }
  }

  /** Syncs and lets go of the journal (the monitor stopped watching this account). */
  close(): void {
    if (!this.dir) return
    this.sync()
    this.files.release?.(this.journalPath)
  }

  /** Events committed after `seq` that are still kept (the last few hundred). */
  eventsAfter(seq: number): MonitorEvent[] {
    return this.recent.filter((e) => e.seq > seq)
  }

  /** Folds the journal into a new snapshot once it has grown large. */
  compactIfLarge(): void {
    if (this.dir && (this.journalBytes > COMPACT_BYTES || this.journalLines > COMPACT_LINES))
      this.compact()
  }

  compact(): void {
    if (!this.dir) return
    this.files.replace(this.snapshotPath, JSON.stringify(this.snapshot()))
    // A stop right here leaves journal lines the snapshot already holds; they are skipped.
    this.files.truncate(this.journalPath, 0)
    this.journalBytes = 0
    this.journalLines = 0
  }

  private apply(ops: Op[], events: MonitorEvent[]): void {
    for (const op of ops) {
      if (op.k === 'x') {
        if (op.e) this.executions.set(op.id, op.e)
        else this.executions.delete(op.id)
      } else if (op.k === 's') {
        if (op.e) this.spaces.set(op.id, op.e)
        else this.spaces.delete(op.id)
      } else this.provider = op.e
    }
    if (events.length) {
      this.seq = events.at(-1)!.seq
      this.recent.push(...events)
      if (this.recent.length > RECENT_EVENTS) this.recent = this.recent.slice(-RECENT_EVENTS)
    }
  }

  private snapshot(): z.input<typeof snapshotSchema> {
    return {
      version: 1,
      n: this.n,
      seq: this.seq,
      executions: Object.fromEntries(this.executions),
      spaces: Object.fromEntries(this.spaces),
      provider: this.provider,
      recent: this.recent
    }
  }

  private load(): void {
    const problems: string[] = []
    const snapshotText = this.files.read(this.snapshotPath)
    if (snapshotText !== undefined) {
      const parsed = parseJson(snapshotText, snapshotSchema)
      if (parsed.ok) {
        const s = parsed.value
        this.n = s.n
        this.seq = s.seq
        for (const [id, e] of Object.entries(s.executions)) this.executions.set(id, e)
        for (const [id, e] of Object.entries(s.spaces)) this.spaces.set(id, e)
        this.provider = s.provider
        this.recent = s.recent
        this.resumed = true
      } else {
        const aside = this.files.moveAside(this.snapshotPath)
        problems.push(`its snapshot could not be read (${parsed.why}; moved to ${aside})`)
        // The journal holds changes on top of the lost snapshot: it cannot stand alone.
        if (this.files.read(this.journalPath) !== undefined) this.files.moveAside(this.journalPath)
      }
    }
    if (problems.length === 0) this.replay(problems)
    if (problems.length) {
      this.problem = `The monitor's store was damaged: ${problems.join('; ')}. It was rebuilt; what happened while Lanewatch was not running may not all be reported this time.`
      this.compact()
    }
  }

  private replay(problems: string[]): void {
    const text = this.files.read(this.journalPath)
    if (!text) return
    let good = 0
    let offset = 0
    while (offset < text.length) {
      const end = text.indexOf('\n', offset)
      // No newline: a write that was cut short. It never counted; drop it.
      if (end < 0) break
      const parsed = parseJson(text.slice(offset, end), lineSchema)
      if (!parsed.ok) {
        const aside = this.files.moveAside(this.journalPath)
        problems.push(`a journal line could not be read (${parsed.why}; moved to ${aside})`)
        return
      }
      const line = parsed.value
      if (line.n > this.n) {
        this.n = line.n
        this.apply(line.ops as Op[], line.ev)
        this.resumed = true
      }
      offset = end + 1
      good = offset
      this.journalLines += 1
    }
    if (good < Buffer.byteLength(text))
      this.files.truncate(this.journalPath, Buffer.byteLength(text.slice(0, good)))
    this.journalBytes = Buffer.byteLength(text.slice(0, good))
  }
}

function parseJson<T>(
  text: string,
  schema: z.ZodType<T>
): { ok: true; value: T } | { ok: false; why: string } {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return { ok: false, why: 'not valid JSON' }
  }
  const r = schema.safeParse(data)
  if (r.success) return { ok: true, value: r.data }
  const issue = r.error.issues[0]!
  return { ok: false, why: `${issue.path.join('.') || 'top level'}: ${issue.message}` }
}
