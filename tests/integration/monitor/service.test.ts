// The monitor as the service runs it for the app: started for every account, read through the
// contract, pushing its changes and events, notifying, refreshing at once after an action, and
// following the settings. Virtual time on both sides.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryVault } from '../../../src/core/accounts/vault'
import { dispatch } from '../../../src/core/ipc'
import type { VirtualScheduler } from '../../../src/core/monitor/scheduler'
import type { Service } from '../../../src/core/service'
import type { Channel, EventName, Events, Request } from '../../../src/shared/ipc'
import type { AppNotification } from '../../../src/shared/notifications'
import { monitorScenario } from '../../helpers/monitor-scenario'
import { call as callService, serviceWatching, type WatchingService } from '../../helpers/service'
import { SimDriver } from '../../helpers/simulator'

let sim: SimDriver
let service: Service
let scheduler: VirtualScheduler
let accountId: string
let advance: WatchingService['advance']
const pushed: { event: EventName; payload: unknown }[] = []
const shown: AppNotification[] = []
const dataDir = mkdtempSync(join(tmpdir(), 'lanewatch-service-'))

const call = <C extends Channel>(channel: C, request: Request<C>) =>
  callService(service, channel, request)

const events = <E extends EventName>(event: E) =>
  pushed.filter((p) => p.event === event).map((p) => p.payload as Events[E])

beforeAll(async () => {
  sim = await SimDriver.start({ scenario: monitorScenario() })
  const options = {
    dataDir,
    vault: new MemoryVault(),
    showNotification: (n: AppNotification) => shown.push(n),
    startDemo: async () => ({ url: sim.sim.url, token: sim.token('admin'), stop: async () => {} })
  }
  ;({ service, scheduler, accountId, advance } = await serviceWatching(sim, options, {
    stepMs: 250,
    wire: (s) => {
      for (const event of [
        'monitor:changed',
        'monitor:event',
        'notifications:changed',
        'navigate'
      ] as const)
        s.on(event, (payload) => pushed.push({ event, payload }))
    }
  }))
})
afterAll(async () => {
  await service.close()
  await sim.stop()
})

describe('the monitor behind the contract', () => {
  it('watches a new account at once; its state and ids come from the cache', async () => {
    const overview = await call('monitor.overview', {})
    expect(overview.providers).toEqual([
      expect.objectContaining({ accountId, label: 'Lab', reachable: true })
    ])
    expect(overview.spaces.map((s) => s.name).sort()).toEqual(['Dock', 'Lab'])
    const id = await sim.schedule('broken')
    await advance(8000)
    const ids = await call('monitor.ids', {
      accountId,
      spaceId: sim.space('lab'),
      phase: 'ongoing'
    })
    expect(ids).toMatchObject({ ids: [id], complete: true, loaded: 1 })
    const details = await call('monitor.details', { accountId, executionIds: [id] })
    expect(details[id]!.details).toMatchObject({
      atmWorkflowExecutionId: id,
      name: 'broken-import'
    })
    expect(
      events('monitor:changed').some(
        (c) => c.accountId === accountId && c.executionIds.includes(id)
      )
    ).toBe(true)
  })

  it('a failing lane run is pushed as an event and lands in the notifications, with a target', async () => {
    await advance(60_000, 500)
    expect(
      events('monitor:event').some((e) => e.type === 'laneRunStopped' && e.status === 'failed')
    ).toBe(true)
    const history = await call('notifications.list', {})
    expect(history.unread).toBeGreaterThan(0)
    // The lane run and the execution failed moments apart: one notification for both.
    const failed = history.items.find((n) => n.kind === 'failures')!
    expect(failed.title).toBe('Execution failed')
    expect(failed.body).toMatch(
      /^broken-import in Lab failed after \d+ s\nbroken-import in Lab: lane 1, run 1 failed after \d+ s$/
    )
    expect(shown.map((n) => n.id)).toContain(failed.id)
    expect(failed.target).toMatchObject({ view: 'execution', accountId })
    expect(events('notifications:changed').at(-1)!.unread).toBe(history.unread)
    expect((await call('monitor.overview', {})).unseenFailures).toBeGreaterThan(0)
    await call('monitor.markSeen', { accountId, spaceId: sim.space('lab') })
    expect((await call('monitor.overview', {})).unseenFailures).toBe(0)
    expect((await call('notifications.markRead', {})).unread).toBe(0)
  })

  it('an action refreshes that execution at once', async () => {
    const id = await sim.schedule('slow')
    await advance(30_000, 500)
    const before = (await call('monitor.execution', { accountId, executionId: id })).readAt!
    await call('executions.act', { accountId, executionId: id, action: 'pause' })
    await service.monitor.idle()
    const after = await call('monitor.execution', { accountId, executionId: id })
    expect(after.readAt).toBeGreaterThan(before)
    expect(after.details!.status).toBe('stopping')
    expect(after.observations.execution.map((o) => o.status)).toContain('stopping')
  })

  it('the on-screen execution has its audit log, observations and samples of past lane durations', async () => {
    const [first, second] = [await sim.schedule('steady'), await sim.schedule('steady')]
    await call('monitor.view', { visible: true, focus: { accountId, executionId: first } })
    await advance(60_000, 250)
    await call('monitor.view', { visible: true, focus: { accountId, executionId: second } })
    await advance(60_000, 250)
    const state = await call('monitor.execution', { accountId, executionId: second })
    expect(state.details!.status).toBe('finished')
    expect(
      state.auditLog!.some((e) => /\[Lane: 1, Run: 1\]/.test(e.content.description ?? ''))
    ).toBe(true)
    expect(state.names).toEqual({ lanes: {}, parallelBoxes: {}, tasks: {} })
    expect(state.laneSamples.map((s) => [s.executionId, s.laneIndex])).toEqual(
      expect.arrayContaining([
        [first, 1],
        [first, 2]
      ])
    )
    expect(state.laneSamples.every((s) => s.durationMs > 0 && s.status === 'finished')).toBe(true)
    await call('monitor.view', { visible: true, focus: null })
  })

  it('settings: cadences apply at once, a bad combination is refused, the file keeps them', async () => {
    const set = await call('settings.set', { cadence: { listMs: 20_000 } })
    expect(set.cadence.listMs).toBe(20_000)
    const r = await dispatch(service.handlers, 'settings.set', {
      cadence: { activeMinMs: 300_000 }
    })
    expect(r).toMatchObject({ ok: false, error: { id: 'settings.invalid' } })
    const from = scheduler.now()
    const lists: number[] = []
    const off = service.on('monitor:changed', (c) => {
      if (c.spaceIds.includes(sim.space('dock'))) lists.push(scheduler.now())
    })
    await advance(100_000, 1000)
    off()
    // Dock's two fast lists every 20 s and two slow ones every 30 s: about 17 (46 at 5 s).
    expect(lists.filter((t) => t > from).length).toBeLessThanOrEqual(20)
    expect((await call('settings.get', {})).cadence.listMs).toBe(20_000)
    await call('settings.set', { cadence: { listMs: 5000 } })
  })

  it('pause monitoring stops requests; pause notifications keeps the history quiet on the desktop', async () => {
    await call('monitor.pause', { paused: true })
    const reads = (await call('monitor.overview', {})).providers[0]!.requestsLastMinute
    await advance(70_000, 1000)
    expect((await call('monitor.overview', {})).providers[0]!.requestsLastMinute).toBe(0)
    expect(reads).toBeGreaterThan(0)
    await call('monitor.pause', { paused: false })
    const paused = await call('notifications.pause', { forMs: 3_600_000 })
    expect(paused.pausedUntil).toBe(scheduler.now() + 3_600_000)
    const shownBefore = shown.length
    await sim.schedule('broken')
    await advance(60_000, 500)
    const history = await call('notifications.list', {})
    expect(history.items[0]).toMatchObject({ shown: false })
    expect(shown.length).toBe(shownBefore)
    await call('notifications.pause', { forMs: null })
  })

  it('the demo account is monitored in memory only; a removed account loses its store', async () => {
    const demo = await call('demo.start', {})
    await advance(3000)
    expect((await call('monitor.overview', {})).providers.map((p) => p.accountId)).toContain(
      demo.id
    )
    expect(existsSync(join(dataDir, 'monitor', demo.id))).toBe(false)
    expect(existsSync(join(dataDir, 'monitor', accountId, 'journal.jsonl'))).toBe(true)
    await call('accounts.remove', { accountId })
    expect(existsSync(join(dataDir, 'monitor', accountId))).toBe(false)
    expect((await call('monitor.overview', {})).providers.map((p) => p.accountId)).toEqual([
      demo.id
    ])
  })
})
