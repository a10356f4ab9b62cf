// An answer byte for byte the same as the last one is not decoded and checked again (most
// readings of a quiet execution are), yet every real change still is, with its events.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { executionDetailsSchema } from '../../../src/shared/execution'
import { MonitorRig, monitorTestbed } from '../../helpers/monitor'

const bed = monitorTestbed()
afterEach(() => vi.restoreAllMocks())

describe('unchanged answers', () => {
  it('are not decoded again; a real change is, and is announced', async () => {
    bed.rig = new MonitorRig(bed.sim)
    await bed.rig.advance(6000)
    const id = await bed.sim.schedule('slow')
    await bed.rig.until(() => bed.rig!.of('laneRunStarted', id).length === 1, 60_000)
    await bed.rig.advance(5000)
    // Its only item takes hours: the next ten minutes of readings all get the same answer.
    const decoded = vi.spyOn(executionDetailsSchema, 'safeParse')
    const from = bed.rig.scheduler.now()
    await bed.rig.advance(10 * 60_000, 1000)
    expect(bed.rig.detailsReads(id, from)).toBeGreaterThanOrEqual(10)
    expect(decoded).not.toHaveBeenCalled()
    expect(bed.rig.monitor.execution('acc', id).details?.status).toBe('active')

    // On screen it is read every 2 s, still without decoding the same answer.
    bed.rig.monitor.setView({ visible: true, focus: { accountId: 'acc', executionId: id } })
    const shown = bed.rig.scheduler.now()
    await bed.rig.advance(20_000, 500)
    expect(bed.rig.detailsReads(id, shown)).toBeGreaterThanOrEqual(8)
    expect(decoded).not.toHaveBeenCalled()

    await bed.sim.action(id, 'cancel')
    await bed.rig.until(() => bed.rig!.of('executionEnded', id).length === 1, 60_000, 500)
    expect(decoded).toHaveBeenCalled()
    expect(bed.rig.of('executionStatusChanged', id).map((e) => e.status)).toContain('cancelled')
    expect(bed.rig.of('laneRunStopped', id)).toMatchObject([{ status: 'cancelled' }])
    expect(bed.rig.monitor.execution('acc', id).details?.status).toBe('cancelled')
  })

  it('a restarted monitor decodes its first answer even when nothing changed', async () => {
    bed.rig = new MonitorRig(bed.sim)
    await bed.rig.advance(6000)
    const id = await bed.sim.schedule('slow')
    await bed.rig.until(() => bed.rig!.of('laneRunStarted', id).length === 1, 60_000)
    await bed.rig.stop()
    const again = new MonitorRig(bed.sim, { dataDir: bed.rig.dataDir })
    bed.rig = again
    const decoded = vi.spyOn(executionDetailsSchema, 'safeParse')
    again.monitor.refresh('acc', id)
    await again.advance(1000)
    expect(again.detailsReads(id)).toBe(1)
    expect(decoded).toHaveBeenCalledTimes(1)
    expect(again.monitor.execution('acc', id).details?.status).toBe('active')
    expect(again.of('laneRunStarted', id)).toEqual([])
  })
})
