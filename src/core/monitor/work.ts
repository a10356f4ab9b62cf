// The pieces of work the monitor does for one account, what each one touches, and which goes
// first when several are due: the execution on screen, then what a view asked for, then the
// phase lists, then everything on its cadence.
import type { AuditLogEntry } from '../../shared/execution'
import type { Problem } from '../../shared/monitor-state'
import type { Phase } from '../../shared/statuses'

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
