// The overview tells who the account's user is, from its Onezone: asked for the first time the
// overview is read (never waited for), pushed as a change when it arrives, absent without a
// Onezone and while the lookup fails, and asked again after a failure.
import { describe, expect, it } from 'vitest'
import type { MonitorChange } from '../../../src/core/monitor/monitor'
import { MonitorRig, monitorTestbed } from '../../helpers/monitor'

const bed = monitorTestbed()

const provider = () => bed.rig!.monitor.overview().providers.find((p) => p.accountId === 'acc')

function changes(): MonitorChange[] {
  const seen: MonitorChange[] = []
  bed.rig!.monitor.onChange((c) => seen.push(c))
  return seen
}

describe("the account's user in the overview", () => {
  it('arrives after the first read of the overview, pushed as a provider change', async () => {
    bed.rig = new MonitorRig(bed.sim, { onezone: true })
    // Whether the user was known at each provider change: the one that brings it must say so.
    const knownAtChange: boolean[] = []
    bed.rig.monitor.onChange((c) => {
      if (c.accountId === 'acc' && c.provider) knownAtChange.push(provider()!.user !== undefined)
    })
    expect(provider()).toBeDefined()
    expect(provider()!.user).toBeUndefined()
    await bed.rig.advance(1000)
    // The scenario gives admin no full name: Onezone's user name names them.
    expect(provider()!.user).toEqual({ userId: bed.sim.userId('admin'), name: 'admin' })
    expect(knownAtChange).toContain(true)
  })

  it('is absent without a Onezone', async () => {
    bed.rig = new MonitorRig(bed.sim)
    provider()
    await bed.rig.advance(6000)
    expect(provider()!.user).toBeUndefined()
    expect(provider()!.reachable).toBe(true)
  })

  it('is absent while the lookup fails, and asked again after a while', async () => {
    bed.rig = new MonitorRig(bed.sim, { onezone: true })
    await bed.sim.request('POST', '/__simulator/faults', {
      body: { match: { path: '/onezone/user' }, kind: 'malformed', count: 10 }
    })
    provider()
    await bed.rig.advance(6000)
    expect(provider()!.user).toBeUndefined()
    // Reading the overview again soon does not ask again.
    provider()
    await bed.rig.advance(1000)
    expect(provider()!.user).toBeUndefined()
    await bed.sim.request('DELETE', '/__simulator/faults')
    await bed.rig.advance(10 * 60_000, 1000)
    provider()
    await bed.rig.advance(1000)
    expect(provider()!.user).toEqual({ userId: bed.sim.userId('admin'), name: 'admin' })
  })

  it('an execution view that asked while the user was being looked up gets its name', async () => {
    bed.rig = new MonitorRig(bed.sim, { onezone: true })
    await bed.rig.advance(6000)
    const id = await bed.sim.schedule('flaky')
    await bed.rig.until(() => bed.rig!.of('laneRunStarted', id).length === 1)
    const seen = changes()
    provider()
    expect(bed.rig.monitor.execution('acc', id).userName).toBeUndefined()
    await bed.rig.advance(1000)
    expect(seen.some((c) => c.executionIds.includes(id))).toBe(true)
    expect(bed.rig.monitor.execution('acc', id).userName).toBe('admin')
  })
})
