// What can be done to an execution from the list without opening it: pause or resume it (`p`),
// and retry or rerun its failed lane run, with the same rules and reasons as the execution view.
import { executionActions, runActions, type Verdict } from '../../../../shared/actions'
import type { ExecutionDetails } from '../../../../shared/execution'
import type { RunTarget } from '../../../../shared/confirmations'

/** Pause when it can be paused, resume when it can be resumed; otherwise why neither. */
export function pauseOrResume(
  d: ExecutionDetails
): { action: 'pause' | 'resume' } | { refused: string } {
  const verdicts = executionActions(d)
  if (verdicts.pause.allowed) return { action: 'pause' }
  if (verdicts.resume.allowed) return { action: 'resume' }
  const reason = (v: Verdict) => (v.allowed ? '' : v.reason)
  return { refused: `"${d.name}" can be neither paused nor resumed: ${reason(verdicts.pause)}` }
}

export interface FailedRun extends RunTarget {
  retry: Verdict
  rerun: Verdict
}

/**
 * The lane run a failed execution would be repeated from: the newest run that failed (or was
 * cancelled or crashed) and may be retried or rerun; undefined when there is none.
 */
export function failedRun(d: ExecutionDetails): FailedRun | undefined {
  let best: FailedRun | undefined
  d.lanes.forEach((lane, i) => {
    for (const run of lane.runs) {
      if (run.runNumber === null || run.status === 'finished') continue
      const verdicts = runActions(d, run)
      if (!verdicts.retry.allowed && !verdicts.rerun.allowed) continue
      if (!best || run.runNumber >= best.runNumber)
        best = { laneIndex: i + 1, runNumber: run.runNumber, ...verdicts }
    }
  })
  return best
}
