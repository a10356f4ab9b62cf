// The execution view's own state: the selected lane run, kept across updates (and moved to a
// new retry or rerun when the user was on a lane's newest run), and what the header and the
// timeline derive from the monitor's state. Live and offline views share it.
import type { ExecutionDetails } from '../../../../shared/execution'
import type { ExecutionState } from '../../../../shared/monitor-state'
import { followSelection, listRuns, type RunRef } from '../../../../shared/timeline/runs'

export class RunSelection {
  key = $state<string>()
  #runs: readonly RunRef[] = []
  #details: ExecutionDetails | null = null

  /** New details arrived: keep the selection, or follow a new run of the lane. */
  update(details: ExecutionDetails | null): void {
    if (details === this.#details) return
    this.#details = details
    // From the previous list: a refresh that changed a status lists nothing again.
    const after = details ? listRuns(details, this.#runs) : []
    const next = followSelection(this.#runs, after, this.key)
    this.#runs = after
    if (next !== this.key) this.key = next
  }

  select(key: string | undefined): void {
    this.key = key
  }
}

/** "debug" when the audit log has debug entries (only written at that level), else unknown. */
export function logLevelOf(state: Pick<ExecutionState, 'logLevel' | 'auditLog'>): string {
  if (state.logLevel) return state.logLevel
  if (state.auditLog?.some((e) => e.severity === 'debug')) return 'debug'
  return 'unknown'
}
