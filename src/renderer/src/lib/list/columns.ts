// The execution list's columns and what each row shows in them: the name with a short id
// suffix that tells same-named executions apart, status as sent, progress "lane k of n",
// times, duration and the scheduling user. Pure functions of the details and "now".
import type { ExecutionDetails } from '../../../../shared/execution'
import { workflowPhase } from '../../../../shared/statuses'

/** A listed execution: its id always, its details once loaded, or why they could not be read. */
export interface ListRow {
  id: string
  details?: ExecutionDetails
  error?: string
  /** Gone from the server: shown from its newest snapshot in the local history. */
  saved?: { savedAt: number; file: string }
}

export const COLUMNS = [
  { id: 'name', label: 'Name' },
  { id: 'status', label: 'Status' },
  { id: 'progress', label: 'Progress' },
  { id: 'scheduled', label: 'Scheduled' },
  { id: 'started', label: 'Started' },
  { id: 'finished', label: 'Finished' },
  { id: 'duration', label: 'Duration' },
  { id: 'user', label: 'Scheduled by' }
] as const
export type ColumnId = (typeof COLUMNS)[number]['id']

/** Who the user is and what the app knows of other users' names. */
export interface People {
  currentUserId?: string
  names?: Record<string, string>
}

const SUFFIX = 4

/**
 * A suffix per execution id: its first 4 characters, longer where two executions of the same
 * name would otherwise share one.
 */
export function idSuffixes(rows: readonly ListRow[]): Map<string, string> {
  const byName = new Map<string, string[]>()
  for (const r of rows) {
    const name = r.details?.name
    if (name === undefined) continue
    const ids = byName.get(name) ?? []
    ids.push(r.id)
    byName.set(name, ids)
  }
  const suffixes = new Map<string, string>()
  for (const ids of byName.values()) {
    const sorted = [...ids].sort()
    sorted.forEach((id, i) => {
      let length = SUFFIX
      for (const other of [sorted[i - 1], sorted[i + 1]])
        if (other !== undefined && other !== id)
          length = Math.max(length, commonPrefix(id, other) + 1)
      suffixes.set(id, id.slice(0, length))
    })
  }
  return suffixes
}

function commonPrefix(a: string, b: string): number {
  let n = 0
  while (n < a.length && a[n] === b[n]) n++
  return n
}

/** Where an execution is: the lane of its newest run, of how many lanes. */
export function progress(d: ExecutionDetails): { lane: number; of: number } | undefined {
  let newest = 0
  let lane = 0
  d.lanes.forEach((l, i) => {
    for (const r of l.runs)
      if (r.runNumber !== null && r.runNumber >= newest) {
        if (r.runNumber > newest || i + 1 > lane) lane = i + 1
        newest = r.runNumber
      }
  })
  return lane ? { lane, of: d.lanes.length } : undefined
}

export const progressText = (d: ExecutionDetails): string => {
  const p = progress(d)
  return p ? `lane ${p.lane} of ${p.of}` : '—'
}

/**
 * How long the execution has run, in seconds: to its end, to its suspension, or until now while
 * it runs; nothing while it waits or when the times do not say.
 */
export function duration(d: ExecutionDetails, nowSec: number): number | undefined {
  if (!d.startTime) return undefined
  const end = { ended: d.finishTime, suspended: d.suspendTime, ongoing: nowSec }[
    workflowPhase(d.status) as 'ended' | 'suspended' | 'ongoing'
  ]
  return end !== undefined && end >= d.startTime ? end - d.startTime : undefined
}

/** 45s, 3m 12s, 2h 05m, 3d 4h. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined) return '—'
  const s = Math.floor(seconds)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`
  if (s < 86400)
    return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`
}

/** POSIX seconds relative to now: just now, 42s ago, 5 min ago, 3 h ago, 2 d ago; 0 is never. */
export function formatRelative(seconds: number, nowSec: number): string {
  if (!seconds) return '—'
  const ago = nowSec - seconds
  if (ago < 0) return 'in the future'
  if (ago < 10) return 'just now'
  if (ago < 60) return `${Math.floor(ago)}s ago`
  if (ago < 3600) return `${Math.floor(ago / 60)} min ago`
  if (ago < 86400) return `${Math.floor(ago / 3600)} h ago`
  return `${Math.floor(ago / 86400)} d ago`
}

/** "you" for the current user, a known name, else the start of the id. */
export function userLabel(userId: string, people: People): string {
  if (people.currentUserId && userId === people.currentUserId) return 'you'
  return people.names?.[userId] ?? userId.slice(0, 8)
}
