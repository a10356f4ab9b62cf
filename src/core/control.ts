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

/** Performs an execution action; returns the details it was decided on. */
export async function controlExecution(
  client: OneproviderClient,
  executionId: string,
  action: ExecutionAction,
  signal?: AbortSignal
): Promise<ExecutionDetails> {
  const d = await client.getExecution(executionId, { signal })
  const verdict = executionActions(d)[action]
  if (!verdict.allowed) throw refused(refusal(action, verdict)!)
  if (action === 'delete') await client.deleteExecution(executionId, { signal })
  else await client.lifecycle(CALL[action], executionId, { signal })
  return d
}

/** Retries or reruns one lane run (1-based lane index, run number). */
export async function repeatLaneRun(
  client: OneproviderClient,
  executionId: string,
  type: 'retry' | 'rerun',
  laneIndex: number,
  laneRunNumber: number,
  signal?: AbortSignal
): Promise<ExecutionDetails> {
  const d = await client.getExecution(executionId, { signal })
  const lane = d.lanes[laneIndex - 1]
  if (!lane)
    throw refused(`cannot ${type}: the execution has ${d.lanes.length} lanes, not ${laneIndex}`)
  const run = lane.runs.find((r) => r.runNumber === laneRunNumber)
  if (!run) throw refused(`cannot ${type}: lane ${laneIndex} has no run ${laneRunNumber}`)
  const verdict = runActions(d, run)[type]
  if (!verdict.allowed) throw refused(refusal(type, verdict)!)
  await client.repeatLaneRun(type, executionId, { laneIndex, laneRunNumber }, { signal })
  return d
}
