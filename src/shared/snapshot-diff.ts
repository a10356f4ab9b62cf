// What changed in one execution between two moments: two snapshots, or a snapshot and the live
// execution. Pure, so the CLI prints it and the renderer can show it (also on the timeline).
import type { AuditLogEntry, ExecutionDetails, LaneRun } from './execution'

/** One side of a comparison: a snapshot, or live details with the audit log. */
export interface ExecutionState {
  execution: ExecutionDetails
  auditLog: AuditLogEntry[]
}

export interface RunSummary {
  /** 1-based lane index. */
  laneIndex: number
  /** null: a run prepared in advance, not numbered yet. */
  runNumber: number | null
  runType: string
  originRunNumber: number | null
  status: string
}

export interface RunStatusChange {
  laneIndex: number
  runNumber: number | null
  before: string
  after: string
}

export interface ExecutionDiff {
  executionId: string
  name: string
  /** Only when the execution's status changed. */
  status?: { before: string; after: string }
  /** Runs in the later state only (a run prepared in advance that got its number counts here). */
  newRuns: RunSummary[]
  changedRuns: RunStatusChange[]
  /** Runs in the earlier state only: runs prepared in advance are deleted when an execution stops. */
  goneRuns: RunSummary[]
  /** Entries of the later audit log that the earlier one lacks, in the later log's order. */
  addedEntries: AuditLogEntry[]
  /** Entries of the earlier log the later one lacks: the two were probably given the wrong way round. */
  missingEntries: number
}

export type Comparison =
  { comparable: true; diff: ExecutionDiff } | { comparable: false; reason: string }

const key = (laneIndex: number, runNumber: number | null) => `${laneIndex}:${runNumber ?? 'ahead'}`

function runsOf(d: ExecutionDetails): Map<string, RunSummary> {
  const runs = new Map<string, RunSummary>()
  d.lanes.forEach((lane, i) =>
    lane.runs.forEach((r: LaneRun) =>
      runs.set(key(i + 1, r.runNumber), {
        laneIndex: i + 1,
        runNumber: r.runNumber,
        runType: r.runType,
        originRunNumber: r.originRunNumber,
        status: r.status
      })
    )
  )
  return runs
}

/** Oldest lane first, then by run number (runs prepared in advance last). */
const byLaneAndRun = (a: { laneIndex: number; runNumber: number | null }, b: typeof a) =>
  a.laneIndex - b.laneIndex || (a.runNumber ?? Infinity) - (b.runNumber ?? Infinity)

/** Compares an earlier state of an execution with a later one; refuses two executions. */
export function compareExecutions(before: ExecutionState, after: ExecutionState): Comparison {
  const a = before.execution
  const b = after.execution
  if (a.atmWorkflowExecutionId !== b.atmWorkflowExecutionId)
    return {
      comparable: false,
      reason: `These are two different executions ("${a.name}" ${a.atmWorkflowExecutionId} and "${b.name}" ${b.atmWorkflowExecutionId}); only states of the same execution can be compared.`
    }
  const runsA = runsOf(a)
  const runsB = runsOf(b)
  const newRuns = [...runsB].filter(([k]) => !runsA.has(k)).map(([, r]) => r)
  const changedRuns: RunStatusChange[] = []
  for (const [k, r] of runsB) {
    const old = runsA.get(k)
    if (old && old.status !== r.status)
      changedRuns.push({
        laneIndex: r.laneIndex,
        runNumber: r.runNumber,
        before: old.status,
        after: r.status
      })
  }
  // A run prepared in advance that is gone while its lane gained a numbered run got that number.
  const numberedIn = new Set(newRuns.filter((r) => r.runNumber !== null).map((r) => r.laneIndex))
  const goneRuns = [...runsA]
    .filter(([k]) => !runsB.has(k))
    .map(([, r]) => r)
    .filter((r) => r.runNumber !== null || !numberedIn.has(r.laneIndex))

  const indexesA = new Set(before.auditLog.map((e) => e.index))
  const indexesB = new Set(after.auditLog.map((e) => e.index))
  let missingEntries = 0
  for (const i of indexesA) if (!indexesB.has(i)) missingEntries++

  return {
    comparable: true,
    diff: {
      executionId: b.atmWorkflowExecutionId,
      name: b.name,
      ...(a.status !== b.status ? { status: { before: a.status, after: b.status } } : {}),
      newRuns: newRuns.sort(byLaneAndRun),
      changedRuns: changedRuns.sort(byLaneAndRun),
      goneRuns: goneRuns.sort(byLaneAndRun),
      addedEntries: after.auditLog.filter((e) => !indexesA.has(e.index)),
      missingEntries
    }
  }
}

/** Whether nothing changed between the two states. */
export function isUnchanged(d: ExecutionDiff): boolean {
  return (
    !d.status &&
    !d.newRuns.length &&
    !d.changedRuns.length &&
    !d.goneRuns.length &&
    !d.addedEntries.length &&
    !d.missingEntries
  )
}
