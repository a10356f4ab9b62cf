// A clock that moves only when a test says so, for the client's deadlines and Retry-After dates.
import type { Clock } from '../../src/core/onedata/deadline'

interface Timer {
  at: number
  ms: number
  fn: () => void
}

export class FakeClock implements Clock {
  private time = Date.UTC(2026, 0, 1, 12, 0, 0)
  private nextId = 1
  private readonly timers = new Map<number, Timer>()

  now(): number {
    return this.time
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++
    this.timers.set(id, { at: this.time + ms, ms, fn })
    return id
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number)
  }

  /** The delays of the timers still pending, as they were set. */
  pending(): number[] {
    return [...this.timers.values()].map((t) => t.ms)
  }

  /** Moves time forward, firing every timer that falls due, in order. */
  advance(ms: number): void {
    this.time += ms
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, t]) => t.at <= this.time)
        .sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) return
      this.timers.delete(due[0])
      due[1].fn()
    }
  }
}
