// Reads the workflow system audit log the way Oneprovider writes it (op-worker's
// atm_workflow_execution_logger): a description prefixed with the component it is about —
// `[Lane: N, Run: M] …`, `[Lane: N, Run: M, PBox: i, Task: j] …`, `[Lane: N] …`,
// `[Task: abcd...] …`, `[workflow engine] …` or nothing — where `?` stands for a lane or run the
// server could not resolve yet (a run prepared in advance is logged as `Run: ?`). Parsing is
// lenient: an entry that does not match is kept as plain text and names no run.
import type { AuditLogEntry } from '../execution'

/** A lane run as an entry names it; `null` parts are the server's `?`. */
export interface LoggedRun {
  laneIndex: number | null
  runNumber: number | null
  /** The entry names a lane only (`[Lane: N] …`), no run. */
  laneOnly?: true
}

/** What an entry says about a lane run's life, in op-worker's words. */
export type RunEventKind =
  | 'scheduled' // a selector in `scheduledLaneRunSelector`: created by schedule, retry, rerun, force-continue, resume
  | 'preparing' // `Preparing...` (debug)
  | 'prepared' // `Prepared.` (info)
  | 'starting' // `Starting...` (debug), `Started processing K items.`, a task's `Started.` (info)
  | 'resumed' // `Resuming...` (debug), `Resumed.` (info)
  | 'stopping' // `Initiating stop...` (info)
  | 'stopped' // `Stopped.`, `Stopped previously suspended.` (info)

export interface RunEvent {
  kind: RunEventKind
  run: LoggedRun
  /** A task execution id the entry references (task-level entries). */
  taskId?: string
  /** The run's status when the entry says it (details.status), as sent. */
  status?: string
}

export interface ParsedEntry {
  entry: AuditLogEntry
  /** The description without its component prefix. */
  text: string
  /** The lane run the prefix names (for task-level entries, the task's run). */
  subject?: LoggedRun
  /** Task-level entry: its parallel box and task position, when the prefix has them. */
  task?: { box: number | null; task: number | null; id?: string }
  /** Run events the entry records, in the order they happened. */
  events: RunEvent[]
  /** A stop of the whole execution: `Stopped execution.` with its status. */
  executionStopped?: { status?: string }
  /** `Deleted lane runs that were prepared in advance.`: the lanes (1-based) that lost one. */
  deletedAhead?: number[]
}

const PREFIX = /^\[([^\]]*)\]\s*(.*)$/s
const FIELD = /^\s*(Lane|Run|PBox|Task)\s*:\s*(.+?)\s*$/

function num(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value)) return null
  const n = Number(value)
  return n > 0 ? n : null
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

/** `scheduledLaneRunSelector`: `{laneIndex, RunNumber}` (op-worker's odd capital) or `runNumber`. */
function selector(details: Record<string, unknown> | undefined): LoggedRun | undefined {
  const s = record(details?.scheduledLaneRunSelector)
  if (!s) return undefined
  const lane = s.laneIndex
  const run = s.RunNumber ?? s.runNumber
  if (typeof lane !== 'number' || typeof run !== 'number') return undefined
  return { laneIndex: lane > 0 ? lane : null, runNumber: run > 0 ? run : null }
}

function referencedTask(entry: AuditLogEntry): string | undefined {
  const tasks = record(entry.content.referencedElements)?.tasks
  return Array.isArray(tasks) && typeof tasks[0] === 'string' ? tasks[0] : undefined
}

const RUN_TEXTS: Record<string, RunEventKind> = {
  'Preparing...': 'preparing',
  'Prepared.': 'prepared',
  'Starting...': 'starting',
  'Resuming...': 'resumed',
  'Resumed.': 'resumed',
  'Initiating stop...': 'stopping',
  'Stopped.': 'stopped',
  'Stopped previously suspended.': 'stopped'
}

/** Parses one entry; never throws, whatever the entry holds. */
/** The prefix's fields as written: `Lane`, `Run`, `PBox`, `Task` (values as strings). */
type Fields = { Lane?: string; Run?: string; PBox?: string; Task?: string }

// The forms op-worker writes, read in one go; anything else goes through the lenient reader.
const LANE_FORM =
  /^\[Lane: (\d+|\?)(?:, Run: (\d+|\?))?(?:, PBox: (\d+|\?), Task: (\d+|\?))?\] ?(.*)$/s

function readPrefix(description: string): { fields: Fields; text: string; prefixed: boolean } {
  const fast = LANE_FORM.exec(description)
  if (fast) {
    const fields: Fields = { Lane: fast[1]! }
    if (fast[2] !== undefined) fields.Run = fast[2]
    if (fast[3] !== undefined) fields.PBox = fast[3]
    if (fast[4] !== undefined) fields.Task = fast[4]
    return { fields, text: fast[5]!, prefixed: true }
  }
  const match = PREFIX.exec(description)
  if (!match) return { fields: {}, text: description, prefixed: false }
  const fields: Fields = {}
  let any = false
  for (const part of match[1]!.split(',')) {
    const field = FIELD.exec(part)
    if (field) {
      fields[field[1] as keyof Fields] = field[2]!
      any = true
    }
  }
  return { fields, text: any ? match[2]! : description, prefixed: true }
}

/** Parses one entry; never throws, whatever the entry holds. */
export function parseEntry(entry: AuditLogEntry): ParsedEntry {
  const description = typeof entry.content.description === 'string' ? entry.content.description : ''
  const details = record(entry.content.details)
  const { fields, text, prefixed } = readPrefix(description)
  const parsed: ParsedEntry = { entry, text, events: [] }
  const taskId = referencedTask(entry)
  const hasLane = fields.Lane !== undefined
  const hasRun = fields.Run !== undefined
  if (hasLane && hasRun)
    parsed.subject = { laneIndex: num(fields.Lane), runNumber: num(fields.Run) }
  else if (hasLane)
    parsed.subject = { laneIndex: num(fields.Lane), runNumber: null, laneOnly: true }
  if (fields.Task !== undefined || fields.PBox !== undefined) {
    parsed.task = { box: num(fields.PBox), task: num(fields.Task) }
    if (taskId) parsed.task.id = taskId
  }

  const status = typeof details?.status === 'string' ? details.status : undefined
  const scheduled = selector(details)
  const isRunLevel = hasLane && hasRun && !parsed.task
  const kind = isRunLevel ? RUN_TEXTS[text] : undefined

  if (kind) {
    const event: RunEvent = { kind, run: parsed.subject! }
    if (status && kind === 'stopped') event.status = status
    parsed.events.push(event)
  } else if (isRunLevel && /^Started processing \d+ items?\.$/.test(text)) {
    parsed.events.push({ kind: 'starting', run: parsed.subject! })
  } else if (parsed.task && text === 'Started.') {
    // A task's first start is when its lane run began processing items.
    const event: RunEvent = {
      kind: 'starting',
      run: parsed.subject ?? { laneIndex: null, runNumber: null }
    }
    if (taskId) event.taskId = taskId
    parsed.events.push(event)
  }
  if (scheduled) {
    // Resuming names the run that continues; every other selector names a run just created.
    parsed.events.push({
      kind: text === 'Resuming execution...' ? 'resumed' : 'scheduled',
      run: scheduled
    })
  }
  if (!prefixed && text === 'Stopped execution.') parsed.executionStopped = status ? { status } : {}
  if (!prefixed && text === 'Deleted lane runs that were prepared in advance.') {
    const lanes = details?.laneIndices
    parsed.deletedAhead = Array.isArray(lanes)
      ? lanes.filter((n): n is number => typeof n === 'number')
      : []
  }
  return parsed
}

/**
 * Entries oldest first (by timestamp, then by their index), parsed. `previous`, an earlier result
 * for the same execution's log, lends the parse of the entries both begin with (itself when the
 * log is unchanged).
 */
export function parseLog(
  entries: readonly AuditLogEntry[],
  previous?: readonly ParsedEntry[]
): ParsedEntry[] {
  // A log read again arrives as new objects with the old entries first (entries never change
  // once written): those keep their parse, and only the entries after them are read.
  if (previous) {
    let kept = 0
    const most = Math.min(previous.length, entries.length)
    while (kept < most && sameEntry(previous[kept]!.entry, entries[kept]!)) kept += 1
    if (kept === entries.length && kept === previous.length) return previous as ParsedEntry[]
    if (kept > 0 && inOrder(entries, kept - 1)) {
      const parsed = previous.slice(0, kept)
      for (let i = kept; i < entries.length; i++) parsed.push(parseEntry(entries[i]!))
      return parsed
    }
  }
  // Logs usually arrive in order: sorted only when they are not.
  const sorted = inOrder(entries, 0) ? entries : [...entries].sort(before)
  return sorted.map((entry) => parseEntry(entry))
}

/** An entry's place among entries of the same time: its index, when it is a number. */
function orderOf(entry: AuditLogEntry): number {
  const n = Number(entry.index)
  return Number.isFinite(n) ? n : 0
}

const before = (a: AuditLogEntry, b: AuditLogEntry): number =>
  a.timestamp - b.timestamp || orderOf(a) - orderOf(b)

/** Whether the entries from `from` on are oldest first. */
function inOrder(entries: readonly AuditLogEntry[], from: number): boolean {
  for (let i = from + 1; i < entries.length; i++) {
    if (before(entries[i - 1]!, entries[i]!) > 0) return false
  }
  return true
}

/** The same entry of the log: op-worker never rewrites one, so its index and time name it. */
function sameEntry(a: AuditLogEntry, b: AuditLogEntry): boolean {
  return (
    a === b ||
    (a.index === b.index &&
      a.timestamp === b.timestamp &&
      a.severity === b.severity &&
      a.content.description === b.content.description)
  )
}
