// The monitor's notion of time: a clock and one-shot timers. The app uses real time; tests and
// the CLI's virtual runs use a scheduler whose time moves only when told, so cadence, jitter and
// back-off are tested together with the simulator's virtual clock, never with sleeps.

export interface Timer {
  cancel(): void
}

export interface Scheduler {
  now(): number
  /** Runs `fn` once after `ms` (0 or less: as soon as possible, never synchronously). */
  after(ms: number, fn: () => void): Timer
}

export const realScheduler: Scheduler = {
  now: () => Date.now(),
  after(ms, fn) {
    // Long waits are re-armed in steps so a timer never exceeds Node's 32-bit limit.
    const due = Date.now() + Math.max(0, ms)
    let handle: NodeJS.Timeout
    const arm = () => {
      const left = due - Date.now()
      handle = setTimeout(left > 2 ** 30 ? arm : fn, Math.max(0, Math.min(left, 2 ** 30)))
      handle.unref?.()
    }
    arm()
    return { cancel: () => clearTimeout(handle) }
  }
}

interface Pending {
  due: number
  seq: number
  fn: () => void
  cancelled: boolean
}

/**
 * Time that moves only when advanced. Timers run in due order; `advance` lets the work each one
 * starts settle (through `settle`) before the next one runs, as real time would.
 */
export class VirtualScheduler implements Scheduler {
  private current: number
  private pending: Pending[] = []
  private seq = 0
  private settle: () => Promise<void> = async () => {}

  constructor(start: number) {
    this.current = start
  }

  /** What to wait for after each timer: the work it started (the monitor's `idle`). */
  setSettle(settle: () => Promise<void>): void {
    this.settle = settle
  }

  now(): number {
    return this.current
  }

  after(ms: number, fn: () => void): Timer {
    const p: Pending = {
      due: this.current + Math.max(0, ms),
      seq: this.seq++,
      fn,
      cancelled: false
    }
    this.pending.push(p)
    return { cancel: () => void (p.cancelled = true) }
  }

  /** The time of the earliest pending timer, if any. */
  nextDue(): number | undefined {
    let best: number | undefined
    for (const p of this.pending)
      if (!p.cancelled && (best === undefined || p.due < best)) best = p.due
    return best
  }

  /** Moves time forward by `ms`, running every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.current + ms)
  }

  async advanceTo(target: number): Promise<void> {
    await this.settle()
    for (;;) {
      this.pending = this.pending.filter((p) => !p.cancelled)
      let next: Pending | undefined
      for (const p of this.pending)
        if (
          p.due <= target &&
          (!next || p.due < next.due || (p.due === next.due && p.seq < next.seq))
        )
          next = p
      if (!next) break
      this.pending.splice(this.pending.indexOf(next), 1)
      if (next.due > this.current) this.current = next.due
      next.fn()
      await this.settle()
    }
    if (target > this.current) this.current = target
  }
}
