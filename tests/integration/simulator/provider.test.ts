// The provider's own life: retention of ended and suspended executions (op-worker's garbage
// collector, on the simulated clock) and a restart of the provider (listener down, then up on the
// same port; ongoing executions interrupted as op-worker's restart procedure does).
import { afterEach, describe, expect, it } from 'vitest'
import { parseScenario } from '../../../src/simulator/scenario'
import { BUILT_IN_SCENARIOS } from '../../../src/simulator/scenarios'
import { P, run, SimDriver, texts } from '../../helpers/simulator'

const HOUR = 3600_000
const DAY = 24 * HOUR

const drivers: SimDriver[] = []
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop()
})

async function start(change?: (scenario: Record<string, unknown>) => void): Promise<SimDriver> {
  const data = structuredClone(BUILT_IN_SCENARIOS.conformance) as Record<string, unknown>
  change?.(data)
  const sim = await SimDriver.start({ scenario: parseScenario(data) })
  drivers.push(sim)
  return sim
}

const gone = async (sim: SimDriver, id: string) =>
  (await sim.op('GET', `/automation/execution/workflows/${id}`)).status === 404

async function listed(sim: SimDriver, phase: string) {
  const r = await sim.op<{ atmWorkflowExecutions: string[] }>(
    'GET',
    `/spaces/${sim.space('lab')}/automation/execution/workflows?phase=${phase}`
  )
  return r.body.atmWorkflowExecutions
}

async function pausedExecution(sim: SimDriver) {
  const id = await sim.schedule('single')
  await sim.untilStatus(id, 'active')
  await sim.action(id, 'pause')
  await sim.untilStatus(id, 'paused')
  return id
}

describe('retention', () => {
  it('op-worker’s defaults: ended executions go after 15 days, suspended ones after 30, checked hourly', async () => {
    const sim = await start()
    const ended = await sim.schedule('single')
    await sim.untilStatus(ended, 'finished')
    const paused = await pausedExecution(sim)

    await sim.advance(15 * DAY - 2 * HOUR)
    expect(await gone(sim, ended)).toBe(false)
    await sim.advance(3 * HOUR)
    expect(await gone(sim, ended)).toBe(true)
    expect(await listed(sim, 'ended')).not.toContain(ended)
    expect(await gone(sim, paused)).toBe(false)
    expect(await listed(sim, 'suspended')).toContain(paused)

    await sim.advance(15 * DAY)
    expect(await gone(sim, paused)).toBe(true)
    expect(await listed(sim, 'suspended')).not.toContain(paused)
  })

  it('a scenario sets its own retention', async () => {
    const sim = await start((s) => {
      s.provider = {
        name: 'Short memory',
        retention: { endedSeconds: 600, suspendedSeconds: 1200, checkIntervalSeconds: 60 }
      }
    })
    const ended = await sim.schedule('single')
    await sim.untilStatus(ended, 'finished')
    const paused = await pausedExecution(sim)
    await sim.advance(540_000)
    expect(await gone(sim, ended)).toBe(false)
    await sim.advance(120_000)
    expect(await gone(sim, ended)).toBe(true)
    expect(await gone(sim, paused)).toBe(false)
    await sim.advance(660_000)
    expect(await gone(sim, paused)).toBe(true)
  })

  it('is refused when it makes no sense', () => {
    const data = structuredClone(BUILT_IN_SCENARIOS.conformance) as Record<string, unknown>
    data.provider = { name: 'x', retention: { endedSeconds: -1 } }
    expect(() => parseScenario(data)).toThrow(/provider\.retention\.endedSeconds/)
  })
})

/** Polls until the listener answers again (a restart takes real time). */
async function untilUp(sim: SimDriver): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(`${sim.sim.url}${P}/configuration`)
      return
    } catch {
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  throw new Error('the simulator did not come back')
}

describe('provider restart', () => {
  it('stops the listener, then serves again on the same port; ongoing executions are interrupted and resumed', async () => {
    const sim = await start()
    const url = sim.sim.url
    const paused = await pausedExecution(sim)
    const finished = await sim.schedule('single')
    await sim.untilStatus(finished, 'finished')
    const active = await sim.schedule('single')
    await sim.advanceUntil(active, (d) => d.lanes[0]!.runs[0]!.status === 'active')

    const r = await sim.request('POST', '/__simulator/restart', { body: { downMs: 4000 } })
    expect(r.status).toBe(200)
    await expect(fetch(`${url}${P}/configuration`)).rejects.toThrow()
    await untilUp(sim)
    expect(sim.sim.url).toBe(url)

    // As op-worker's restart procedure: interrupted, then resumed right away.
    expect((await sim.details(active)).status).toBe('resuming')
    const log = await sim.auditLog(active)
    const from = log.findIndex((e) => e.severity === 'critical')
    expect(
      log.slice(from).map((e) => [e.severity, e.content.description, e.content.details])
    ).toEqual([
      [
        'critical',
        'Failed to cleanly suspend execution before the Oneprovider service has stopped.',
        undefined
      ],
      ['notice', 'Stopping execution...', { reason: 'interrupt' }],
      ['info', '[Lane: 1, Run: 1] Initiating stop...', { reason: 'interrupt' }],
      ['info', '[Lane: 1, Run: 1, PBox: 1, Task: 1] Stop initiated.', { reason: 'interrupt' }],
      ['info', '[Lane: 1, Run: 1, PBox: 1, Task: 1] Stopped.', undefined],
      ['info', '[Lane: 1, Run: 1] Stopped.', undefined],
      ['notice', 'Stopped execution.', { status: 'interrupted' }],
      [
        'notice',
        'Resuming execution...',
        { scheduledLaneRunSelector: { laneIndex: 1, RunNumber: 1 } }
      ]
    ])
    expect((await sim.details(paused)).status).toBe('paused')
    expect((await sim.details(finished)).status).toBe('finished')
    const done = await sim.untilStatus(active, 'finished')
    // Items in processing at the restart are processed again.
    const task = (await sim.view(active)).lanes[0]!.runs[0]!.boxes[0]!.tasks[0]!
    expect(task).toMatchObject({ status: 'finished', itemsProcessed: 3, itemsFailed: 0 })
    expect(run(done, 1, 1).status).toBe('finished')
  })

  it('an execution paused because the provider was stopping is resumed; one a user paused is not', async () => {
    const sim = await start()
    const byProvider = await sim.schedule('single')
    await sim.advanceUntil(byProvider, (d) => d.lanes[0]!.runs[0]!.status === 'active')
    await sim.inject({ type: 'stop', execution: byProvider, reason: 'op_worker_stopping' })
    await sim.untilStatus(byProvider, 'paused')
    const byUser = await pausedExecution(sim)
    await sim.sim.restart()
    expect((await sim.details(byProvider)).status).toBe('resuming')
    expect((await sim.details(byUser)).status).toBe('paused')
    expect((await sim.untilStatus(byProvider, 'finished')).status).toBe('finished')
  })

  it('with autoResume false they stay interrupted, and resume on request', async () => {
    const sim = await start()
    const active = await sim.schedule('single')
    await sim.untilStatus(active, 'active')
    await sim.control('POST', '/restart', { autoResume: false })
    await untilUp(sim)
    expect((await sim.details(active)).status).toBe('interrupted')
    expect((await sim.action(active, 'resume')).status).toBe(204)
    expect((await sim.untilStatus(active, 'finished')).status).toBe('finished')
  })

  it('an execution whose active task streams results ends failed and is not resumed', async () => {
    const sim = await start()
    const id = await sim.schedule('streamed')
    await sim.advanceUntil(id, (d) => d.lanes[0]!.runs[0]!.status === 'active')
    await sim.control('POST', '/restart', {})
    await untilUp(sim)
    const d = await sim.details(id)
    expect(d.status).toBe('failed')
    expect(texts(await sim.auditLog(id))).not.toContain('Resuming execution...')
  })

  it('a scenario can restart the provider in its history', async () => {
    const sim = await start((s) => {
      s.executions = [{ schema: 'single', revision: 1, space: 'lab', user: 'admin', at: -1 }]
      s.restarts = [{ at: -0.5, autoResume: false }]
    })
    const id = (await sim.control<{ executions: { id: string }[] }>('GET', '/state')).executions[0]!
      .id
    expect((await sim.details(id)).status).toBe('interrupted')
  })
})
