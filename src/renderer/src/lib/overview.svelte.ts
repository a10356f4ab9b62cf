// The monitor's overview (providers and their request budget, watched spaces, running
// executions), shared by the header, the list, the status bar and the settings view.
import type { MonitorOverview } from '../../../shared/monitor-state'
import { bridge, call, errorText } from './api'
import { follow } from './live'

export class OverviewState {
  value = $state<MonitorOverview>()
  error = $state<string>()

  /** Follows the monitor; returns the unsubscribe. */
  start(): () => void {
    return follow(
      async () => {
        try {
          this.value = await call(bridge().monitor.overview({}))
          this.error = undefined
        } catch (err) {
          this.error = errorText(err)
        }
      },
      () => true
    )
  }
}
