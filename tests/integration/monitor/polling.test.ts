// What the monitor reads and when: ended executions are never read again until a phase list
// shows them back (a retry or rerun is then picked up), the execution on screen about every 2 s,
// a hidden window less often, deletions and stalls, the concurrency cap and one request per
// resource.
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
  await sim.request('POST', '/__simulator/scenario', { body: { scenario: monitorScenario() } })
  await sim.request('POST', '/__simulator/clock', { body: { mode: 'virtual' } })
  await sim.refresh()
})
afterAll(async () => sim.stop())

describe('ended executions', () => {
  it('are not read again; a rerun on one is picked up from the lists', async () => {
    rig = new MonitorRig(sim)
    await rig.advance(6000)
    const id = await sim.schedule('broken')
    await rig.until(() => rig!.of('executionEnded', id).length === 1)
    const endedAt = rig.scheduler.now()
    await rig.advance(10 * 60_000, 1000)
    expect(rig.detailsReads(id, endedAt + 1)).toBe(0)
    // Lists went on all along.
    expect(
      rig.requests.filter((r) => r.at > endedAt && r.what.includes('/spaces/')).length
    ).toBeGreaterThan(100)

    const rerunAt = rig.scheduler.now()
    const r = await sim.action(id, 'rerun', { body: { laneIndex: 1, laneRunNumber: 1 } })
    expect(r.status).toBe(204)
    await rig.until(() => rig!.of('runAdded', id).length === 1, 30_000)
    const [added] = rig.of('runAdded', id)
    expect(added).toMatchObject({
      laneIndex: 1,
      runNumber: 2,
      originRunNumber: 1,
      runType: 'rerun'
    })
    expect(added!.at - rerunAt).toBeLessThanOrEqual(6000)
    expect(rig.of('executionStatusChanged', id).at(-1)).toMatchObject({ from: 'failed' })
    await rig.until(() => rig!.of('executionEnded', id).length === 2, 120_000)
  })

  it('a deleted execution disappears through the lists and is not read again', async () => {
    rig = new MonitorRig(sim)
    await rig.advance(6000)
    const id = await sim.schedule('steady')
    await rig.until(() => rig!.of('laneRunStarted', id).length === 1)
    await sim.action(id, 'pause')
    await rig.until(() => rig!.monitor.ids('acc', sim.space('lab'), 'suspended').ids.includes(id))
    expect((await sim.op('DELETE', `/automation/execution/workflows/${id}`)).status).toBe(204)
    await rig.advance(40_000, 500)
    const lists = (['waiting', 'ongoing', 'suspended', 'ended'] as const).flatMap(
      (p) => rig!.monitor.ids('acc', sim.space('lab'), p).ids
    )
    expect(lists).not.toContain(id)
    expect(rig.monitor.execution('acc', id).details).toBeNull()
    const gone = rig.scheduler.now()
    await rig.advance(10 * 60_000, 2000)
    // Asking for it above read it once more (404); nothing reads it on its own.
    expect(rig.detailsReads(id, gone + 1)).toBeLessThanOrEqual(1)
  })

  it('an ended execution deleted from the server leaves the ended list, read by its head only', async () => {
    rig = new MonitorRig(sim)
    await rig.advance(6000)
    const id = await sim.schedule('steady')
    await rig.until(() => rig!.of('executionEnded', id).length === 1, 600_000)
    const ended = () => rig!.monitor.ids('acc', sim.space('lab'), 'ended')
    await rig.until(() => ended().ids.includes(id), 60_000)
    expect((await sim.op('DELETE', `/automation/execution/workflows/${id}`)).status).toBe(204)
    // The ended list is read by its newest page only; that page is its last here.
    await rig.until(() => !ended().ids.includes(id), 60_000)
    expect(ended().complete).toBe(true)
  })
})

describe('cadence', () => {
  it('on screen about every 2 s; in the background adaptively; hidden slower still', async () => {
    rig = new MonitorRig(sim)
    await rig.advance(6000)
    const onScreen = await sim.schedule('slow')
    const background = await sim.schedule('slow')
    await rig.until(() => rig!.of('laneRunStarted').length === 2, 60_000)
    rig.monitor.setView({ visible: true, focus: { accountId: 'acc', executionId: onScreen } })
    const from = rig.scheduler.now()
    await rig.advance(120_000, 500)
    const onScreenReads = rig.detailsReads(onScreen, from)
    const backgroundReads = rig.detailsReads(background, from)
    expect(onScreenReads).toBeGreaterThanOrEqual(50)
    expect(onScreenReads).toBeLessThanOrEqual(62)
    // Quiet in the background: from 10 s growing to the 50 s bound.
    expect(backgroundReads).toBeGreaterThanOrEqual(2)
    expect(backgroundReads).toBeLessThanOrEqual(5)

    rig.monitor.setView({ visible: false, focus: null })
    const hiddenFrom = rig.scheduler.now() + 120_000
    await rig.advance(120_000 + 600_000, 2000)
    const hiddenReads = rig.detailsReads(background, hiddenFrom)
    // Never slower than the bound times the hidden factor: 10 min / 300 s = 2, with jitter.
    expect(hiddenReads).toBeGreaterThanOrEqual(1)
    expect(hiddenReads).toBeLessThanOrEqual(3)
    // Lists every 30 s (5 s × 6).
    const lists = rig.requests.filter((r) => r.at >= hiddenFrom && r.what.includes('phase=ongoing'))
    expect(lists.length).toBeGreaterThanOrEqual(17)
    expect(lists.length).toBeLessThanOrEqual(23)

    // Shown again with an execution on screen: it is read at once, not on the hidden cadence.
    rig.monitor.setView({ visible: false, focus: { accountId: 'acc', executionId: onScreen } })
    await rig.advance(5000, 500)
    const shownAt = rig.scheduler.now()
    rig.monitor.setView({ visible: true })
    await rig.advance(500, 500)
    expect(rig.detailsReads(onScreen, shownAt)).toBe(1)
  })

  it('a stall is announced once per quiet period, after 30 minutes', async () => {
    rig = new MonitorRig(sim)
    await rig.advance(6000)
    const id = await sim.schedule('slow')
    await rig.until(() => rig!.of('laneRunStarted', id).length === 1, 60_000)
    const quietFrom = rig.of('laneRunStarted', id)[0]!.at
    await rig.advance(29 * 60_000, 5000)
    expect(rig.of('executionStalled')).toEqual([])
    await rig.advance(60 * 60_000, 5000)
    const stalled = rig.of('executionStalled', id)
    expect(stalled).toHaveLength(1)
    expect(stalled[0]!.quietForMs).toBeGreaterThanOrEqual(30 * 60_000)
    expect(stalled[0]!.at - quietFrom).toBeLessThanOrEqual(31 * 60_000)
    expect(stalled[0]).toMatchObject({ status: 'active', executionName: 'slow-archive' })
    // Still quiet: no second announcement for the same quiet period.
    await rig.advance(60 * 60_000, 10_000)
    expect(rig.of('executionStalled', id)).toHaveLength(1)
    // A change (paused, then resumed) starts a new quiet period, and a new stall after it.
    await sim.action(id, 'pause')
    await rig.until(() => rig!.of('laneRunStopped', id).length === 1, 60_000)
    await sim.action(id, 'resume')
    await rig.until(() => rig!.of('laneRunStarted', id).length === 2, 60_000)
    await rig.advance(25 * 60_000, 10_000)
    expect(rig.of('executionStalled', id)).toHaveLength(1)
    await rig.advance(10 * 60_000, 10_000)
    expect(rig.of('executionStalled', id)).toHaveLength(2)
  })
})

describe('the provider gate', () => {
  it('never more than the cap in flight, never two requests for one resource', async () => {
    rig = new MonitorRig(sim, {
      spaces: [sim.space('lab'), sim.space('dock')],
      cadence: { concurrency: 2 }
    })
    await rig.advance(6000)
    for (let i = 0; i < 12; i++)
      await sim.schedule(i % 2 ? 'steady' : 'flaky', { space: i % 3 ? 'lab' : 'dock' })
    await sim.request('POST', '/__simulator/faults', {
      body: { kind: 'slow', delayMs: 20, count: 400 }
    })
    await rig.advance(60_000, 250)
    expect(rig.requests.length).toBeGreaterThan(100)
    expect(rig.maxInFlight).toBe(2)
    expect(rig.sameResourceOverlaps).toBe(0)
    await sim.request('DELETE', '/__simulator/faults')
  })
})

describe('names from Onezone', () => {
  it('the execution view gets lane, box and task names once Onezone told them', async () => {
    rig = new MonitorRig(sim, { onezone: true })
    await rig.advance(6000)
    const id = await sim.schedule('flaky')
    await rig.until(() => rig!.of('laneRunStarted', id).length === 1)
    expect(rig.monitor.execution('acc', id).names.lanes).toEqual({})
    await rig.advance(1000)
    const names = rig.monitor.execution('acc', id).names
    expect(Object.values(names.lanes)).toEqual(['Checksum', 'Publish'])
    expect(names.workflow).toMatchObject({ name: 'flaky-checksums', revisionNumber: 1 })
    expect(Object.values(names.tasks)).toEqual(expect.arrayContaining(['md5', 'publish']))
    expect(rig.monitor.laneName('acc', id, 2)).toBe('Publish')
  })

  it('names the account’s own user as the scheduler and knows its privileges in the space', async () => {
    rig = new MonitorRig(sim, { onezone: true })
    await rig.advance(6000)
    const id = await sim.schedule('flaky')
    await rig.until(() => rig!.of('laneRunStarted', id).length === 1)
    const first = rig.monitor.execution('acc', id)
    expect(first.userName).toBeUndefined()
    expect(first.access).toBeUndefined()
    expect(first.provider).toEqual({ label: expect.any(String), host: new URL(sim.sim.url).host })
    await rig.advance(1000)
    const state = rig.monitor.execution('acc', id)
    // The scenario gives admin no full name: Onezone reports the user name.
    expect(state.userName).toBe('admin')
    expect(state.access).toEqual({
      userId: sim.userId('admin'),
      privileges: expect.arrayContaining([
        'space_schedule_atm_workflow_executions',
        'space_manage_atm_workflow_executions'
      ])
    })
  })

  it('knows nothing of the user or privileges without a Onezone', async () => {
    rig = new MonitorRig(sim)
    await rig.advance(6000)
    const id = await sim.schedule('flaky')
    await rig.until(() => rig!.of('laneRunStarted', id).length === 1)
    await rig.advance(1000)
    const state = rig.monitor.execution('acc', id)
    expect(state.userName).toBeUndefined()
    expect(state.access).toBeUndefined()
  })
})
