// One execution as the monitor has it, for the live view: loaded now and again on each change
// the monitor pushes for it (never polled); actions sent through the contract with the result
// or the server's error as a toast, then the execution read again at once.
import { EXECUTION_ACTIONS, type ExecutionAction, type RunAction } from '../../../../shared/actions'
import type { ActionDone } from '../../../../shared/ipc'
import type { ExecutionState } from '../../../../shared/monitor-state'
import { bridge, call, errorText } from '../api'
import { follow } from '../live'
import { ToastQueue } from '../toasts.svelte'

const DONE: Record<ExecutionAction, string> = {
  pause: 'Pause requested',
  resume: 'Resume requested',
  cancel: 'Cancel requested',
  forceContinue: 'Forced continuation requested',
  delete: 'Execution deleted'
}
const FAILED: Record<ExecutionAction, string> = {
  pause: 'Could not pause',
  resume: 'Could not resume',
  cancel: 'Could not cancel',
  forceContinue: 'Could not force the execution to continue',
  delete: 'Could not delete'
}

export class LiveExecution {
  state = $state.raw<ExecutionState>()
  loadError = $state<string>()
  busy = $state(false)
  readonly toasts: ToastQueue

  constructor(
    readonly accountId: string,
    readonly executionId: string,
    toasts = new ToastQueue()
  ) {
    this.toasts = toasts
  }

  /** Follows the monitor's pushed changes for this execution; returns the stop. */
  start(): () => void {
    return follow(
      () => this.load(),
      (c) => c.accountId === this.accountId && c.executionIds.includes(this.executionId)
    )
  }

  async load(): Promise<void> {
    try {
      this.state = await call(
        bridge().monitor.execution({ accountId: this.accountId, executionId: this.executionId })
      )
      this.loadError = undefined
    } catch (err) {
      this.loadError = errorText(err)
    }
  }

  /** Pause, resume, cancel, force-continue or delete; true when the server took it. */
  act(action: ExecutionAction): Promise<boolean> {
    if (!EXECUTION_ACTIONS.includes(action)) return Promise.resolve(false)
    const { accountId, executionId } = this
    return this.#send(
      () => call(bridge().executions.act({ accountId, executionId, action })),
      DONE[action],
      FAILED[action],
      action === 'delete'
    )
  }

  repeat(type: RunAction, laneIndex: number, laneRunNumber: number): Promise<boolean> {
    const { accountId, executionId } = this
    const what = `lane ${laneIndex}, run ${laneRunNumber}`
    return this.#send(
      () =>
        call(
          bridge().executions.repeat({ accountId, executionId, type, laneIndex, laneRunNumber })
        ),
      type === 'retry' ? `Retry of ${what} scheduled` : `Rerun of ${what} scheduled`,
      type === 'retry' ? `Could not retry ${what}` : `Could not rerun ${what}`,
      false
    )
  }

  async #send(
    work: () => Promise<ActionDone>,
    done: string,
    failed: string,
    gone: boolean
  ): Promise<boolean> {
    if (this.busy) return false
    this.busy = true
    try {
      // A note says the provider took it but its answer could not be read.
      const { note } = await work()
      this.toasts.success(done, note)
      return true
    } catch (err) {
      this.toasts.error(failed, err)
      return false
    } finally {
      this.busy = false
      // Read it again at once, whatever happened: the server may have moved on.
      if (!gone)
        void call(
          bridge().monitor.refresh({ accountId: this.accountId, executionId: this.executionId })
        ).catch(() => {})
    }
  }
}
