// A provider in trouble: 5xx answers, answers that never come, dropped connections and a revoked
// token. The monitor backs off exponentially, announces the provider unreachable once and its
// recovery once, and loses nothing that happened meanwhile.
import { describe, expect, it } from 'vitest'
import { MonitorRig, monitorTestbed } from '../../helpers/monitor'

const bed = monitorTestbed()

const cadence = { backoffBaseMs: 2000, backoffMaxMs: 60_000, unreachableAfter: 3 }
const fault = (body: Record<string, unknown>) =>
  bed.sim.request('POST', '/__simulator/faults', {
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
  bed.rig = new MonitorRig(bed.sim, {
    cadence: { ...cadence, ...(timeoutMs ? { requestTimeoutMs: timeoutMs } : {}) },
    settleCapMs
  })
  await bed.rig.advance(6000)
  const id = await bed.sim.schedule('steady')
  await bed.rig.until(() => bed.rig!.of('laneRunStarted', id).length === 1, 60_000)
  await fault(kind)
  const from = bed.rig.scheduler.now()
  await bed.rig.advance(6 * 60_000, 500)
  const down = bed.rig.of('providerUnreachable')
  expect(down).toHaveLength(1)
  expect(down[0]).toMatchObject({ spaceId: null, executionId: null, reason: { id: reasonId } })
  expect(down[0]!.provider).toMatch(/^127\.0\.0\.1:\d+$/)
  const status = bed.rig.monitor.overview().providers[0]!
  expect(status).toMatchObject({ reachable: false, backingOff: true, problem: { id: reasonId } })
  expect(status.retryAt).toBeGreaterThan(bed.rig.scheduler.now())
  // Exponential back-off up to the maximum: few requests, spaced ever wider.
  const spaced = gaps(bed.rig, from, bed.rig.scheduler.now())
  expect(spaced.length).toBeLessThan(15)
  expect(Math.max(...spaced)).toBeGreaterThanOrEqual(50_000)
  expect(Math.max(...spaced)).toBeLessThanOrEqual(66_000 + timeoutMs + 500)
  expect(bed.rig.of('executionEnded', id)).toEqual([])

  await bed.sim.request('DELETE', '/__simulator/faults')
  await bed.rig.until(() => bed.rig!.of('providerReachable').length === 1, 120_000, 500)
  await bed.rig.advance(30_000, 500)
  expect(bed.rig.of('providerReachable')).toHaveLength(1)
  expect(bed.rig.of('providerUnreachable')).toHaveLength(1)
  expect(bed.rig.of('providerReachable')[0]!.downForMs).toBeGreaterThan(5 * 60_000)
  // What happened during the outage is not lost.
  expect(bed.rig.of('executionEnded', id)).toHaveLength(1)
  expect(bed.rig.of('laneRunStopped', id).map((e) => `${e.laneIndex} ${e.status}`)).toContain(
    '2 finished'
  )
  expect(bed.rig.monitor.overview().providers[0]).toMatchObject({
    reachable: true,
    backingOff: false
  })
}

describe('back-off and recovery', () => {
  it('under 503 answers', () => outage({ kind: 'status', status: 503 }, 'serviceUnavailable'))

  it('under 500 answers from a proxy (an HTML page)', () =>
    outage({ kind: 'status', status: 502, body: 'html' }, 'http.unexpectedStatus'))

  it('under dropped connections', () => outage({ kind: 'drop' }, 'network.connectionLost'))

  it('under answers that never come (timeouts in virtual time)', () =>
    outage({ kind: 'slow', delayMs: 1500 }, 'network.timeout', 5))

  it('a short hiccup below the threshold is not announced', async () => {
    bed.rig = new MonitorRig(bed.sim, { cadence })
    await bed.rig.advance(6000)
    await fault({ kind: 'status', status: 503, count: 2 })
    await bed.rig.advance(60_000, 500)
    expect(bed.rig.of('providerUnreachable')).toEqual([])
    expect(bed.rig.monitor.overview().providers[0]).toMatchObject({
      reachable: true,
      backingOff: false
    })
  })

  it('a revoked token is announced with its reason and not hammered', async () => {
    bed.rig = new MonitorRig(bed.sim, { cadence })
    await bed.rig.advance(6000)
    await bed.sim.inject({ type: 'revokeToken', user: 'admin' })
    const from = bed.rig.scheduler.now()
    await bed.rig.advance(10 * 60_000, 1000)
    expect(bed.rig.of('providerUnreachable')).toEqual([
      expect.objectContaining({ reason: expect.objectContaining({ id: 'unauthorized' }) })
    ])
    expect(bed.rig.of('providerUnreachable')[0]!.reason.description).toMatch(/rejected the token/)
    expect(bed.rig.requests.filter((r) => r.at >= from).length).toBeLessThan(20)
  })

  it('a restart while the provider is down announces neither outage again, and its recovery once', async () => {
    bed.rig = new MonitorRig(bed.sim, { cadence })
    await bed.rig.advance(6000)
    await fault({ kind: 'status', status: 503 })
    await bed.rig.until(() => bed.rig!.of('providerUnreachable').length === 1, 120_000, 500)
    await bed.rig.stop()
    const dataDir = bed.rig.dataDir
    bed.rig = new MonitorRig(bed.sim, { cadence, dataDir })
    await bed.rig.advance(3 * 60_000, 500)
    expect(bed.rig.of('providerUnreachable')).toEqual([])
    expect(bed.rig.monitor.overview().providers[0]).toMatchObject({ reachable: false })
    await bed.sim.request('DELETE', '/__simulator/faults')
    await bed.rig.until(() => bed.rig!.of('providerReachable').length === 1, 120_000, 500)
    await bed.rig.advance(60_000, 500)
    expect(bed.rig.of('providerReachable')).toHaveLength(1)
    expect(bed.rig.of('providerUnreachable')).toEqual([])
  })
})
