// Views read the monitor's cache and reload when the monitor pushes a change that concerns
// them; they never poll. A reload asked for while one is running runs once after it.
import type { Events } from '../../../shared/ipc'
import { bridge } from './api'

export type MonitorChange = Events['monitor:changed']

/** Runs `load` now, then again after each pushed change `concerns` says matters. */
export function follow(
  load: () => Promise<void>,
  concerns: (c: MonitorChange) => boolean
): () => void {
  let running = false
  let again = false
  const run = async () => {
    if (running) {
      again = true
      return
    }
    running = true
    try {
      do {
        again = false
        await load()
      } while (again)
    } finally {
      running = false
    }
  }
  void run()
  return bridge().on('monitor:changed', (c) => {
    if (concerns(c)) void run()
  })
}
