// With the window hidden (or closed to the tray) the monitor gathers its background requests on
// 10 s ticks, so the process wakes up a few times a minute with a burst of requests instead of for
// every single one, keeping the mean cadence; an execution that ends is still announced within
// a list interval or so.
import { describe, expect, it } from 'vitest'
import { MonitorRig, monitorTestbed, runningThenHidden } from '../../helpers/monitor'
import { Truth } from '../../helpers/truth'

const bed = monitorTestbed()

/** Three long executions running, then the window hidden; timers armed while visible run out. */
const hiddenAWhile = (r: MonitorRig) => runningThenHidden(bed.sim, r, { ms: 120_000, step: 1000 })

describe('hidden window', () => {
  it('sends background requests in bursts on 10 s ticks, at the same mean cadence', async () => {
    // Quiet ones at the hidden bound, not resting longer (see resting.test.ts).
    bed.rig = new MonitorRig(bed.sim, { cadence: { hiddenRestMs: 60_000 } })
    const { ids, from } = await hiddenAWhile(bed.rig)
    await bed.rig.advance(1_000_000, 1000)
    const hidden = bed.rig.requests.filter((r) => r.at >= from)
    expect(hidden.length).toBeGreaterThan(60)
    expect(hidden.filter((r) => r.at % 10_000 !== 0)).toEqual([])
    // Lists every 30 s (5 s × the hidden factor 6), as without ticks: 33 in 1,000 s.
    const lists = hidden.filter((r) => r.what.includes('phase=ongoing'))
    expect(lists.length).toBeGreaterThanOrEqual(30)
    expect(lists.length).toBeLessThanOrEqual(37)
    // Quiet running executions every 300 s (the 50 s bound × 6): 3 or 4 in 1,000 s.
    for (const id of ids) {
      expect(bed.rig.detailsReads(id, from)).toBeGreaterThanOrEqual(3)
      expect(bed.rig.detailsReads(id, from)).toBeLessThanOrEqual(4)
    }
  })

  it('without ticks the same requests go out one by one, whenever each falls due', async () => {
    bed.rig = new MonitorRig(bed.sim, { cadence: { hiddenTickMs: 0 } })
    const { from } = await hiddenAWhile(bed.rig)
    await bed.rig.advance(600_000, 1000)
    const hidden = bed.rig.requests.filter((r) => r.at >= from)
    expect(hidden.filter((r) => r.at % 10_000 !== 0).length).toBeGreaterThan(hidden.length / 2)
  })

  it('an execution that ends is announced within about a list interval', async () => {
    bed.rig = new MonitorRig(bed.sim)
    const { ids } = await hiddenAWhile(bed.rig)
    const truth = new Truth(bed.sim, ids)
    await truth.sample()
    await bed.rig.advance(23_000, 1000)
    for (const id of ids) await bed.sim.action(id, 'cancel')
    for (let t = 0; t < 120_000 && bed.rig.of('executionEnded').length < ids.length; t += 500) {
      await bed.rig.advance(500, 500)
      await truth.sample()
    }
    for (const id of ids) {
      const [ended] = bed.rig.of('executionEnded', id)
      const at = truth.when(id, 'cancelled')
      expect(ended, id).toBeDefined()
      expect(at, id).toBeDefined()
      // The next ongoing list (every 30 s ± 10 %, up to half a tick early or late) misses it,
      // then its details are read at once: under 40 s.
      expect(ended!.at - at!).toBeLessThanOrEqual(33_000 + 5000)
      expect(ended!.at - at!).toBeGreaterThanOrEqual(0)
    }
  })
})
