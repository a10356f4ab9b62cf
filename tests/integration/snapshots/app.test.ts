// Snapshots in the app, through the service's channels against the simulator with virtual time:
// saving what the monitor has into the history and to a chosen file, saving automatically once
// when an execution ends (and not again after a restart), comparing with the live execution, an
// execution the provider's retention deleted staying reviewable from the history — and opening
// and comparing files with no account and no keychain at all.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryVault, type TokenVault } from '../../../src/core/accounts/vault'
import { dispatch } from '../../../src/core/ipc'
import { VirtualScheduler } from '../../../src/core/monitor/scheduler'
import { createService, type Service } from '../../../src/core/service'
import { loadSnapshot } from '../../../src/core/snapshots'
import type { MonitorEvent } from '../../../src/shared/monitor'
import { monitorScenario } from '../../helpers/monitor-scenario'
import { call, serviceWatching, type WatchingService } from '../../helpers/service'
import { SimDriver } from '../../helpers/simulator'

let sim: SimDriver
let service: Service
let scheduler: VirtualScheduler
let accountId: string
const dataDir = mkdtempSync(join(tmpdir(), 'lanewatch-snapshots-app-'))
const chosen = join(mkdtempSync(join(tmpdir(), 'lanewatch-chosen-')), 'chosen.lanewatch')
const events: MonitorEvent[] = []
let historyChanges = 0
const vault = new MemoryVault()

let advance: WatchingService['advance']

beforeAll(async () => {
  const scenario = monitorScenario()
  // Ended executions go ten minutes after they end.
  scenario.provider.retention = {
    endedSeconds: 600,
    suspendedSeconds: 3600,
    checkIntervalSeconds: 60
  }
  sim = await SimDriver.start({ scenario })
  ;({ service, scheduler, accountId, advance } = await serviceWatching(
    sim,
    { dataDir, vault, chooseSnapshotTarget: async () => chosen },
    {
      stepMs: 500,
      wire: (s) => {
        s.on('monitor:event', (e) => events.push(e))
        s.on('snapshots:changed', () => historyChanges++)
      }
    }
  ))
})
afterAll(async () => {
  await service.close()
  await sim.stop()
})

describe('snapshots through the service', () => {
  let executionId: string

  it('saves one automatically, once, when an execution ends with the setting on', async () => {
    await call(service, 'settings.set', { autoSaveSnapshots: true })
    executionId = await sim.schedule('steady')
    for (let i = 0; i < 120 && !events.some((e) => e.type === 'executionEnded'); i++)
      await advance(2000)
    const ended = events.find((e) => e.type === 'executionEnded')!
    expect(ended).toMatchObject({ executionId, status: 'finished' })
    await service.snapshots.autoSaver.idle()
    const { entries } = await call(service, 'snapshots.list', {})
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ executionId, status: 'finished', name: 'steady-pipeline' })
    expect(historyChanges).toBe(1)
    const { snapshot } = await loadSnapshot(
      join(service.snapshots.library.folder, entries[0]!.file)
    )
    expect(snapshot.execution).toEqual(await sim.details(executionId))
    expect(snapshot.auditLog.length).toBeGreaterThan(0)
    // The same end announced again is not saved twice.
    service.snapshots.autoSaver.onEvent(ended)
    await service.snapshots.autoSaver.idle()
    expect((await call(service, 'snapshots.list', {})).entries).toHaveLength(1)
  })

  it('"Save snapshot" keeps one in the history and, when asked, a copy in the chosen file', async () => {
    await advance(1000)
    const saved = await call(service, 'snapshots.save', {
      accountId,
      executionId,
      chooseFile: true
    })
    expect(saved).toMatchObject({ saved: true, copiedTo: 'chosen.lanewatch' })
    expect((await loadSnapshot(chosen)).snapshot.execution.atmWorkflowExecutionId).toBe(executionId)
    expect((await call(service, 'snapshots.list', {})).entries).toHaveLength(2)
    // Still listed by the server: not gone, so the list shows it as the server has it.
    expect(await call(service, 'snapshots.gone', { accountId, spaceId: sim.space('lab') })).toEqual(
      []
    )
    const ids = await call(service, 'snapshots.saved', { accountId, spaceId: sim.space('lab') })
    expect(ids).toEqual([
      {
        executionId,
        savedAt: saved.saved ? saved.entry.savedAt : 0,
        file: saved.saved ? saved.entry.file : ''
      }
    ])
  })

  it('compares a snapshot with the live execution from the monitor', async () => {
    const { entries } = await call(service, 'snapshots.list', {})
    const result = await call(service, 'snapshots.compare', {
      before: { file: entries.at(-1)!.file },
      after: { live: { accountId, executionId } }
    })
    expect(result.comparison).toMatchObject({
      comparable: true,
      diff: { executionId, newRuns: [], changedRuns: [], addedEntries: [] }
    })
    expect(result.after).toMatchObject({ label: 'live', status: 'finished' })
    expect(result.after.state).toMatchObject({ accountId, executionId })
  })

  it('after a restart, the same end announced again is not saved again', async () => {
    const ended = events.find((e) => e.type === 'executionEnded')!
    await service.close()
    service = createService({ dataDir, vault, scheduler })
    scheduler.setSettle(() => service.monitor.idle())
    await service.snapshots.ready
    await advance(2000)
    service.snapshots.autoSaver.onEvent({ ...ended, catchUp: true })
    await service.snapshots.autoSaver.idle()
    expect((await call(service, 'snapshots.list', {})).entries).toHaveLength(2)
    // Saving still works here: the end was skipped because it was saved, not for want of a way.
    await call(service, 'snapshots.save', { accountId, executionId })
    expect((await call(service, 'snapshots.list', {})).entries).toHaveLength(3)
  })

  it('an execution deleted by the retention stays reviewable from the history', async () => {
    await advance(15 * 60_000, 5000)
    const gone = await sim.op('GET', `/automation/execution/workflows/${executionId}`)
    expect(gone.status).toBe(404)
    const { entries } = await call(service, 'snapshots.list', {})
    const opened = await call(service, 'snapshots.open', { source: { file: entries[0]!.file } })
    expect(opened.state).toMatchObject({ accountId: '', executionId })
    expect(opened.state.details?.status).toBe('finished')
    expect(opened.offline).toMatchObject({ fileName: entries[0]!.file })
    expect(opened.offline.providerHost).toBe(new URL(sim.sim.url).host)
    expect(
      (await call(service, 'snapshots.saved', { accountId })).map((s) => s.executionId)
    ).toEqual([executionId])
    // The list of its space shows it from the history, with the details the snapshot holds.
    await advance(60_000, 5000)
    const goneNow = await call(service, 'snapshots.gone', { accountId, spaceId: sim.space('lab') })
    expect(goneNow.map((g) => [g.executionId, g.details.status, g.details.spaceId])).toEqual([
      [executionId, 'finished', sim.space('lab')]
    ])
    expect(goneNow[0]!.file).toBe(entries.find((e) => e.executionId === executionId)!.file)
  })
})

describe('with no account and no keychain', () => {
  it('lists, opens and compares snapshot files', async () => {
    const refuse = () => Promise.reject(new Error('no keychain on this system'))
    const noKeychain: TokenVault = {
      check: refuse,
      get: refuse,
      set: refuse,
      delete: refuse,
      ids: refuse,
      claim: refuse,
      owners: refuse
    }
    const offline = createService({
      dataDir: mkdtempSync(join(tmpdir(), 'lanewatch-offline-')),
      vault: noKeychain,
      scheduler: new VirtualScheduler(0)
    })
    try {
      const [a, b] = (await call(service, 'snapshots.list', {})).entries.slice(-2).reverse()
      const folder = service.snapshots.library.folder
      const first = await call(offline, 'snapshots.admit', { path: join(folder, a!.file) })
      const second = await call(offline, 'snapshots.admit', { path: join(folder, b!.file) })
      expect(await call(offline, 'accounts.list', {})).toEqual([])
      const opened = await call(offline, 'snapshots.open', { source: { handle: first.handle } })
      expect(opened.state.details?.atmWorkflowExecutionId).toBe(a!.executionId)
      expect(opened.offline.fileName).toBe(a!.file)
      const compared = await call(offline, 'snapshots.compare', {
        before: { handle: first.handle },
        after: { handle: second.handle }
      })
      expect(compared.comparison.comparable).toBe(true)
      expect(compared.before.label).toBe(a!.file)
      expect(await call(offline, 'snapshots.list', {})).toEqual({ entries: [], problems: [] })
      const refused = await dispatch(offline.handlers, 'snapshots.save', {
        accountId: 'nobody',
        executionId: 'x'
      })
      expect(refused.ok).toBe(false)
    } finally {
      await offline.close()
    }
  })

  it('refuses a dropped path that is not a snapshot file, before reading it', async () => {
    const r = await dispatch(service.handlers, 'snapshots.admit', {
      path: join(dataDir, 'accounts.json')
    })
    expect(r).toMatchObject({ ok: false, error: { id: 'snapshot.notSnapshot' } })
    expect(existsSync(dataDir)).toBe(true)
  })
})
