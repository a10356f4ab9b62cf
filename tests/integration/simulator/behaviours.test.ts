// Four behaviours replayed from op-worker's own automation test suites
// (test_distributed/suites/automation/execution/*): when a run is prepared in advance, cancelling a
// suspended execution, a crash during the workflow's final stopping, and the stopping moment after
// a failed preparation. Over HTTP, with the virtual clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run, SimDriver, texts, type ErrorBody } from '../../helpers/simulator'

let sim: SimDriver
beforeAll(async () => {
  sim = await SimDriver.start()
})
afterAll(() => sim.stop())

const err = (r: { body: unknown }) => (r.body as ErrorBody).error
const ITS = (prevStatus: string) => ({
  id: 'atmInvalidStatusTransition',
  details: { prevStatus, newStatus: 'stopping' }
})

describe('a run is prepared in advance as soon as the lane before it is being prepared', () => {
  it('lane 2 shows a run with runNumber null, enqueued with its stores, while lane 1 is enqueued', async () => {
    const id = await sim.schedule('story')
    await sim.hold({ execution: id, point: 'beforeFirstItem', lane: 1 })
    const d = await sim.advanceUntil(id, (x) => x.lanes[0]!.runs[0]!.status === 'enqueued', {
      stepMs: 10
    })
    expect(d.status).toBe('active')
    expect(d.lanes[1]!.runs).toHaveLength(1)
    const ahead = d.lanes[1]!.runs[0]!
    expect(ahead).toMatchObject({
      runNumber: null,
      originRunNumber: null,
      runType: 'regular',
      status: 'enqueued',
      isRetriable: false,
      isRerunable: false
    })
    // The lane's schema store is iterated; the run has its own exception store and tasks.
    expect(Object.values(d.storeRegistry)).toContain(ahead.iteratedStoreId)
    expect(ahead.exceptionStoreId).toMatch(/^[0-9a-f]{32}ch[0-9a-f]{4}$/)
    expect(ahead.parallelBoxes).toHaveLength(1)
    // Only the next lane is prepared in advance.
    expect(d.lanes[2]!.runs).toEqual([])
    await sim.release({ execution: id })
    await sim.untilStatus(id, 'finished')
  })

  it('its preparation starts together with the current run’s', async () => {
    const id = await sim.schedule('story')
    const d = await sim.advanceUntil(id, (x) => x.lanes[0]!.runs[0]!.status === 'preparing', {
      stepMs: 10
    })
    expect(d.lanes[1]!.runs.map((r) => [r.runNumber, r.status])).toEqual([[null, 'preparing']])
    await sim.untilStatus(id, 'finished')
  })

  it('when the execution stops, it is interrupted and then removed', async () => {
    const id = await sim.schedule('story')
    await sim.hold({ execution: id, point: 'beforeFirstItem', lane: 1 })
    await sim.hold({ execution: id, point: 'beforeWorkflowStopped' })
    await sim.advanceUntil(id, (x) => x.lanes[1]!.runs[0]?.status === 'enqueued', { stepMs: 10 })
    expect((await sim.action(id, 'cancel')).status).toBe(204)
    const stopping = await sim.advanceUntil(id, (x) => x.lanes[0]!.runs[0]!.status === 'cancelled')
    // The workflow is still stopping: the run prepared in advance is left as it was.
    expect(stopping.status).toBe('stopping')
    expect(stopping.lanes[1]!.runs.map((r) => [r.runNumber, r.status])).toEqual([
      [null, 'enqueued']
    ])
    await sim.release({ execution: id })
    const done = await sim.untilStatus(id, 'cancelled')
    expect(done.lanes[1]!.runs).toEqual([])
    const log = await sim.auditLog(id)
    const tail = log.slice(
      log.findIndex((e) => e.content.description === '[Lane: 1, Run: 1] Stopped.')
    )
    expect(tail.map((e) => [e.content.description, e.content.details])).toEqual([
      ['[Lane: 1, Run: 1] Stopped.', undefined],
      ['[Lane: 2, Run: ?] Initiating stop...', { reason: 'interrupt' }],
      ['[Lane: 2, Run: ?, PBox: 1, Task: 1] Stop initiated.', { reason: 'interrupt' }],
      ['[Lane: 2, Run: ?] Stopped.', undefined],
      ['Deleted lane runs that were prepared in advance.', { laneIndices: [2] }],
      ['Stopped execution.', { status: 'cancelled' }]
    ])
  })
})

describe('cancelling a suspended execution is synchronous', () => {
  for (const suspended of ['paused', 'interrupted'] as const) {
    it(`${suspended}: 204, and the very next GET shows cancelled`, async () => {
      const id = await sim.schedule('single')
      await sim.untilStatus(id, 'active')
      if (suspended === 'paused') expect((await sim.action(id, 'pause')).status).toBe(204)
      else await sim.inject({ type: 'interrupt', execution: id })
      const before = await sim.untilStatus(id, suspended)
      await sim.advance(5000)

      expect((await sim.action(id, 'cancel')).status).toBe(204)
      const d = await sim.details(id)
      expect(d.status).toBe('cancelled')
      expect(run(d, 1, 1)).toMatchObject({
        status: 'cancelled',
        isRetriable: false,
        isRerunable: true
      })
      // Suspended → ongoing → ended in one step: both times move on.
      expect(d.startTime).toBeGreaterThanOrEqual(before.suspendTime + 5)
      expect(d.finishTime).toBe(d.startTime)
      const ended = await sim.op<{ atmWorkflowExecutions: string[] }>(
        'GET',
        `/spaces/${sim.space('lab')}/automation/execution/workflows?phase=ended`
      )
      expect(ended.body.atmWorkflowExecutions).toContain(id)

      const log = await sim.auditLog(id)
      const tail = log.slice(log.findIndex((e) => e.timestamp > before.suspendTime * 1000 + 4000))
      expect(tail.map((e) => [e.severity, e.content.description, e.content.details])).toEqual([
        ['notice', 'Stopping execution...', { reason: 'cancel' }],
        ['info', '[Lane: 1, Run: 1] Initiating stop...', { reason: 'cancel' }],
        ['info', '[Lane: 1, Run: 1, PBox: 1, Task: 1] Stop initiated.', { reason: 'cancel' }],
        ['info', '[Lane: 1, Run: 1] Stopped previously suspended.', undefined],
        ['notice', 'Stopped execution.', { status: 'cancelled' }]
      ])
    })
  }
})

describe('a crash is not a user’s stop request', () => {
  it('a crash while the workflow stops after its last run finished ends it crashed; the run stays finished', async () => {
    const id = await sim.schedule('single')
    await sim.hold({ execution: id, point: 'beforeWorkflowStopped' })
    const stopping = await sim.advanceUntil(id, (x) => x.status === 'stopping')
    expect(run(stopping, 1, 1).status).toBe('finished')
    // A user's stop is refused here …
    expect(err(await sim.action(id, 'cancel'))).toMatchObject(ITS('finished'))
    // … a crash is not.
    const crash = await sim.request('POST', '/__simulator/inject', {
      body: { type: 'crash', execution: id }
    })
    expect(crash.status, crash.text).toBe(200)
    const d = await sim.untilStatus(id, 'crashed')
    expect(run(d, 1, 1)).toMatchObject({
      status: 'finished',
      isRetriable: false,
      isRerunable: false
    })
    expect(d.finishTime).toBeGreaterThan(0)
    expect(
      err(await sim.action(id, 'rerun', { body: { laneIndex: 1, laneRunNumber: 1 } })).id
    ).toBe('atmLaneExecutionRerunFailed')
    const log = await sim.auditLog(id)
    expect(log.at(-1)).toMatchObject({
      severity: 'emergency',
      content: {
        description: 'Unexpected emergency occured.',
        details: { reason: { id: expect.any(String) } }
      }
    })
    // After a crash op-worker writes no `Stopped execution.`.
    expect(texts(log)).not.toContain('Stopped execution.')
    expect((await sim.held()).filter((h) => h.execution === id)).toEqual([])
  })

  it('a crash overrides any stopping reason and is accepted from every non-ended status', async () => {
    const paused = await sim.schedule('single')
    await sim.untilStatus(paused, 'active')
    await sim.action(paused, 'pause')
    await sim.untilStatus(paused, 'paused')
    await sim.inject({ type: 'crash', execution: paused })
    expect((await sim.details(paused)).status).toBe('crashed')

    const pausing = await sim.schedule('single')
    await sim.untilStatus(pausing, 'active')
    await sim.action(pausing, 'pause')
    expect((await sim.details(pausing)).status).toBe('stopping')
    await sim.inject({ type: 'crash', execution: pausing })
    const d = await sim.untilStatus(pausing, 'crashed', 'paused')
    expect(d.status).toBe('crashed')
    expect(run(d, 1, 1).status).toBe('crashed')

    const scheduled = await sim.schedule('single')
    await sim.inject({ type: 'crash', execution: scheduled })
    expect((await sim.untilStatus(scheduled, 'crashed')).status).toBe('crashed')

    const refused = await sim.request('POST', '/__simulator/inject', {
      body: { type: 'crash', execution: scheduled }
    })
    expect(refused.status).toBe(400)
    expect(err(refused).id).toBe('atmWorkflowExecutionEnded')
  })
})

describe('a failed preparation has a stopping moment', () => {
  it('the run is failed while the workflow is stopping: a cancel then is refused; the workflow ends failed', async () => {
    const id = await sim.schedule('single')
    await sim.inject({ type: 'failPreparation', execution: id })
    const d = await sim.advanceUntil(id, (x) => x.lanes[0]!.runs[0]!.status === 'failed', {
      stepMs: 10
    })
    expect(d.status).toBe('stopping')
    const cancel = await sim.action(id, 'cancel')
    expect(cancel.status).toBe(400)
    expect(err(cancel)).toMatchObject(ITS('failed'))
    expect(err(await sim.action(id, 'pause'))).toMatchObject(ITS('failed'))
    const failed = await sim.untilStatus(id, 'failed')
    expect(run(failed, 1, 1)).toMatchObject({
      status: 'failed',
      isRetriable: false,
      isRerunable: true
    })
  })

  it('the moment lasts while the workflow-stopped handling is held', async () => {
    const id = await sim.schedule('single')
    await sim.hold({ execution: id, point: 'beforeWorkflowStopped' })
    await sim.inject({ type: 'failPreparation', execution: id })
    await sim.advanceUntil(id, (x) => x.lanes[0]!.runs[0]!.status === 'failed')
    await sim.advance(60_000)
    expect((await sim.details(id)).status).toBe('stopping')
    expect(err(await sim.action(id, 'cancel'))).toMatchObject(ITS('failed'))
    await sim.release({ execution: id, point: 'beforeWorkflowStopped' })
    expect((await sim.untilStatus(id, 'failed')).status).toBe('failed')
  })
})
