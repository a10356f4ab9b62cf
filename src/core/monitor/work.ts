// The pieces of work the monitor does for one account, what each one touches, and which goes
// first when several are due: the execution on screen, then what a view asked for, then the
// phase lists, then everything on its cadence.
import type { AuditLogEntry } from '../../shared/execution'
import type { Problem } from '../../shared/monitor-state'
import { PHASES, type Phase } from '../../shared/statuses'
import type { DueQueue } from './due-queue'
import type { SpaceLists } from './spaces'

export const PRIORITY = { onScreen: 0, asked: 1, lists: 2, cadence: 3 } as const

export type Work =
  | { kind: 'spaces'; resource: string; priority: number; dueAt: number }
  | {
      kind: 'list'
      resource: string
      priority: number
      dueAt: number
      spaceId: string
      phase: Phase
    }
  | { kind: 'details'; resource: string; priority: number; dueAt: number; id: string }
  | { kind: 'audit'; resource: string; priority: number; dueAt: number; id: string }

/** What the monitor tracks at run time for an execution it reads (not stored). */
export interface Tracking {
  /** When its details are due again; undefined: not scheduled (ended, or no access). */
  dueAt?: number
  priority: number
  /** The adaptive cadence's current base interval. */
  intervalMs?: number
  readAt?: number
  /** The digest of the answer behind the stored details: the same answer again is not decoded. */
  digest?: string
  error?: Problem
  /** Found during the first look after a restart: its next events happened while away. */
  catchUp: boolean
  audit?: { entries: AuditLogEntry[]; changedAt: number; at: number }
  auditError?: Problem
  /** Why the audit log is wanted: for the view, or to confirm a stall. */
  auditWanted?: 'view' | 'stall'
  /** A read of its details, or of its audit log, is in flight. */
  reading?: boolean
  auditing?: boolean
}

export interface Candidates {
  now: number
  busy(resource: string): boolean
  namesDueAt: number
  spaces: Iterable<SpaceLists>
  /** Details due for a reading, by time (those being read are not in it). */
  reads: DueQueue
  /** Executions whose audit log is wanted (a few at most: on screen, or a stall to confirm). */
  audits: Iterable<string>
  tracking: Map<string, Tracking>
  hasDetails(executionId: string): boolean
}

/**
 * The best piece of work to do next, due or not (its `dueAt` says when): among due work the
 * highest priority, then the earliest; else the earliest. It runs after every request: the
 * lists and audit logs wanted are few and scanned, the executions' reads come from the queue.
 */
export function pickWork(c: Candidates): Work | undefined {
  const now = c.now
  let best: Work | undefined
  let bestPriority = Infinity
  let bestDue = Infinity
  const better = (priority: number, due: number) => {
    if (!best) return true
    const due1 = due <= now
    const due2 = bestDue <= now
    if (due1 !== due2) return due1
    return due1
      ? priority < bestPriority || (priority === bestPriority && due < bestDue)
      : due < bestDue
  }
  const take = (w: Work) => {
    best = w
    bestPriority = w.priority
    bestDue = w.dueAt
  }
  if (!c.busy('spaces') && better(PRIORITY.lists, c.namesDueAt))
    take({ kind: 'spaces', resource: 'spaces', priority: PRIORITY.lists, dueAt: c.namesDueAt })
  for (const s of c.spaces)
    for (const phase of PHASES) {
      const resource = `list:${s.spaceId}:${phase}`
      const dueAt = s.lists[phase].dueAt
      if (better(PRIORITY.lists, dueAt) && !c.busy(resource))
        take({ kind: 'list', resource, priority: PRIORITY.lists, dueAt, spaceId: s.spaceId, phase })
    }
  const read = c.reads.peek(now)
  if (read && better(read.priority, read.dueAt)) {
    const { id, priority, dueAt } = read
    take({ kind: 'details', resource: `details:${id}`, priority, dueAt, id })
  }
  for (const id of c.audits) {
    const t = c.tracking.get(id)
    if (!t?.auditWanted || t.auditing) continue
    const priority = t.auditWanted === 'view' ? PRIORITY.asked : PRIORITY.cadence
    if (better(priority, now) && c.hasDetails(id))
      take({ kind: 'audit', resource: `audit:${id}`, priority, dueAt: now, id })
  }
  return best
}
