// What the monitor reads and when: ended executions are never read again until a phase list
// shows them back (a retry or rerun is then picked up), the execution on screen about every 2 s,
// a hidden window less often, deletions and stalls, the concurrency cap and one request per
// resource.
import { describe, expect, it } from 'vitest'
import { MonitorRig, monitorTestbed } from '../../helpers/monitor'

const bed = monitorTestbed()

describe('ended executions', () => {
  it('are not read again; a rerun on one is picked up from the lists', async () => {
    bed.rig = new MonitorRig(bed.sim)
    await bed.rig.advance(6000)
    const id = await bed.sim.schedule('broken')
    await bed.rig.until(() => bed.rig!.of('executionEnded', id).length === 1)
    const endedAt = bed.rig.scheduler.now()
    await bed.rig.advance(10 * 60_000, 1000)
    expect(bed.rig.detailsReads(id, endedAt + 1)).toBe(0)
    // Lists went on all along.
    expect(
      bed.rig.requests.filter((r) => r.at > endedAt && r.what.includes('/spaces/')).length
    ).toBeGreaterThan(100)

    const rerunAt = bed.rig.scheduler.now()
    const r = await bed.sim.action(id, 'rerun', { body: { laneIndex: 1, laneRunNumber: 1 } })
    expect(r.status).toBe(204)
    await bed.rig.until(() => bed.rig!.of('runAdded', id).length === 1, 30_000)
    const [added] = bed.rig.of('runAdded', id)
    expect(added).toMatchObject({
      laneIndex: 1,
      runNumber: 2,
      originRunNumber: 1,
      runType: 'rerun'
    })
    expect(added!.at - rerunAt).toBeLessThanOrEqual(6000)
    expect(bed.rig.of('executionStatusChanged', id).at(-1)).toMatchObject({ from: 'failed' })
    await bed.rig.until(() => bed.rig!.of('executionEnded', id).length === 2, 120_000)
  })

  it('a deleted execution disappears through the lists and is not read again', async () => {
    bed.rig = new MonitorRig(bed.sim)
    await bed.rig.advance(6000)
    const id = await bed.sim.schedule('steady')
    await bed.rig.until(() => bed.rig!.of('laneRunStarted', id).length === 1)
    await bed.sim.action(id, 'pause')
    await bed.rig.until(() =>
      bed.rig!.monitor.ids('acc', bed.sim.space('lab'), 'suspended').ids.includes(id)
    )
    expect((await bed.sim.op('DELETE', `/automation/execution/workflows/${id}`)).status).toBe(204)
    await bed.rig.advance(40_000, 500)
    const lists = (['waiting', 'ongoing', 'suspended', 'ended'] as const).flatMap(
      (p) => bed.rig!.monitor.ids('acc', bed.sim.space('lab'), p).ids
    )
    expect(lists).not.toContain(id)
    expect(bed.rig.monitor.execution('acc', id).details).toBeNull()
    const gone = bed.rig.scheduler.now()
    await bed.rig.advance(10 * 60_000, 2000)
    // Asking for it above read it once more (404); nothing reads it on its own.
    expect(bed.rig.detailsReads(id, gone + 1)).toBeLessThanOrEqual(1)
  })

  it('an ended execution deleted from the server leaves the ended list, read by its head only', async () => {
    bed.rig = new MonitorRig(bed.sim)
    await bed.rig.advance(6000)
    const id = await bed.sim.schedule('steady')
    await bed.rig.until(() => bed.rig!.of('executionEnded', id).length === 1, 600_000)
    const ended = () => bed.rig!.monitor.ids('acc', bed.sim.space('lab'), 'ended')
    await bed.rig.until(() => ended().ids.includes(id), 60_000)
    expect((await bed.sim.op('DELETE', `/automation/execution/workflows/${id}`)).status).toBe(204)
    // The ended list is read by its newest page only; that page is its last here.
    await bed.rig.until(() => !ended().ids.includes(id), 60_000)
    expect(ended().complete).toBe(true)
  })
})

describe('cadence', () => {
  it('on screen about every 2 s; in the background adaptively; hidden slower still', async () => {
    // Quiet ones hidden at the bound times the hidden factor, not resting longer (resting.test.ts).
    bed.rig = new MonitorRig(bed.sim, { cadence: { hiddenRestMs: 60_000 } })
    await bed.rig.advance(6000)
    const onScreen = await bed.sim.schedule('slow')
    const background = await bed.sim.schedule('slow')
    await bed.rig.until(() => bed.rig!.of('laneRunStarted').length === 2, 60_000)
    bed.rig.monitor.setView({ visible: true, focus: { accountId: 'acc', executionId: onScreen } })
    const from = bed.rig.scheduler.now()
    await bed.rig.advance(120_000, 500)
    const onScreenReads = bed.rig.detailsReads(onScreen, from)
    const backgroundReads = bed.rig.detailsReads(background, from)
    expect(onScreenReads).toBeGreaterThanOrEqual(50)
    expect(onScreenReads).toBeLessThanOrEqual(62)
    // Quiet in the background: from 10 s growing to the 50 s bound.
    expect(backgroundReads).toBeGreaterThanOrEqual(2)
    expect(backgroundReads).toBeLessThanOrEqual(5)

    bed.rig.monitor.setView({ visible: false, focus: null })
    const hiddenFrom = bed.rig.scheduler.now() + 120_000
    await bed.rig.advance(120_000 + 600_000, 2000)
    const hiddenReads = bed.rig.detailsReads(background, hiddenFrom)
    // Never slower than the bound times the hidden factor: 10 min / 300 s = 2, with jitter.
    expect(hiddenReads).toBeGreaterThanOrEqual(1)
    expect(hiddenReads).toBeLessThanOrEqual(3)
    // Lists every 30 s (5 s × 6).
    const lists = bed.rig.requests.filter(
      (r) => r.at >= hiddenFrom && r.what.includes('phase=ongoing')
    )
    expect(lists.length).toBeGreaterThanOrEqual(17)
    expect(lists.length).toBeLessThanOrEqual(23)

    // Shown again with an execution on screen: it is read at once, not on the hidden cadence.
    bed.rig.monitor.setView({ visible: false, focus: { accountId: 'acc', executionId: onScreen } })
    await bed.rig.advance(5000, 500)
    const shownAt = bed.rig.scheduler.now()
    bed.rig.monitor.setView({ visible: true })
    await bed.rig.advance(500, 500)
    expect(bed.rig.detailsReads(onScreen, shownAt)).toBe(1)
  })

  it('a stall is announced once per quiet period, after 30 minutes', async () => {
    bed.rig = new MonitorRig(bed.sim)
    await bed.rig.advance(6000)
    const id = await bed.sim.schedule('slow')
    await bed.rig.until(() => bed.rig!.of('laneRunStarted', id).length === 1, 60_000)
    const quietFrom = bed.rig.of('laneRunStarted', id)[0]!.at
    await bed.rig.advance(29 * 60_000, 5000)
    expect(bed.rig.of('executionStalled')).toEqual([])
    await bed.rig.advance(60 * 60_000, 5000)
    const stalled = bed.rig.of('executionStalled', id)
    expect(stalled).toHaveLength(1)
    expect(stalled[0]!.quietForMs).toBeGreaterThanOrEqual(30 * 60_000)
    expect(stalled[0]!.at - quietFrom).toBeLessThanOrEqual(31 * 60_000)
    expect(stalled[0]).toMatchObject({ status: 'active', executionName: 'slow-archive' })
    // Still quiet: no second announcement for the same quiet period.
    await bed.rig.advance(60 * 60_000, 10_000)
    expect(bed.rig.of('executionStalled', id)).toHaveLength(1)
    // A change (paused, then resumed) starts a new quiet period, and a new stall after it.
    await bed.sim.action(id, 'pause')
    await bed.rig.until(() => bed.rig!.of('laneRunStopped', id).length === 1, 60_000)
    await bed.sim.action(id, 'resume')
    await bed.rig.until(() => bed.rig!.of('laneRunStarted', id).length === 2, 60_000)
    await bed.rig.advance(25 * 60_000, 10_000)
    expect(bed.rig.of('executionStalled', id)).toHaveLength(1)
    await bed.rig.advance(10 * 60_000, 10_000)
    expect(bed.rig.of('executionStalled', id)).toHaveLength(2)
  })
})

describe('the provider gate', () => {
  it('never more than the cap in flight, never two requests for one resource', async () => {
    bed.rig = new MonitorRig(bed.sim, {
      spaces: [bed.sim.space('lab'), bed.sim.space('dock')],
      cadence: { concurrency: 2 }
    })
    await bed.rig.advance(6000)
    for (let i = 0; i < 12; i++)
      await bed.sim.schedule(i % 2 ? 'steady' : 'flaky', { space: i % 3 ? 'lab' : 'dock' })
    await bed.sim.request('POST', '/__simulator/faults', {
      body: { kind: 'slow', delayMs: 20, count: 400 }
    })
    await bed.rig.advance(60_000, 250)
    expect(bed.rig.requests.length).toBeGreaterThan(100)
    expect(bed.rig.maxInFlight).toBe(2)
    expect(bed.rig.sameResourceOverlaps).toBe(0)
    await bed.sim.request('DELETE', '/__simulator/faults')
  })
})

describe('names from Onezone', () => {
  it('the execution view gets lane, box and task names once Onezone told them', async () => {
    bed.rig = new MonitorRig(bed.sim, { onezone: true })
    await bed.rig.advance(6000)
    const id = await bed.sim.schedule('flaky')
    await bed.rig.until(() => bed.rig!.of('laneRunStarted', id).length === 1)
    expect(bed.rig.monitor.execution('acc', id).names.lanes).toEqual({})
    await bed.rig.advance(1000)
    const names = bed.rig.monitor.execution('acc', id).names
    expect(Object.values(names.lanes)).toEqual(['Checksum', 'Publish'])
    expect(names.workflow).toMatchObject({ name: 'flaky-checksums', revisionNumber: 1 })
    expect(Object.values(names.tasks)).toEqual(expect.arrayContaining(['md5', 'publish']))
    expect(bed.rig.monitor.laneName('acc', id, 2)).toBe('Publish')
  })

  it('names the account’s own user as the scheduler and knows its privileges in the space', async () => {
    bed.rig = new MonitorRig(bed.sim, { onezone: true })
    await bed.rig.advance(6000)
    const id = await bed.sim.schedule('flaky')
    await bed.rig.until(() => bed.rig!.of('laneRunStarted', id).length === 1)
    const first = bed.rig.monitor.execution('acc', id)
    expect(first.userName).toBeUndefined()
    expect(first.access).toBeUndefined()
    expect(first.provider).toEqual({
      label: expect.any(String),
      host: new URL(bed.sim.sim.url).host
    })
    await bed.rig.advance(1000)
    const state = bed.rig.monitor.execution('acc', id)
    // The scenario gives admin no full name: Onezone reports the user name.
    expect(state.userName).toBe('admin')
    expect(state.access).toEqual({
      userId: bed.sim.userId('admin'),
      privileges: expect.arrayContaining([
        'space_schedule_atm_workflow_executions',
        'space_manage_atm_workflow_executions'
      ])
    })
  })

  it('knows nothing of the user or privileges without a Onezone', async () => {
    bed.rig = new MonitorRig(bed.sim)
    await bed.rig.advance(6000)
    const id = await bed.sim.schedule('flaky')
    await bed.rig.until(() => bed.rig!.of('laneRunStarted', id).length === 1)
    await bed.rig.advance(1000)
    const state = bed.rig.monitor.execution('acc', id)
    expect(state.userName).toBeUndefined()
    expect(state.access).toBeUndefined()
  })
})
