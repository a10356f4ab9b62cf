// Changing an execution, for the CLI and the app alike: the action rules are checked against
// fresh details first, so a refusal the rules already know is explained without a request.
import { executionActions, refusal, runActions, type ExecutionAction } from '../shared/actions'
import type { ExecutionDetails } from '../shared/execution'
import { AppError } from './errors'
import type { LifecycleAction, OneproviderClient } from './onedata'

const CALL: Record<Exclude<ExecutionAction, 'delete'>, LifecycleAction> = {
  pause: 'pause',
  resume: 'resume',
  cancel: 'cancel',
  forceContinue: 'force_continue'
}

const refused = (sentence: string) => new AppError('action.refused', sentence)

/** The details an action was decided on, and the client's note if the answer was unreadable. */
export interface ActionDone {
  details: ExecutionDetails
  note?: string
}

/** Performs an execution action. */
export async function controlExecution(
  client: OneproviderClient,
  executionId: string,
  action: ExecutionAction,
  signal?: AbortSignal
): Promise<ActionDone> {
  const d = await client.getExecution(executionId, { signal })
  const verdict = executionActions(d)[action]
  if (!verdict.allowed) throw refused(refusal(action, verdict)!)
  const { note } =
    action === 'delete'
      ? await client.deleteExecution(executionId, { signal })
      : await client.lifecycle(CALL[action], executionId, { signal })
  return { details: d, note }
}

/** Retries or reruns one lane run (1-based lane index, run number). */
export async function repeatLaneRun(
  client: OneproviderClient,
  executionId: string,
  type: 'retry' | 'rerun',
  laneIndex: number,
  laneRunNumber: number,
  signal?: AbortSignal
): Promise<ActionDone> {
  const d = await client.getExecution(executionId, { signal })
  const lane = d.lanes[laneIndex - 1]
  if (!lane)
    throw refused(`cannot ${type}: the execution has ${d.lanes.length} lanes, not ${laneIndex}`)
  const run = lane.runs.find((r) => r.runNumber === laneRunNumber)
  if (!run) throw refused(`cannot ${type}: lane ${laneIndex} has no run ${laneRunNumber}`)
  const verdict = runActions(d, run)[type]
  if (!verdict.allowed) throw refused(refusal(type, verdict)!)
  const { note } = await client.repeatLaneRun(
    type,
    executionId,
    { laneIndex, laneRunNumber },
    { signal }
  )
  return { details: d, note }
}
