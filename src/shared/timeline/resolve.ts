// Ties parsed audit-log entries to the lane runs of the execution details: `[Lane: 2, Run: 3]`
// to run key `2:3`, a task-level entry to the run that holds the task, and `Run: ?` (a run the
// server had not numbered yet) to the run it became.
import type { ExecutionDetails } from '../execution'
import type { LoggedRun, ParsedEntry, RunEventKind } from './log'
import { numberKey, sameStructure, sameTasks, taskOwners, type RunRef } from './runs'

export interface TimedRunEvent {
  kind: RunEventKind
  key: string
  at: number
  status?: string
}

export interface ResolvedEntry {
  parsed: ParsedEntry
  /** Keys of the runs the entry names: its subject first, then a run it scheduled. */
  runKeys: string[]
}

export interface ResolvedLog {
  entries: ResolvedEntry[]
  /** Run events oldest first. */
  events: TimedRunEvent[]
  /** Some entry names a task execution id: which run holds which task matters to the result. */
  namesTasks: boolean
}

interface Index {
  /** By lane and run number (`numberKey`), the run's key. */
  byNumber: Map<number, string>
  numbersByLane: Map<number, number[]>
  ahead: Map<number, string>
  /** By task execution id, the run's key: made when the log first names a task. */
  byTask(): Map<string, string>
  /** Whether `byTask` was asked for. */
  namesTasks: boolean
}

function index(runs: readonly RunRef[], details?: Pick<ExecutionDetails, 'lanes'>): Index {
  let byTask: Map<string, string> | undefined
  const idx: Index = {
    byNumber: new Map(),
    numbersByLane: new Map(),
    ahead: new Map(),
    namesTasks: false,
    byTask: () => {
      idx.namesTasks = true
      return (byTask ??= taskOwners(details, runs))
    }
  }
  for (const { key, laneIndex, run } of runs) {
    if (run.runNumber === null) idx.ahead.set(laneIndex, key)
    else {
      const k = numberKey(laneIndex, run.runNumber)
      if (!idx.byNumber.has(k)) idx.byNumber.set(k, key)
      const list = idx.numbersByLane.get(laneIndex)
      if (list) list.push(run.runNumber)
      else idx.numbersByLane.set(laneIndex, [run.runNumber])
    }
  }
  for (const list of idx.numbersByLane.values()) list.sort((a, b) => a - b)
  return idx
}

/**
 * Resolves every entry, oldest first. `current` follows the execution's current run number as
 * the log tells it (each scheduled run raises it), which is what a `Run: ?` stood for. Tasks are
 * read from `details` when given (the runs listed for them may be references kept from an
 * earlier list), else from the runs.
 */
export function resolveLog(
  parsed: readonly ParsedEntry[],
  runs: readonly RunRef[],
  details?: Pick<ExecutionDetails, 'lanes'>
): ResolvedLog {
  const idx = index(runs, details)
  let current = 1
  const entries: ResolvedEntry[] = []
  const events: TimedRunEvent[] = []
  // Events said of `Run: ?` in a lane, until an entry naming that lane's run by number confirms
  // the run went on; a run prepared in advance and then deleted takes its unconfirmed ones along.
  const unconfirmed = new Map<number, TimedRunEvent[]>()

  const resolve = (logged: LoggedRun | undefined, taskId?: string): string | undefined => {
    const byTask = taskId ? idx.byTask().get(taskId) : undefined
    if (byTask) return byTask
    if (!logged || logged.laneOnly || logged.laneIndex === null) return undefined
    if (logged.runNumber !== null)
      return idx.byNumber.get(numberKey(logged.laneIndex, logged.runNumber))
    const later = idx.numbersByLane.get(logged.laneIndex)?.find((n) => n >= current)
    return later !== undefined
      ? idx.byNumber.get(numberKey(logged.laneIndex, later))
      : idx.ahead.get(logged.laneIndex)
  }

  for (const p of parsed) {
    const at = p.entry.timestamp
    const runKeys: string[] = []
    const subject = resolve(p.subject, p.task?.id)
    if (subject) runKeys.push(subject)
    if (p.subject?.laneIndex && p.subject.runNumber !== null)
      unconfirmed.delete(p.subject.laneIndex)
    for (const event of p.events) {
      if (event.kind === 'scheduled' && event.run.runNumber !== null)
        current = Math.max(current, event.run.runNumber)
      const key = resolve(event.run, event.taskId)
      if (!key) continue
      if (!runKeys.includes(key)) runKeys.push(key)
      const timed: TimedRunEvent = { kind: event.kind, key, at }
      if (event.status) timed.status = event.status
      events.push(timed)
      const lane = event.run.laneIndex
      if (event.run.runNumber === null && lane !== null && !event.taskId)
        unconfirmed.set(lane, [...(unconfirmed.get(lane) ?? []), timed])
    }
    for (const lane of p.deletedAhead ?? []) {
      const dropped = new Set(unconfirmed.get(lane))
      unconfirmed.delete(lane)
      if (!dropped.size) continue
      let kept = 0
      for (const e of events) if (!dropped.has(e)) events[kept++] = e
      events.length = kept
    }
    entries.push({ parsed: p, runKeys })
  }
  return { entries, events, namesTasks: idx.namesTasks }
}

/** A resolved log with what it was resolved from, so the next details can keep it. */
export interface Resolution {
  parsed: readonly ParsedEntry[]
  runs: readonly RunRef[]
  details: Pick<ExecutionDetails, 'lanes'>
  log: ResolvedLog
}

/**
 * The log resolved against the runs listed for `details`, kept from `previous` when the same
 * entries meet the same runs in the same order and, if the log names tasks, the runs hold the
 * same tasks: a refresh that changed statuses resolves nothing again.
 */
export function resolveFor(
  parsed: readonly ParsedEntry[],
  runs: readonly RunRef[],
  details: Pick<ExecutionDetails, 'lanes'>,
  previous?: Resolution
): Resolution {
  if (
    previous?.parsed === parsed &&
    sameStructure(previous.runs, runs) &&
    (!previous.log.namesTasks || sameTasks(previous.details, details))
  )
    return previous.runs === runs && previous.details === details
      ? previous
      : { parsed, runs, details, log: previous.log }
  return { parsed, runs, details, log: resolveLog(parsed, runs, details) }
}
