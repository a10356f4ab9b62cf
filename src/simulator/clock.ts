// The simulator's time. Every state change is an event on one queue, run in time order, so the
// same scenario and the same requests give the same history. In real mode a timer runs the queue
// as wall time passes (scaled by `speed`); in virtual mode time moves only when advanced.

export interface ScheduledEvent {
  cancel(): void
}

interface QueuedEvent {
  at: number
  seq: number
  run: () => void
  cancelled: boolean
}

export type ClockMode = 'real' | 'virtual'

export class SimClock {
  private queue: QueuedEvent[] = []
  private seq = 0
  private mode: ClockMode
  private simBase: number
  private realBase: number
  private current: number
  private timer: NodeJS.Timeout | undefined
  private running = false
  private stopped = false

  constructor(
    startMs: number,
    private speed = 1,
    mode: ClockMode = 'virtual',
    private readonly realNow: () => number = Date.now
  ) {
    this.mode = mode
    this.simBase = startMs
    this.realBase = realNow()
    this.current = startMs
  }

  getMode(): ClockMode {
    return this.mode
  }

  /** Simulated time in ms. Inside an event this is the event's own time. */
  now(): number {
    if (this.mode === 'real' && !this.running) {
      const t = this.simBase + (this.realNow() - this.realBase) * this.speed
      if (t > this.current) this.current = t
    }
    return Math.floor(this.current)
  }

  at(timeMs: number, run: () => void): ScheduledEvent {
    const ev: QueuedEvent = {
      at: Math.max(timeMs, this.current),
      seq: this.seq++,
      run,
      cancelled: false
    }
    this.push(ev)
    this.arm()
    return { cancel: () => void (ev.cancelled = true) }
  }

  after(delayMs: number, run: () => void): ScheduledEvent {
    return this.at(this.now() + Math.max(0, delayMs), run)
  }

  /** Runs every event due up to `timeMs`, in order, then leaves the clock at `timeMs`. */
  runUntil(timeMs: number): void {
    if (this.running) return
    this.running = true
    try {
      for (;;) {
        const next = this.queue[0]
        if (!next || next.at > timeMs) break
        this.pop()
        if (next.cancelled) continue
        if (next.at > this.current) this.current = next.at
        next.run()
      }
      if (timeMs > this.current) this.current = timeMs
    } finally {
      this.running = false
    }
    this.rebase()
    this.arm()
  }

  /** Brings the state up to the present (real mode) before a request is answered. */
  catchUp(): void {
    this.runUntil(this.now())
  }

  setMode(mode: ClockMode): void {
    this.now()
    this.mode = mode
    this.rebase()
    this.arm()
  }

  /** Virtual mode only: moves time forward by `ms`, running what falls due. */
  advance(ms: number): void {
    if (this.mode !== 'virtual')
      throw new Error('the clock advances by request only in virtual mode')
    this.runUntil(this.current + ms)
  }

  pending(): number {
    return this.queue.filter((e) => !e.cancelled).length
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
  }

  private rebase(): void {
    this.simBase = this.current
    this.realBase = this.realNow()
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    if (this.stopped || this.mode !== 'real' || this.running) return
    const next = this.queue[0]
    if (!next) return
    const waitMs = Math.max(0, (next.at - this.now()) / this.speed)
    // Long waits are re-armed in steps so a timer never exceeds Node's 32-bit limit.
    this.timer = setTimeout(() => this.catchUp(), Math.min(waitMs, 60_000) + 1)
    this.timer.unref()
  }

  private push(ev: QueuedEvent): void {
    const q = this.queue
    q.push(ev)
    let i = q.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(q[i]!, q[parent]!)) break
      ;[q[i], q[parent]] = [q[parent]!, q[i]!]
      i = parent
    }
  }

  private pop(): void {
    const q = this.queue
    const last = q.pop()
    if (!last || q.length === 0) return
    q[0] = last
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let min = i
      if (l < q.length && before(q[l]!, q[min]!)) min = l
      if (r < q.length && before(q[r]!, q[min]!)) min = r
      if (min === i) break
      ;[q[i], q[min]] = [q[min]!, q[i]!]
      i = min
    }
  }
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq)
}
