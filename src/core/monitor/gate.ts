// One provider's door: at most `concurrency` requests in flight, at most one per resource, and
// exponential back-off with jitter after errors that concern the provider as a whole (network,
// TLS, timeouts, 5xx, 429, a rejected token). After a back-off one request probes at a time
// until one succeeds. It also counts the requests of the last minute for the visible budget.
import type { Cadence } from '../../shared/monitor-settings'
import { OnedataError } from '../onedata'

export interface Reason {
  id: string
  description: string
  /** What failed: the network, TLS, the server's answer (from OnedataError). */
  kind?: string
  httpStatus?: number
}

/** Whether an error concerns the whole provider (back off) or just one resource. */
export function isProviderFailure(err: unknown): boolean {
  if (!(err instanceof OnedataError)) return false
  if (err.kind === 'network' || err.kind === 'tls') return true
  const status = err.httpStatus
  if (status === undefined) return false
  return status >= 500 || status === 429 || status === 401
}

export function reasonOf(err: unknown): Reason {
  if (err instanceof OnedataError)
    return {
      id: err.id,
      description: err.userMessage(),
      kind: err.kind,
      ...(err.httpStatus !== undefined ? { httpStatus: err.httpStatus } : {})
    }
  return { id: 'app.unexpected', description: err instanceof Error ? err.message : String(err) }
}

export type GateTransition =
  { kind: 'unreachable'; since: number; reason: Reason } | { kind: 'reachable'; since: number }

export interface GateState {
  inFlight: number
  requestsLastMinute: number
  backingOff: boolean
  /** When the next request may go out, while backing off. */
  retryAt?: number
  consecutiveFailures: number
  lastError?: Reason
  unreachable?: { since: number; reason: Reason }
}

export class ProviderGate {
  private readonly inFlight = new Set<string>()
  private starts: number[] = []
  private failures = 0
  private firstFailureAt = 0
  private lastError?: Reason
  private backoffUntil = 0
  private probing = false
  unreachable?: { since: number; reason: Reason }

  constructor(
    private readonly now: () => number,
    private readonly cadence: () => Cadence,
    private readonly random: () => number = Math.random
  ) {}

  busy(resource: string): boolean {
    return this.inFlight.has(resource)
  }

  /** The moment a request may start if the gate is closed for time reasons, else undefined. */
  closedUntil(): number | undefined {
    return this.now() < this.backoffUntil ? this.backoffUntil : undefined
  }

  canStart(resource: string): boolean {
    if (this.inFlight.has(resource)) return false
    if (this.now() < this.backoffUntil) return false
    return !this.full()
  }

  /** Every slot is taken: nothing can start until a request ends. */
  full(): boolean {
    return this.inFlight.size >= (this.probing ? 1 : this.cadence().concurrency)
  }

  start(resource: string): void {
    this.inFlight.add(resource)
  }

  /** Counts one HTTP request (a listing may take several pages) for the visible budget. */
  count(): void {
    const t = this.now()
    this.starts.push(t)
    if ((this.starts[0] ?? t) <= t - 60_000) this.trim(t)
  }

  /** A request ended in success or in an error about one resource only. */
  succeeded(resource: string): GateTransition | undefined {
    this.inFlight.delete(resource)
    this.failures = 0
    this.probing = false
    this.backoffUntil = 0
    this.lastError = undefined
    const was = this.unreachable
    if (!was) return undefined
    this.unreachable = undefined
    return { kind: 'reachable', since: was.since }
  }

  /** A request failed in a way that concerns the provider: back off. */
  failed(resource: string, reason: Reason): GateTransition | undefined {
    this.inFlight.delete(resource)
    const t = this.now()
    if (this.failures === 0) this.firstFailureAt = t
    this.failures += 1
    this.lastError = reason
    const c = this.cadence()
    const cap = Math.min(c.backoffMaxMs, c.backoffBaseMs * 2 ** (this.failures - 1))
    const spread = 1 + c.jitter * (2 * this.random() - 1)
    this.backoffUntil = Math.max(this.backoffUntil, t + Math.round(cap * spread))
    this.probing = true
    if (this.unreachable || this.failures < c.unreachableAfter) return undefined
    this.unreachable = { since: this.firstFailureAt, reason }
    return { kind: 'unreachable', since: this.firstFailureAt, reason }
  }

  /** A request that was cancelled (the monitor stopped): neither success nor failure. */
  dropped(resource: string): void {
    this.inFlight.delete(resource)
  }

  /** Forgets a back-off (the user asked to refresh now). */
  retryNow(): void {
    this.backoffUntil = Math.min(this.backoffUntil, this.now())
  }

  /** Restores what the store knew at the previous run. */
  restore(unreachable: { since: number; reason: Reason } | undefined): void {
    this.unreachable = unreachable
  }

  state(): GateState {
    const t = this.now()
    this.trim(t)
    return {
      inFlight: this.inFlight.size,
      requestsLastMinute: this.starts.length,
      backingOff: t < this.backoffUntil,
      ...(t < this.backoffUntil ? { retryAt: this.backoffUntil } : {}),
      consecutiveFailures: this.failures,
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.unreachable ? { unreachable: this.unreachable } : {})
    }
  }

  private trim(t: number): void {
    const from = t - 60_000
    let i = 0
    while (i < this.starts.length && this.starts[i]! <= from) i++
    if (i) this.starts = this.starts.slice(i)
  }
}
