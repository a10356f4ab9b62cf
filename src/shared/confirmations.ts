// What an action that stops, destroys or starts work will do, said in Onedata's terms before
// it is done. One text for the execution view and the inbox's row actions. Run numbers follow
// spec §4.4: they are global to the execution and a retry or rerun takes the next one.
import type { ExecutionAction, RunAction } from './actions'
import type { ExecutionDetails } from './execution'
import type { WorkflowNames } from './observations'
import { workflowPhase } from './statuses'

export type ConfirmedAction =
  Extract<ExecutionAction, 'cancel' | 'delete' | 'forceContinue'> | RunAction
export const CONFIRMED_ACTIONS: readonly ConfirmedAction[] = [
  'cancel',
  'delete',
  'forceContinue',
  'retry',
  'rerun'
]

export const needsConfirmation = (action: ExecutionAction | RunAction): action is ConfirmedAction =>
  (CONFIRMED_ACTIONS as readonly string[]).includes(action)

export interface Confirmation {
  /** What happens, in full sentences. */
  text: string
  /** The confirming button's label. */
  confirm: string
  /** The button that backs out. */
  keep: string
}

type Details = Pick<ExecutionDetails, 'name' | 'status' | 'lanes'>

/** A selected lane run: 1-based lane index and its run number. */
export interface RunTarget {
  laneIndex: number
  runNumber: number
}

function highestRunNumber(d: Details): number {
  let max = 0
  for (const lane of d.lanes)
    for (const run of lane.runs)
      if (run.runNumber !== null && run.runNumber > max) max = run.runNumber
  return max
}

/** The current lane run: the highest run number, in the last lane that has it. */
function currentRun(d: Details): RunTarget | undefined {
  const n = highestRunNumber(d)
  for (let i = d.lanes.length - 1; i >= 0; i--)
    if (d.lanes[i]!.runs.some((r) => r.runNumber === n)) return { laneIndex: i + 1, runNumber: n }
  return undefined
}

function lane(d: Details, laneIndex: number, names?: WorkflowNames, capital = false): string {
  const schemaId = d.lanes[laneIndex - 1]?.schemaId
  const name = schemaId ? names?.lanes[schemaId] : undefined
  return `${capital ? 'Lane' : 'lane'} ${laneIndex}${name ? ` (${name})` : ''}`
}

function cancel(d: Details, names?: WorkflowNames): Confirmation {
  const run = currentRun(d)
  const which = run ? `${lane(d, run.laneIndex, names)}, run ${run.runNumber}` : 'its current run'
  const what =
    workflowPhase(d.status) === 'suspended'
      ? `It is ${d.status}: ${which} ends cancelled instead of resuming`
      : d.status === 'stopping'
        ? `The stop under way becomes a cancel: ${which} ends cancelled`
        : `${which[0]!.toUpperCase()}${which.slice(1)} stops now, abandoning the items in processing, and ends cancelled`
  return {
    text: `Cancel "${d.name}"? ${what}; no later lane runs. Its runs can be rerun afterwards.`,
    confirm: 'Cancel the execution',
    keep: 'Keep it'
  }
}

function remove(d: Details): Confirmation {
  const suspended = workflowPhase(d.status) === 'suspended'
  return {
    text: `Delete "${d.name}" from the provider? ${suspended ? 'It will never resume. ' : ''}Its details, stores and audit log are discarded and it disappears from every list; this cannot be undone.`,
    confirm: 'Delete the execution',
    keep: 'Keep it'
  }
}

function forceContinue(d: Details, names?: WorkflowNames): Confirmation {
  const failed = currentRun(d)
  if (!failed)
    return {
      text: `Continue "${d.name}" with its next lane.`,
      confirm: 'Force continue',
      keep: 'Keep it stopped'
    }
  const next = failed.laneIndex + 1
  return {
    text: `Continue "${d.name}" past the failure in ${lane(d, failed.laneIndex, names)}. Run ${failed.runNumber} there stays failed; ${lane(d, next, names)} starts as run ${failed.runNumber} and processes what the lanes before it stored.`,
    confirm: 'Force continue',
    keep: 'Keep it stopped'
  }
}

function repeat(
  type: RunAction,
  d: Details,
  target: RunTarget,
  names?: WorkflowNames
): Confirmation {
  const next = highestRunNumber(d) + 1
  const n = target.runNumber
  const what =
    type === 'retry'
      ? `Retry the failed items of ${lane(d, target.laneIndex, names)}, run ${n}. They come from run ${n}'s exception store`
      : `Rerun all items of ${lane(d, target.laneIndex, names)}, run ${n}. They come from run ${n}'s iterated store, the same items it processed`
  const later = d.lanes.length - target.laneIndex
  const after =
    later === 0
      ? ''
      : later === 1
        ? ` When it finishes, lane ${target.laneIndex + 1} runs again as run ${next}.`
        : ` When it finishes, lanes ${target.laneIndex + 1}–${d.lanes.length} run again as run ${next}.`
  return {
    text: `${what}; the new run will be run ${next}.${after}`,
    confirm: type === 'retry' ? `Retry as run ${next}` : `Rerun as run ${next}`,
    keep: 'Not now'
  }
}

/** The confirmation for an action; retry and rerun need the run they repeat. */
export function confirmation(
  action: ConfirmedAction,
  details: Details,
  options: { target?: RunTarget; names?: WorkflowNames } = {}
): Confirmation {
  switch (action) {
    case 'cancel':
      return cancel(details, options.names)
    case 'delete':
      return remove(details)
    case 'forceContinue':
      return forceContinue(details, options.names)
    case 'retry':
    case 'rerun':
      if (!options.target) throw new Error(`a ${action} needs the lane run it repeats`)
      return repeat(action, details, options.target, options.names)
  }
}
