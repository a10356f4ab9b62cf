// Runs a monitor on a scheduler driven by a sleep function, for the command line: time moves by
// what was slept (and never falls behind the wall clock), so the same loop runs in real time
// for a user and in the simulator's virtual time under tests.
import type { Monitor } from './monitor'
import { VirtualScheduler } from './scheduler'

export interface SleepDriver {
  /** Resolves after `ms` (or early when the run is interrupted). */
  sleep(ms: number): Promise<void>
  /** True once the run should end (Ctrl-C, or the caller is done). */
  stopped(): boolean
  /** The wall clock; tests leave it alone. */
  now?: () => number
}

/** A scheduler for a monitor that `drive` will move; starts at the wall clock. */
export function drivenScheduler(now: () => number = Date.now): VirtualScheduler {
  return new VirtualScheduler(now())
}

/** Moves the scheduler from timer to timer until stopped; then stops the monitor. */
export async function drive(
  monitor: Monitor,
  scheduler: VirtualScheduler,
  driver: SleepDriver,
  idleStepMs = 1000
): Promise<void> {
  scheduler.setSettle(() => monitor.idle())
  const wall = driver.now ?? Date.now
  try {
    await scheduler.advance(0)
    while (!driver.stopped()) {
      const next = scheduler.nextDue() ?? scheduler.now() + idleStepMs
      await driver.sleep(Math.max(0, next - scheduler.now()))
      if (driver.stopped()) break
      await scheduler.advanceTo(Math.max(next, wall()))
    }
  } finally {
    await monitor.stop()
  }
}
