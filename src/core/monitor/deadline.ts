// Every piece of work the monitor waits for ends by a deadline on the monitor's clock, so a slot
// of the provider's gate always comes back: an answer that never comes, a body never finished, a
// keychain that never answers. Stopping the monitor ends the wait at once too.
import type { Scheduler } from './scheduler'

/**
 * Runs `start` with a signal that aborts at the deadline (or when the controller, kept in
 * `controllers` meanwhile, is aborted), and settles by then even if `start` ignores the signal:
 * with `timeout()` at the deadline, with a "stopped" error on an abort from outside.
 */
export async function underDeadline<T>(
  scheduler: Scheduler,
  ms: number,
  controllers: Set<AbortController>,
  start: (signal: AbortSignal) => Promise<T>,
  timeout: () => Error
): Promise<T> {
  const ctl = new AbortController()
  controllers.add(ctl)
  let timedOut = false
  const timer = scheduler.after(ms, () => {
    timedOut = true
    ctl.abort()
  })
  const ended = new Promise<never>((_, reject) =>
    ctl.signal.addEventListener('abort', () =>
      reject(timedOut ? timeout() : new Error('the monitor stopped'))
    )
  )
  try {
    const work = start(ctl.signal)
    // Whichever loses the race is settled quietly.
    work.catch(() => undefined)
    ended.catch(() => undefined)
    return await Promise.race([work, ended]).catch((err: unknown) => {
      throw timedOut ? timeout() : err
    })
  } finally {
    timer.cancel()
    controllers.delete(ctl)
  }
}
