// A provider in trouble: 5xx answers, answers that never come, dropped connections and a revoked
// token. The monitor backs off exponentially, announces the provider unreachable once and its
// recovery once, and loses nothing that happened meanwhile.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { MonitorRig } from '../../helpers/monitor'
import { monitorScenario } from '../../helpers/monitor-scenario'
import { SimDriver } from '../../helpers/simulator'

let sim: SimDriver
let rig: MonitorRig | undefined
beforeAll(async () => {
  sim = await SimDriver.start({ scenario: monitorScenario() })
})
afterEach(async () => {
  await rig?.stop()
  rig = undefined
  await sim.request('DELETE', '/__simulator/faults')
  await sim.request('POST', '/__simulator/scenario', { body: { scenario: monitorScenario() } })
  await sim.request('POST', '/__simulator/clock', { body: { mode: 'virtual' } })
  await sim.refresh()
})
afterAll(async () => sim.stop())

const cadence = { backoffBaseMs: 2000, backoffMaxMs: 60_000, unreachableAfter: 3 }
const fault = (body: Record<string, unknown>) =>
  sim.request('POST', '/__simulator/faults', {
    body: { match: { path: '/api/v3/oneprovider' }, count: 100_000, ...body }
  })

/** Gaps between consecutive requests in a time window (monitor time). */
function gaps(r: MonitorRig, from: number, to: number): number[] {
  const at = r.requests.filter((q) => q.at >= from && q.at < to).map((q) => q.at)
  return at.slice(1).map((t, i) => t - at[i]!)
}

async function outage(kind: Record<string, unknown>, reasonId: string, settleCapMs?: number) {
  // Requests that never answer hold the gate until the monitor's own deadline.
  const timeoutMs = settleCapMs === undefined ? 0 : 5000
  rig = new MonitorRig(sim, {
    cadence: { ...cadence, ...(timeoutMs ? { requestTimeoutMs: timeoutMs } : {}) },
    settleCapMs
  })
  await rig.advance(6000)
  const id = await sim.schedule('steady')
  await rig.until(() => rig!.of('laneRunStarted', id).length === 1, 60_000)
  await fault(kind)
  const from = rig.scheduler.now()
  await rig.advance(6 * 60_000, 500)
  const down = rig.of('providerUnreachable')
  expect(down).toHaveLength(1)
  expect(down[0]).toMatchObject({ spaceId: null, executionId: null, reason: { id: reasonId } })
  expect(down[0]!.provider).toMatch(/^127\.0\.0\.1:\d+$/)
  const status = rig.monitor.overview().providers[0]!
  expect(status).toMatchObject({ reachable: false, backingOff: true, problem: { id: reasonId } })
  expect(status.retryAt).toBeGreaterThan(rig.scheduler.now())
  // Exponential back-off up to the maximum: few requests, spaced ever wider.
  const spaced = gaps(rig, from, rig.scheduler.now())
  expect(spaced.length).toBeLessThan(15)
  expect(Math.max(...spaced)).toBeGreaterThanOrEqual(50_000)
  expect(Math.max(...spaced)).toBeLessThanOrEqual(66_000 + timeoutMs + 500)
  expect(rig.of('executionEnded', id)).toEqual([])

  await sim.request('DELETE', '/__simulator/faults')
  await rig.until(() => rig!.of('providerReachable').length === 1, 120_000, 500)
  await rig.advance(30_000, 500)
  expect(rig.of('providerReachable')).toHaveLength(1)
  expect(rig.of('providerUnreachable')).toHaveLength(1)
  expect(rig.of('providerReachable')[0]!.downForMs).toBeGreaterThan(5 * 60_000)
  // What happened during the outage is not lost.
  expect(rig.of('executionEnded', id)).toHaveLength(1)
  expect(rig.of('laneRunStopped', id).map((e) => `${e.laneIndex} ${e.status}`)).toContain(
    '2 finished'
  )
  expect(rig.monitor.overview().providers[0]).toMatchObject({ reachable: true, backingOff: false })
}

describe('back-off and recovery', () => {
  it('under 503 answers', () => outage({ kind: 'status', status: 503 }, 'serviceUnavailable'))

  it('under 500 answers from a proxy (an HTML page)', () =>
    outage({ kind: 'status', status: 502, body: 'html' }, 'http.unexpectedStatus'))

  it('under dropped connections', () => outage({ kind: 'drop' }, 'network.connectionLost'))

  it('under answers that never come (timeouts in virtual time)', () =>
    outage({ kind: 'slow', delayMs: 1500 }, 'network.timeout', 5))

  it('a short hiccup below the threshold is not announced', async () => {
    rig = new MonitorRig(sim, { cadence })
    await rig.advance(6000)
    await fault({ kind: 'status', status: 503, count: 2 })
    await rig.advance(60_000, 500)
    expect(rig.of('providerUnreachable')).toEqual([])
    expect(rig.monitor.overview().providers[0]).toMatchObject({
      reachable: true,
      backingOff: false
    })
  })

  it('a revoked token is announced with its reason and not hammered', async () => {
    rig = new MonitorRig(sim, { cadence })
    await rig.advance(6000)
    await sim.inject({ type: 'revokeToken', user: 'admin' })
    const from = rig.scheduler.now()
    await rig.advance(10 * 60_000, 1000)
    expect(rig.of('providerUnreachable')).toEqual([
      expect.objectContaining({ reason: expect.objectContaining({ id: 'unauthorized' }) })
    ])
    expect(rig.of('providerUnreachable')[0]!.reason.description).toMatch(/rejected the token/)
    expect(rig.requests.filter((r) => r.at >= from).length).toBeLessThan(20)
  })

  it('a restart while the provider is down announces neither outage again, and its recovery once', async () => {
    rig = new MonitorRig(sim, { cadence })
    await rig.advance(6000)
    await fault({ kind: 'status', status: 503 })
    await rig.until(() => rig!.of('providerUnreachable').length === 1, 120_000, 500)
    await rig.stop()
    const dataDir = rig.dataDir
    rig = new MonitorRig(sim, { cadence, dataDir })
    await rig.advance(3 * 60_000, 500)
    expect(rig.of('providerUnreachable')).toEqual([])
    expect(rig.monitor.overview().providers[0]).toMatchObject({ reachable: false })
    await sim.request('DELETE', '/__simulator/faults')
    await rig.until(() => rig!.of('providerReachable').length === 1, 120_000, 500)
    await rig.advance(60_000, 500)
    expect(rig.of('providerReachable')).toHaveLength(1)
    expect(rig.of('providerUnreachable')).toEqual([])
  })
})
