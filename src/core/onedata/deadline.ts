// The overall deadline of one client call: headers, body, retries and the waits between them
// together. Time comes from an injectable clock, so tests move it instead of waiting.

export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout)
}

/** A sleep on `clock` that a signal cuts short (rejecting with the signal's reason). */
export function sleeper(clock: Clock) {
  return (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const onAbort = () => {
        clock.clearTimeout(timer)
        reject(signal!.reason)
      }
      const timer = clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
}

/** The longest delay a timer can take (setTimeout fires at once beyond it). */
export const MAX_TIMER_MS = 2 ** 31 - 1

export function isTimerDelay(ms: number): boolean {
  return Number.isFinite(ms) && ms > 0 && ms <= MAX_TIMER_MS
}

/** "30 s", "2 min 5 s", "1 h 10 min": how long, for messages. */
export function formatDuration(ms: number): string {
  const s = Math.ceil(ms / 1000)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`
  const h = Math.floor(m / 60)
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`
}

export class Deadline {
  /** Aborts when the deadline passes or the caller's signal aborts. */
  readonly signal: AbortSignal
  private readonly controller = new AbortController()
  private readonly at: number
  private readonly timer: unknown
  private readonly detach: () => void
  expired = false

  constructor(
    private readonly clock: Clock,
    readonly ms: number,
    outer?: AbortSignal
  ) {
    this.signal = this.controller.signal
    this.at = clock.now() + ms
    this.timer = clock.setTimeout(() => {
      this.expired = true
      this.controller.abort(new Error(`deadline of ${ms} ms passed`))
    }, ms)
    const onOuterAbort = () => this.controller.abort(outer!.reason)
    if (outer?.aborted) onOuterAbort()
    else outer?.addEventListener('abort', onOuterAbort, { once: true })
    this.detach = () => outer?.removeEventListener('abort', onOuterAbort)
  }

  remaining(): number {
    return Math.max(0, this.at - this.clock.now())
  }

  dispose(): void {
    this.clock.clearTimeout(this.timer)
    this.detach()
  }
}
