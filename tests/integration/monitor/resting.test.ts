// With the window closed to the tray, a running execution that stays quiet rests on the phase
// lists: its details are read every 15 min (not every 5), while the ongoing list goes on every 30 s and
// still reveal its end, a rerun or a deletion; shown again, it is read within the visible bound.
import { describe, expect, it } from 'vitest'
import { MonitorRig, monitorTestbed, runningThenHidden } from '../../helpers/monitor'
import { Truth } from '../../helpers/truth'

const bed = monitorTestbed()

/** Three executions running for hours, the window closed, and time for them to come to rest
 * (quiet readings grow 60 s, 90 s, … 300 s apart, then rest). */
const restingInTheTray = (r: MonitorRig) =>
  runningThenHidden(bed.sim, r, { ms: 1_500_000, step: 5000 })

/** The moments an execution's details were read since `from`. */
function readsOf(r: MonitorRig, id: string, from: number): number[] {
  return r.requests
    .filter((q) => q.at >= from && q.what === `GET /automation/execution/workflows/${id}`)
    .map((q) => q.at)
}

describe('resting in the tray', () => {
  it('reads a quiet running execution every 15 min; the ongoing list every 30 s', async () => {
    bed.rig = new MonitorRig(bed.sim)
    const { ids, from } = await restingInTheTray(bed.rig)
    await bed.rig.advance(3_600_000, 5000)
    for (const id of ids) {
      const at = [from, ...readsOf(bed.rig, id, from), bed.rig.scheduler.now()]
      const gaps = at.slice(1).map((t, i) => t - at[i]!)
      // 15 min ± 10 % jitter, up to half a 10 s tick early or late: 4 readings in an hour, not 12.
      expect(at.length - 2, id).toBeGreaterThanOrEqual(3)
      expect(at.length - 2, id).toBeLessThanOrEqual(5)
      expect(Math.max(...gaps), id).toBeLessThanOrEqual(990_000 + 5000)
      expect(Math.min(...gaps.slice(1, -1)), id).toBeGreaterThanOrEqual(810_000 - 5000)
    }
    const lists = bed.rig.requests.filter((q) => q.at >= from && q.what.includes('phase=ongoing'))
    expect(lists.length).toBeGreaterThanOrEqual(108)
    expect(lists.length).toBeLessThanOrEqual(134)
    // The waiting list goes with the slow ones: every 3 min ± 10 %.
    const waiting = bed.rig.requests.filter((q) => q.at >= from && q.what.includes('phase=waiting'))
    expect(waiting.length).toBeGreaterThanOrEqual(18)
    expect(waiting.length).toBeLessThanOrEqual(23)
  })

  it('the lists still reveal the end of a resting execution within about 30 s', async () => {
    bed.rig = new MonitorRig(bed.sim)
    const { ids, from } = await restingInTheTray(bed.rig)
    const [id] = ids
    const truth = new Truth(bed.sim, ids)
    await truth.sample()
    await bed.rig.advance(123_000, 1000)
    // It rests: read at most once meanwhile.
    expect(bed.rig.detailsReads(id!, from)).toBeLessThanOrEqual(1)
    await bed.sim.action(id!, 'cancel')
    for (let t = 0; t < 120_000 && bed.rig.of('executionEnded', id).length === 0; t += 500) {
      await bed.rig.advance(500, 500)
      await truth.sample()
    }
    const [ended] = bed.rig.of('executionEnded', id)
    expect(ended).toBeDefined()
    expect(ended!.at - truth.when(id!, 'cancelled')!).toBeLessThanOrEqual(33_000 + 5000)
  })

  it('a rerun that ran its course unseen is picked up from the ended list', async () => {
    bed.rig = new MonitorRig(bed.sim)
    const { ids } = await restingInTheTray(bed.rig)
    const id = await bed.sim.schedule('broken')
    await bed.rig.until(() => bed.rig!.of('executionEnded', id).length === 1, 300_000, 1000)
    // Another one ends after it, so a rerun of the first changes the order of the ended list.
    const later = await bed.sim.schedule('broken')
    await bed.rig.until(() => bed.rig!.of('executionEnded', later).length === 1, 300_000, 1000)
    await bed.rig.advance(200_000, 5000)
    // Monitoring paused (or the computer asleep) while the rerun starts and fails again.
    bed.rig.monitor.setPaused(true)
    const r = await bed.sim.action(id, 'rerun', { body: { laneIndex: 1, laneRunNumber: 1 } })
    expect(r.status).toBe(204)
    await bed.rig.advance(120_000, 5000)
    expect((await bed.sim.details(id)).status).toBe('failed')
    const resumedAt = bed.rig.scheduler.now()
    bed.rig.monitor.setPaused(false)
    // No waiting or ongoing list shows it: the ended list shows it back ahead of the other.
    await bed.rig.until(() => bed.rig!.of('runAdded', id).length === 1, 300_000, 1000)
    const [added] = bed.rig.of('runAdded', id)
    expect(added).toMatchObject({ laneIndex: 1, runNumber: 2, originRunNumber: 1 })
    // Within the ended list's interval in the tray (3 min ± 10 %), up to half a tick late.
    expect(added!.at - resumedAt).toBeLessThanOrEqual(198_000 + 5000)
    expect(bed.rig.of('laneRunStopped', id).map((e) => [e.runNumber, e.status])).toEqual([
      [1, 'failed'],
      [2, 'failed']
    ])
    for (const other of ids) expect(bed.rig.of('executionEnded', other)).toEqual([])
  })

  it('shown again, a resting execution is read within the visible bound (50 s)', async () => {
    bed.rig = new MonitorRig(bed.sim)
    const { ids } = await restingInTheTray(bed.rig)
    // Just read: each is due again up to 10 min later.
    await bed.rig.advance(60_000, 1000)
    const shownAt = bed.rig.scheduler.now()
    bed.rig.monitor.setView({ visible: true })
    await bed.rig.advance(50_000, 500)
    for (const id of ids) expect(bed.rig.detailsReads(id, shownAt), id).toBeGreaterThanOrEqual(1)
  })
})
