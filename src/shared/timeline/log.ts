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
export function parseEntry(entry: AuditLogEntry): ParsedEntry {
  const description = typeof entry.content.description === 'string' ? entry.content.description : ''
  const details = record(entry.content.details)
  const parsed: ParsedEntry = { entry, text: description, events: [] }
  const match = PREFIX.exec(description)
  const fields: Record<string, string> = {}
  if (match) {
    for (const part of match[1]!.split(',')) {
      const field = FIELD.exec(part)
      if (field) fields[field[1]!] = field[2]!
    }
    if (Object.keys(fields).length) parsed.text = match[2]!
  }
  const text = parsed.text
  const taskId = referencedTask(entry)
  if ('Lane' in fields && 'Run' in fields)
    parsed.subject = { laneIndex: num(fields.Lane), runNumber: num(fields.Run) }
  else if ('Lane' in fields)
    parsed.subject = { laneIndex: num(fields.Lane), runNumber: null, laneOnly: true }
  if ('Task' in fields || 'PBox' in fields)
    parsed.task = {
      box: num(fields.PBox),
      task: num(fields.Task),
      ...(taskId ? { id: taskId } : {})
    }

  const status = typeof details?.status === 'string' ? details.status : undefined
  const scheduled = selector(details)
  const isRunLevel = 'Lane' in fields && 'Run' in fields && !parsed.task

  if (isRunLevel && RUN_TEXTS[text]) {
    parsed.events.push({
      kind: RUN_TEXTS[text]!,
      run: parsed.subject!,
      ...(status && RUN_TEXTS[text] === 'stopped' ? { status } : {})
    })
  } else if (isRunLevel && /^Started processing \d+ items?\.$/.test(text)) {
    parsed.events.push({ kind: 'starting', run: parsed.subject! })
  } else if (parsed.task && text === 'Started.') {
    // A task's first start is when its lane run began processing items.
    parsed.events.push({
      kind: 'starting',
      run: parsed.subject ?? { laneIndex: null, runNumber: null },
      ...(taskId ? { taskId } : {})
    })
  }
  if (scheduled) {
    // Resuming names the run that continues; every other selector names a run just created.
    parsed.events.push({
      kind: text === 'Resuming execution...' ? 'resumed' : 'scheduled',
      run: scheduled
    })
  }
  if (!match && text === 'Stopped execution.') parsed.executionStopped = status ? { status } : {}
  if (!match && text === 'Deleted lane runs that were prepared in advance.') {
    const lanes = details?.laneIndices
    parsed.deletedAhead = Array.isArray(lanes)
      ? lanes.filter((n): n is number => typeof n === 'number')
      : []
  }
  return parsed
}

/** Entries oldest first (by timestamp, then by their index), parsed. */
export function parseLog(entries: readonly AuditLogEntry[]): ParsedEntry[] {
  const keyed = entries.map((entry) => {
    const n = Number(entry.index)
    return { entry, order: Number.isFinite(n) ? n : 0 }
  })
  keyed.sort((a, b) => a.entry.timestamp - b.entry.timestamp || a.order - b.order)
  return keyed.map(({ entry }) => parseEntry(entry))
}
