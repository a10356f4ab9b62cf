import { describe, expect, it } from 'vitest'
import { isProviderFailure, ProviderGate } from '../../../src/core/monitor/gate'
import { OnedataError } from '../../../src/core/onedata'
import { cadenceSchema } from '../../../src/shared/monitor-settings'

const cadence = cadenceSchema.parse({
  concurrency: 2,
  backoffBaseMs: 1000,
  backoffMaxMs: 8000,
  jitter: 0,
  unreachableAfter: 3
})
const reason = { id: 'network.unreachable', description: 'Cannot reach the provider.' }

function gate() {
  let now = 1_000_000
  const g = new ProviderGate(
    () => now,
    () => cadence,
    () => 0.5
  )
  return { g, at: () => now, tick: (ms: number) => void (now += ms) }
}

describe('the provider gate', () => {
  it('caps requests in flight and allows one per resource', () => {
    const { g } = gate()
    expect(g.canStart('details:a')).toBe(true)
    g.start('details:a')
    expect(g.canStart('details:a')).toBe(false)
    expect(g.canStart('details:b')).toBe(true)
    g.start('details:b')
    expect(g.canStart('details:c')).toBe(false)
    g.succeeded('details:a')
    expect(g.canStart('details:c')).toBe(true)
  })

  it('backs off exponentially up to the maximum, then probes one request at a time', () => {
    const { g, at, tick } = gate()
    const waits: number[] = []
    for (let i = 0; i < 6; i++) {
      g.start('list')
      g.failed('list', reason)
      waits.push(g.closedUntil()! - at())
      expect(g.canStart('other')).toBe(false)
      tick(waits.at(-1)!)
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000, 8000])
    // Past the back-off: one probe, not the full concurrency.
    g.start('probe')
    expect(g.canStart('another')).toBe(false)
    g.succeeded('probe')
    g.start('a')
    expect(g.canStart('b')).toBe(true)
    expect(g.state().consecutiveFailures).toBe(0)
  })

  it('announces unreachable once after N failures, and reachable once on the first success', () => {
    const { g, at, tick } = gate()
    const since = at()
    const transitions = []
    for (let i = 0; i < 5; i++) {
      g.start('x')
      transitions.push(g.failed('x', reason))
      tick(10_000)
    }
    expect(transitions.filter(Boolean)).toEqual([{ kind: 'unreachable', since, reason }])
    g.start('x')
    expect(g.succeeded('x')).toEqual({ kind: 'reachable', since })
    g.start('x')
    expect(g.succeeded('x')).toBeUndefined()
  })

  it('jitters each back-off within ± the jitter fraction', () => {
    let now = 0
    const values = [0, 1]
    const g = new ProviderGate(
      () => now,
      () => ({ ...cadence, jitter: 0.2 }),
      () => values.shift() ?? 0.5
    )
    g.start('x')
    g.failed('x', reason)
    expect(g.closedUntil()).toBe(800)
    now = 800
    g.start('x')
    g.failed('x', reason)
    expect(g.closedUntil()! - now).toBe(2400)
  })

  it('counts the requests of the last minute', () => {
    const { g, tick } = gate()
    for (let i = 0; i < 5; i++) {
      g.count()
      tick(20_000)
    }
    expect(g.state().requestsLastMinute).toBe(2)
  })

  it('refresh now forgets a back-off', () => {
    const { g } = gate()
    g.start('x')
    g.failed('x', reason)
    expect(g.state().backingOff).toBe(true)
    g.retryNow()
    expect(g.state().backingOff).toBe(false)
  })

  it('backs off for provider-wide errors only', () => {
    const err = (init: Partial<ConstructorParameters<typeof OnedataError>[0]>) =>
      new OnedataError({ id: 'x', kind: 'server', description: 'x', ...init })
    expect(isProviderFailure(err({ kind: 'network' }))).toBe(true)
    expect(isProviderFailure(err({ kind: 'tls' }))).toBe(true)
    expect(isProviderFailure(err({ httpStatus: 503 }))).toBe(true)
    expect(isProviderFailure(err({ httpStatus: 429 }))).toBe(true)
    expect(isProviderFailure(err({ httpStatus: 401 }))).toBe(true)
    expect(isProviderFailure(err({ httpStatus: 404 }))).toBe(false)
    expect(isProviderFailure(err({ httpStatus: 403 }))).toBe(false)
    expect(isProviderFailure(err({ kind: 'response' }))).toBe(false)
    expect(isProviderFailure(new Error('x'))).toBe(false)
  })
})
