// Synthetic executions for the timeline benchmark: `lanes` lanes of `runsPerLane` runs each,
// with retries, reruns and failures, timed by the audit-log entries a real Oneprovider writes.
import type { AuditLogEntry, ExecutionDetails, LaneRun } from '../../src/shared/execution'

const START = Date.UTC(2026, 10, 20, 8, 0, 0)
const STEP_MS = 30_000

function run(lane: number, n: number, last: boolean): LaneRun {
  const type = n === 1 ? 'regular' : n % 3 === 0 ? 'rerun' : 'retry'
  return {
    runNumber: n,
    originRunNumber: n === 1 ? null : type === 'rerun' ? 1 : n - 1,
    runType: type,
    status: last ? 'active' : (lane * 7 + n) % 5 === 0 ? 'failed' : 'finished',
    iteratedStoreId: `it-${lane}-${n}`,
    exceptionStoreId: `ex-${lane}-${n}`,
    parallelBoxes: [
      { schemaId: `box-${lane}`, taskRegistry: { [`task-${lane}`]: `te-${lane}-${n}` } }
    ],
    isRetriable: false,
    isRerunable: false
  }
}

export interface Synthetic {
  details: ExecutionDetails
  log: AuditLogEntry[]
  now: number
}

export function synthetic(lanes: number, runsPerLane: number): Synthetic {
  const log: AuditLogEntry[] = []
  const add = (at: number, description: string) =>
    log.push({
      index: String(log.length),
      timestamp: at,
      severity: 'info',
      content: { description }
    })
  // Execution order: run number first, then lane.
  let order = 0
  for (let n = 1; n <= runsPerLane; n++)
    for (let lane = 1; lane <= lanes; lane++) {
      const at = START + order++ * STEP_MS
      add(at, `[Lane: ${lane}, Run: ${n}] Prepared.`)
      if (!(n === runsPerLane && lane === lanes))
        add(at + STEP_MS - 2000, `[Lane: ${lane}, Run: ${n}] Stopped.`)
    }
  const details: ExecutionDetails = {
    atmWorkflowExecutionId: 'bench',
    atmWorkflowSchemaSnapshotId: 'bench',
    name: `synthetic ${lanes}×${runsPerLane}`,
    atmInventoryId: 'inv',
    spaceId: 'space',
    userId: 'user',
    status: 'active',
    scheduleTime: Math.floor(START / 1000),
    startTime: Math.floor(START / 1000),
    suspendTime: 0,
    finishTime: 0,
    lambdaSnapshotRegistry: {},
    storeRegistry: {},
    systemAuditLogStoreId: 'audit',
    lanes: Array.from({ length: lanes }, (_, i) => ({
      schemaId: `lane-${i + 1}`,
      runs: Array.from({ length: runsPerLane }, (_, j) =>
        run(i + 1, runsPerLane - j, i + 1 === lanes && j === 0)
      )
    }))
  }
  return { details, log, now: START + order * STEP_MS }
}

/** The same execution as the monitor would send it next: a new object, one run's status changed. */
export function withOneStatusChanged(details: ExecutionDetails): ExecutionDetails {
  const next = JSON.parse(JSON.stringify(details)) as ExecutionDetails
  const lane = next.lanes[Math.floor(next.lanes.length / 2)]!
  const target = lane.runs[Math.floor(lane.runs.length / 2)]!
  target.status = target.status === 'failed' ? 'finished' : 'failed'
  return next
}
