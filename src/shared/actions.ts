// Which actions the server would accept, and why not, for an execution's details (spec §4.5,
// clarifications "Action rules"). One source for button enablement in the UI, refusals in the
// CLI, and the simulator's conformance tests. Unknown statuses allow nothing and say so.
import type { ExecutionDetails, LaneRun } from './execution'
import { isKnownWorkflowStatus, laneRunPhase, workflowPhase } from './statuses'

export const EXECUTION_ACTIONS = ['pause', 'resume', 'cancel', 'forceContinue', 'delete'] as const
export type ExecutionAction = (typeof EXECUTION_ACTIONS)[number]
export const RUN_ACTIONS = ['retry', 'rerun'] as const
export type RunAction = (typeof RUN_ACTIONS)[number]

export type Verdict = { allowed: true } | { allowed: false; reason: string }

const yes: Verdict = { allowed: true }
const no = (reason: string): Verdict => ({ allowed: false, reason })

type Details = Pick<ExecutionDetails, 'status' | 'lanes'>

function unknownStatus(status: string): Verdict {
  return no(`the execution's status "${status}" is not one Lanewatch knows, so it cannot tell`)
}

/** Highest run number in a lane (0 when the lane has no numbered run). */
function maxRunNumber(runs: readonly LaneRun[]): number {
  return runs.reduce((max, r) => (r.runNumber !== null && r.runNumber > max ? r.runNumber : max), 0)
}

/**
 * While `stopping`, the workflow may already be finishing because its last run ended by itself;
 * the server then refuses pause and cancel. Visible as: no numbered run is still going.
 */
function isFinishingUp(d: Details): boolean {
  const runs = d.lanes.flatMap((l) => l.runs).filter((r) => r.runNumber !== null)
  return runs.length > 0 && runs.every((r) => laneRunPhase(r.status) === 'ended')
}

function pause(d: Details): Verdict {
  switch (d.status) {
    case 'scheduled':
    case 'resuming':
    case 'active':
      return yes
    case 'stopping':
      return no('the execution is already stopping')
    case 'paused':
      return no('the execution is already paused')
    case 'interrupted':
      return no('the execution is interrupted; resume or cancel it')
    default:
      return isKnownWorkflowStatus(d.status)
        ? no('the execution has ended')
        : unknownStatus(d.status)
  }
}

function cancel(d: Details): Verdict {
  switch (d.status) {
    case 'scheduled':
    case 'resuming':
    case 'active':
    case 'paused':
    case 'interrupted':
      return yes
    case 'stopping':
      // A pause in progress is upgraded to a cancel by the server.
      return isFinishingUp(d) ? no('the execution is already finishing') : yes
    default:
      return isKnownWorkflowStatus(d.status)
        ? no('the execution has ended')
        : unknownStatus(d.status)
  }
}

function resume(d: Details): Verdict {
  if (d.status === 'paused' || d.status === 'interrupted') return yes
  if (!isKnownWorkflowStatus(d.status)) return unknownStatus(d.status)
  return no(`only paused or interrupted executions can be resumed (this one is ${d.status})`)
}

function forceContinue(d: Details): Verdict {
  if (!isKnownWorkflowStatus(d.status)) return unknownStatus(d.status)
  if (d.status !== 'failed') return no('only failed executions can be continued')
  // As the official GUI decides: the failure was in the last lane when that lane holds the
  // execution's highest run number.
  const last = d.lanes[d.lanes.length - 1]
  const globalMax = Math.max(0, ...d.lanes.map((l) => maxRunNumber(l.runs)))
  if (!last || maxRunNumber(last.runs) >= globalMax)
    return no('the execution failed in its last lane, so there is nothing to continue with')
  return yes
}

function remove(d: Details): Verdict {
  const phase = workflowPhase(d.status)
  if (phase === undefined) return unknownStatus(d.status)
  if (phase === 'suspended' || phase === 'ended') return yes
  return no('only paused, interrupted or ended executions can be deleted; pause or cancel it first')
}

/** What can be done to the execution as a whole. */
export function executionActions(d: Details): Record<ExecutionAction, Verdict> {
  return {
    pause: pause(d),
    resume: resume(d),
    cancel: cancel(d),
    forceContinue: forceContinue(d),
    delete: remove(d)
  }
}

/** Whether one lane run may be retried (failed items again) or rerun (all items again). */
export function runActions(d: Details, run: LaneRun): Record<RunAction, Verdict> {
  const common = repeatBlocker(d, run)
  if (common) return { retry: common, rerun: common }
  return {
    retry: run.isRetriable
      ? yes
      : run.status === 'failed'
        ? no(
            'the run was stopped (cancelled, crashed or over the failure threshold), so only a rerun is possible'
          )
        : no(`only failed runs can be retried (this one is ${run.status})`),
    rerun: run.isRerunable
      ? yes
      : no(`only finished, failed or cancelled runs can be rerun (this one is ${run.status})`)
  }
}

function repeatBlocker(d: Details, run: LaneRun): Verdict | undefined {
  if (!isKnownWorkflowStatus(d.status)) return unknownStatus(d.status)
  if (workflowPhase(d.status) !== 'ended') return no('the execution has not ended yet')
  if (d.status === 'crashed')
    return no('the execution crashed, so none of its runs can be repeated')
  if (run.runNumber === null) return no('this run was prepared in advance and never ran')
  return undefined
}

/** A sentence for a refused action, e.g. "cannot pause: the execution has ended". */
export function refusal(action: ExecutionAction | RunAction, verdict: Verdict): string | undefined {
  if (verdict.allowed) return undefined
  const verb = action === 'forceContinue' ? 'force-continue' : action
  return `cannot ${verb}: ${verdict.reason}`
}
