// The request budget (requests in the last minute, the next refresh) is shown in the status bar
// and the tray, which read the overview when the monitor tells them something changed. A quiet
// provider changes nothing else, so the monitor tells the budget on its own — every few seconds
// while requests go out, never once per request.
import { describe, expect, it } from 'vitest'
import { BUDGET_TOLD_MS } from '../../../src/core/monitor/account'
import { MonitorRig, monitorTestbed } from '../../helpers/monitor'

const bed = monitorTestbed()

describe('the request budget', () => {
  it('is told every few seconds while requests go out, and what it tells is current', async () => {
    bed.rig = new MonitorRig(bed.sim)
    const rig = bed.rig
    await rig.advance(60_000, 500)
    const from = rig.scheduler.now()
    const told: { at: number; requests: number }[] = []
    rig.monitor.onChange((c) => {
      if (!c.provider) return
      const p = rig.monitor.overview().providers.find((x) => x.accountId === c.accountId)!
      told.push({ at: rig.scheduler.now(), requests: p.requestsLastMinute })
    })
    await rig.advance(60_000, 500)
    const sent = rig.requests.filter((r) => r.at >= from).length
    // Nothing else changes in a quiet minute: without the budget's own notice nothing is told.
    expect(sent).toBeGreaterThan(20)
    expect(told.length).toBeGreaterThanOrEqual(60_000 / BUDGET_TOLD_MS / 2)
    // Never once per request.
    expect(told.length).toBeLessThanOrEqual(60_000 / BUDGET_TOLD_MS + 1)
    for (let i = 1; i < told.length; i++)
      expect(told[i]!.at - told[i - 1]!.at).toBeGreaterThanOrEqual(BUDGET_TOLD_MS)
    // The last notice carries the figure the status bar should show now, give or take the
    // requests of the last few seconds.
    const last = told.at(-1)!
    const inTheMinuteBefore = rig.requests.filter(
      (r) => r.at > last.at - 60_000 && r.at <= last.at
    ).length
    expect(Math.abs(last.requests - inTheMinuteBefore)).toBeLessThanOrEqual(4)
  })

  it('is not told while no request goes out', async () => {
    bed.rig = new MonitorRig(bed.sim)
    const rig = bed.rig
    await rig.advance(10_000, 500)
    rig.monitor.setPaused(true)
    await rig.advance(10_000, 500)
    const from = rig.scheduler.now()
    let told = 0
    rig.monitor.onChange((c) => void (c.provider && told++))
    await rig.advance(60_000, 1000)
    expect(rig.requests.filter((r) => r.at >= from)).toEqual([])
    expect(told).toBe(0)
  })
})
