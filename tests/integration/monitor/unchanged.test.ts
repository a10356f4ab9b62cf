// An answer byte for byte the same as the last one is not decoded and checked again (most
// readings of a quiet execution are), yet every real change still is, with its events.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { executionDetailsSchema } from '../../../src/shared/execution'
import { MonitorRig } from '../../helpers/monitor'
import { monitorScenario } from '../../helpers/monitor-scenario'
import { SimDriver } from '../../helpers/simulator'

let sim: SimDriver
let rig: MonitorRig | undefined
beforeAll(async () => {
  sim = await SimDriver.start({ scenario: monitorScenario() })
})
afterEach(async () => {
  vi.restoreAllMocks()
  await rig?.stop()
  rig = undefined
  await sim.request('POST', '/__simulator/scenario', { body: { scenario: monitorScenario() } })
  await sim.request('POST', '/__simulator/clock', { body: { mode: 'virtual' } })
  await sim.refresh()
})
afterAll(async () => sim.stop())

describe('unchanged answers', () => {
  it('are not decoded again; a real change is, and is announced', async () => {
    rig = new MonitorRig(sim)
    await rig.advance(6000)
    const id = await sim.schedule('slow')
    await rig.until(() => rig!.of('laneRunStarted', id).length === 1, 60_000)
    await rig.advance(5000)
    // Its only item takes hours: the next ten minutes of readings all get the same answer.
    const decoded = vi.spyOn(executionDetailsSchema, 'safeParse')
    const from = rig.scheduler.now()
    await rig.advance(10 * 60_000, 1000)
    expect(rig.detailsReads(id, from)).toBeGreaterThanOrEqual(10)
    expect(decoded).not.toHaveBeenCalled()
    expect(rig.monitor.execution('acc', id).details?.status).toBe('active')

    // On screen it is read every 2 s, still without decoding the same answer.
    rig.monitor.setView({ visible: true, focus: { accountId: 'acc', executionId: id } })
    const shown = rig.scheduler.now()
    await rig.advance(20_000, 500)
    expect(rig.detailsReads(id, shown)).toBeGreaterThanOrEqual(8)
    expect(decoded).not.toHaveBeenCalled()

    await sim.action(id, 'cancel')
    await rig.until(() => rig!.of('executionEnded', id).length === 1, 60_000, 500)
    expect(decoded).toHaveBeenCalled()
    expect(rig.of('executionStatusChanged', id).map((e) => e.status)).toContain('cancelled')
    expect(rig.of('laneRunStopped', id)).toMatchObject([{ status: 'cancelled' }])
    expect(rig.monitor.execution('acc', id).details?.status).toBe('cancelled')
  })

  it('a restarted monitor decodes its first answer even when nothing changed', async () => {
    rig = new MonitorRig(sim)
    await rig.advance(6000)
    const id = await sim.schedule('slow')
    await rig.until(() => rig!.of('laneRunStarted', id).length === 1, 60_000)
    await rig.stop()
    const again = new MonitorRig(sim, { dataDir: rig.dataDir })
    rig = again
    const decoded = vi.spyOn(executionDetailsSchema, 'safeParse')
    again.monitor.refresh('acc', id)
    await again.advance(1000)
    expect(again.detailsReads(id)).toBe(1)
    expect(decoded).toHaveBeenCalledTimes(1)
    expect(again.monitor.execution('acc', id).details?.status).toBe('active')
    expect(again.of('laneRunStarted', id)).toEqual([])
  })
})
