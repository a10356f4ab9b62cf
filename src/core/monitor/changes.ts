// What changed between two readings of an execution's details: the workflow status, runs that
// appeared, and runs whose status moved. Runs prepared in advance (runNumber null) are left out
// until they get their number.
import type { ExecutionDetails, LaneRun } from '../../shared/execution'

export type ExecutionChange =
  | { kind: 'execution-status'; from: string | undefined; to: string }
  | { kind: 'run-added'; lane: number; run: LaneRun }
  | { kind: 'run-status'; lane: number; run: LaneRun; from: string }

const numbered = (runs: LaneRun[]) => runs.filter((r) => r.runNumber !== null)

export function diffExecution(
  prev: ExecutionDetails | undefined,
  next: ExecutionDetails
): ExecutionChange[] {
  const changes: ExecutionChange[] = []
  if (prev?.status !== next.status)
    changes.push({ kind: 'execution-status', from: prev?.status, to: next.status })
  next.lanes.forEach((lane, i) => {
    const before = new Map(numbered(prev?.lanes[i]?.runs ?? []).map((r) => [r.runNumber, r]))
    // Oldest first, so that a retry's origin is reported before the retry.
    for (const run of numbered(lane.runs).reverse()) {
      const old = before.get(run.runNumber)
      if (!old) changes.push({ kind: 'run-added', lane: i + 1, run })
      else if (old.status !== run.status)
        changes.push({ kind: 'run-status', lane: i + 1, run, from: old.status })
    }
  })
  return changes
}

/** "lane 2, run 3 (rerun of run 1)" */
export function runLabel(lane: number, run: LaneRun): string {
  const origin =
    run.originRunNumber !== null ? ` (${run.runType} of run ${run.originRunNumber})` : ''
  return `lane ${lane}, run ${run.runNumber ?? '?'}${origin}`
}

export function describeChange(c: ExecutionChange): string {
  switch (c.kind) {
    case 'execution-status':
      return c.from === undefined ? `execution is ${c.to}` : `execution ${c.from} → ${c.to}`
    case 'run-added':
      return `${runLabel(c.lane, c.run)} appeared: ${c.run.status}`
    case 'run-status':
      return `${runLabel(c.lane, c.run)} ${c.from} → ${c.run.status}`
  }
}
