// From two readings of an execution's details to the monitor's typed events, and the observed
// status times the timeline reads. Runs prepared in advance (runNumber null) count only once
// numbered; statuses the spec does not list are carried as sent and never taken for known ones.
import type { ExecutionDetails, LaneRun } from '../../shared/execution'
import type { NewMonitorEvent } from '../../shared/monitor'
import type { Observations } from '../../shared/observations'
import { isLaneRunStopped, laneRunPhase, workflowPhase } from '../../shared/statuses'
import { diffExecution } from './changes'

export interface EventContext {
  accountId: string
  spaceId: string
  at: number
}

export interface Derived {
  events: NewMonitorEvent[]
  observations: Observations
  /** Whether anything an observer could see changed (for cadence and stall detection). */
  changed: boolean
}

/**
 * Events for the step from `prev` to `next`. Without `prev`, `announce` says whether the
 * execution is new to a space already being watched (its state is news) or merely first read
 * (a baseline: nothing to announce).
 */
export function deriveEvents(
  ctx: EventContext,
  prev: ExecutionDetails | undefined,
  next: ExecutionDetails,
  observed: Observations,
  announce: boolean
): Derived {
  const observations = observe(observed, next, ctx.at)
  const base = {
    at: ctx.at,
    accountId: ctx.accountId,
    spaceId: ctx.spaceId,
    executionId: next.atmWorkflowExecutionId,
    executionName: next.name
  }
  const changed = prev === undefined || !sameDetails(prev, next)
  const changes = changed ? diffExecution(prev, next) : []
  if (!prev && !announce) return { events: [], observations, changed }

  const events: NewMonitorEvent[] = []
  for (const c of changes) {
    if (c.kind === 'execution-status') continue
    const run = runFields(c.lane, c.run)
    const from = c.kind === 'run-status' ? c.from : undefined
    if (c.kind === 'run-added' && c.run.originRunNumber !== null)
      events.push({
        ...base,
        ...run,
        type: 'runAdded',
        originRunNumber: c.run.originRunNumber,
        status: c.run.status
      })
    if (c.run.status === 'active' && from !== 'active')
      events.push({ ...base, ...run, type: 'laneRunStarted', status: c.run.status })
    // A status the spec does not list may be a stop Lanewatch cannot tell: it is told as sent.
    const unknown = laneRunPhase(c.run.status) === undefined
    if (
      unknown ||
      (isLaneRunStopped(c.run.status) && (from === undefined || !isLaneRunStopped(from)))
    )
      events.push({
        ...base,
        ...run,
        type: 'laneRunStopped',
        status: c.run.status,
        ranForMs: ranFor(observed, c.lane, run.runNumber, ctx.at)
      })
  }
  const status = changes.find((c) => c.kind === 'execution-status')
  if (status?.kind === 'execution-status') {
    events.push({
      ...base,
      type: 'executionStatusChanged',
      from: status.from ?? null,
      status: status.to
    })
    const endedNow =
      workflowPhase(status.to) === 'ended' &&
      (status.from === undefined || workflowPhase(status.from) !== 'ended')
    if (endedNow)
      events.push({ ...base, type: 'executionEnded', status: status.to, ranForMs: ranTime(next) })
  }
  return { events, observations, changed }
}

function runFields(laneIndex: number, run: LaneRun) {
  return {
    laneIndex,
    runNumber: run.runNumber!,
    originRunNumber: run.originRunNumber,
    runType: run.runType
  }
}

/** From the first moment the run was seen active to `at`; null if it was never seen active. */
function ranFor(o: Observations, lane: number, runNumber: number, at: number): number | null {
  const started = o.runs.find(
    (r) => r.laneIndex === lane && r.runNumber === runNumber && r.status === 'active'
  )
  return started ? Math.max(0, at - started.at) : null
}

/** The server's own start-to-finish time of the execution's latest stint, when it set both. */
function ranTime(d: ExecutionDetails): number | null {
  return d.startTime > 0 && d.finishTime >= d.startTime ? (d.finishTime - d.startTime) * 1000 : null
}

/** Appends each status seen for the first time since the last change, oldest first. */
export function observe(o: Observations, d: ExecutionDetails, at: number): Observations {
  const execution =
    o.execution.at(-1)?.status === d.status
      ? o.execution
      : [...o.execution, { status: d.status, at }]
  const last = new Map<string, string>()
  for (const r of o.runs) last.set(`${r.laneIndex}:${r.runNumber}`, r.status)
  const added: Observations['runs'] = []
  d.lanes.forEach((lane, i) => {
    for (const run of lane.runs) {
      if (run.runNumber === null) continue
      if (last.get(`${i + 1}:${run.runNumber}`) === run.status) continue
      added.push({ laneIndex: i + 1, runNumber: run.runNumber, status: run.status, at })
    }
  })
  if (execution === o.execution && added.length === 0) return o
  return { execution, runs: added.length ? [...o.runs, ...added] : o.runs }
}

/** Whether two readings are the same in every value (stops at the first difference). */
export function sameDetails(a: ExecutionDetails, b: ExecutionDetails): boolean {
  return same(a, b)
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  for (const k of ka)
    if (!same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false
  return true
}
