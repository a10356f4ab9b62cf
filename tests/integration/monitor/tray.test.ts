// The tray model from the monitor's real state: idle, running, failing until the failures are
// seen, unreachable while the provider is down.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { trayModel } from '../../../src/core/tray/model'
import { MonitorRig } from '../../helpers/monitor'
import { monitorScenario } from '../../helpers/monitor-scenario'
import { SimDriver } from '../../helpers/simulator'

let sim: SimDriver
beforeAll(async () => {
  sim = await SimDriver.start({ scenario: monitorScenario() })
})
afterAll(async () => sim.stop())

it('follows the monitor: idle, running, failing, seen, unreachable', async () => {
  const rig = new MonitorRig(sim, { cadence: { unreachableAfter: 2, backoffBaseMs: 1000 } })
  const tray = () => trayModel(rig.monitor.overview(), { items: [], unread: 0 })
  await rig.advance(6000)
  expect(tray().state).toBe('idle')

  const id = await sim.schedule('broken')
  await rig.until(() => rig.of('laneRunStarted', id).length === 1, 60_000)
  const running = tray()
  expect(running.state).toBe('running')
  expect(running.menu[1]).toMatchObject({
    label: expect.stringMatching(/^broken-import — active, started (just now|\d+ min ago)$/),
    action: { type: 'openExecution', accountId: 'acc', executionId: id }
  })
  expect(running.tooltip).toMatch(
    /^Lanewatch: 1 running\n127\.0\.0\.1:\d+: \d+ requests\/min, next refresh in \d+ s$/
  )

  await rig.until(() => rig.of('executionEnded', id).length === 1, 120_000)
  const failing = tray()
  expect(failing.state).toBe('failing')
  // The failed lane run and the failed execution.
  expect(failing.badge).toBe(2)
  expect(failing.menu).toContainEqual(
    expect.objectContaining({ label: 'broken-import — failed just now' })
  )
  rig.monitor.markSeen('acc', sim.space('lab'))
  expect(tray()).toMatchObject({ state: 'idle', badge: 0 })

  await sim.request('POST', '/__simulator/faults', {
    body: { kind: 'status', status: 503, count: 1000 }
  })
  await rig.until(() => rig.of('providerUnreachable').length === 1, 60_000)
  expect(tray().state).toBe('unreachable')
  expect(tray().tooltip).toMatch(/unreachable, retrying in \d+ s/)
  await sim.request('DELETE', '/__simulator/faults')
  await rig.stop()
})
