// Breakpoints: holding an execution at a named point of its life, as op-worker's test runner does
// with its step mocks, so a client can act exactly there; releasing it; asking what is held.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run, SimDriver, texts, type ErrorBody } from '../../helpers/simulator'

let sim: SimDriver
beforeAll(async () => {
  sim = await SimDriver.start()
})
afterAll(() => sim.stop())

describe('each hold point', () => {
  it('beforeLanePreparation: the run is still scheduled, however long time runs', async () => {
    const id = await sim.schedule('single')
    await sim.hold({ execution: id, point: 'beforeLanePreparation' })
    await sim.advance(60_000)
    const d = await sim.details(id)
    expect(d.status).toBe('scheduled')
    expect(run(d, 1, 1)).toMatchObject({ status: 'scheduled', parallelBoxes: [] })
    const held = (await sim.held()).filter((h) => h.execution === id)
    expect(held).toEqual([
      { execution: id, point: 'beforeLanePreparation', lane: 1, run: 1, since: expect.any(Number) }
    ])
    expect((await sim.release({ execution: id })).released).toBe(1)
    expect((await sim.untilStatus(id, 'finished')).status).toBe('finished')
  })

  it('beforeRunCreation: preparing, without stores or tasks', async () => {
    const id = await sim.schedule('single')
    await sim.hold({ execution: id, point: 'beforeRunCreation' })
    await sim.advance(10_000)
    const d = await sim.details(id)
    expect(d.status).toBe('active')
    expect(run(d, 1, 1)).toMatchObject({
      status: 'preparing',
      exceptionStoreId: null,
      parallelBoxes: []
    })
    await sim.release({ execution: id })
    await sim.untilStatus(id, 'finished')
  })

  it('afterRunCreation: preparing, with its exception store and tasks', async () => {
    const id = await sim.schedule('single')
    await sim.hold({ execution: id, point: 'afterRunCreation' })
    await sim.advance(10_000)
    const r = run(await sim.details(id), 1, 1)
    expect(r.status).toBe('preparing')
    expect(r.exceptionStoreId).not.toBeNull()
    expect(r.parallelBoxes).toHaveLength(1)
    await sim.release({ execution: id })
    await sim.untilStatus(id, 'finished')
  })

  it('beforeFirstItem: enqueued, no task has had an item', async () => {
    const id = await sim.schedule('single')
    await sim.hold({ execution: id, point: 'beforeFirstItem' })
    await sim.advance(10_000)
    expect(run(await sim.details(id), 1, 1).status).toBe('enqueued')
    const task = (await sim.view(id)).lanes[0]!.runs[0]!.boxes[0]!.tasks[0]!
    expect(task).toMatchObject({ status: 'pending', itemsProcessed: 0, itemsInProcessing: 0 })
    await sim.release({ execution: id })
    await sim.untilStatus(id, 'finished')
  })

  it('afterAllItems: active, every item processed, the run not yet stopped', async () => {
    const id = await sim.schedule('single')
    await sim.hold({ execution: id, point: 'afterAllItems' })
    await sim.advance(10_000)
    const d = await sim.details(id)
    expect(d.status).toBe('active')
    expect(run(d, 1, 1).status).toBe('active')
    const task = (await sim.view(id)).lanes[0]!.runs[0]!.boxes[0]!.tasks[0]!
    expect(task).toMatchObject({ itemsProcessed: 3, itemsInProcessing: 0 })
    expect(texts(await sim.auditLog(id))).not.toContain('[Lane: 1, Run: 1] Stopped.')
    // A pause here still ends paused.
    expect((await sim.action(id, 'pause')).status).toBe(204)
    expect((await sim.untilStatus(id, 'paused', 'finished')).status).toBe('paused')
    expect((await sim.held()).filter((h) => h.execution === id)).toEqual([])
    await sim.release({ execution: id })
  })

  it('beforeWorkflowStopped: the last run ended, the workflow still stopping', async () => {
    const id = await sim.schedule('single')
    await sim.hold({ execution: id, point: 'beforeWorkflowStopped' })
    await sim.advance(10_000)
    const d = await sim.details(id)
    expect(d.status).toBe('stopping')
    expect(run(d, 1, 1).status).toBe('finished')
    const log = texts(await sim.auditLog(id))
    expect(log.at(-1)).toBe('[Lane: 1, Run: 1] Stopped.')
    await sim.release({ point: 'beforeWorkflowStopped', execution: id })
    expect((await sim.details(id)).status).toBe('finished')
  })
})

describe('holding and releasing', () => {
  it('time keeps running for every other execution', async () => {
    const held = await sim.schedule('single')
    await sim.hold({ execution: held, point: 'beforeFirstItem' })
    const other = await sim.schedule('single')
    expect((await sim.untilStatus(other, 'finished')).status).toBe('finished')
    expect(run(await sim.details(held), 1, 1).status).toBe('enqueued')
    await sim.release({ execution: held })
    await sim.untilStatus(held, 'finished')
  })

  it('a hold can name a lane and a run; others pass', async () => {
    const id = await sim.schedule('story')
    await sim.hold({ execution: id, point: 'beforeFirstItem', lane: 2, run: 2 })
    // Lane 2 run 1 fails some items and is retried as run 2, which is held.
    const d = await sim.advanceUntil(id, (x) =>
      x.lanes[1]!.runs.some((r) => r.runNumber === 2 && r.status === 'enqueued')
    )
    await sim.advance(30_000)
    expect(run(await sim.details(id), 2, 2).status).toBe('enqueued')
    expect(run(d, 1, 1).status).toBe('finished')
    expect((await sim.held()).filter((h) => h.execution === id)).toMatchObject([
      { point: 'beforeFirstItem', lane: 2, run: 2 }
    ])
    await sim.release({ execution: id })
    await sim.untilStatus(id, 'finished')
  })

  it('a run prepared in advance is held with run: null', async () => {
    const id = await sim.schedule('story')
    await sim.hold({ execution: id, point: 'afterRunCreation', lane: 2, run: null })
    await sim.advanceUntil(id, (x) => x.lanes[0]!.runs[0]!.status === 'active')
    const ahead = (await sim.details(id)).lanes[1]!.runs[0]!
    expect(ahead).toMatchObject({ runNumber: null, status: 'preparing' })
    expect(ahead.parallelBoxes).toHaveLength(1)
    await sim.release({ lane: 2 })
    await sim.untilStatus(id, 'finished')
  })

  it('a hold without an execution applies to every execution, also ones scheduled later', async () => {
    await sim.hold({ point: 'beforeLanePreparation' })
    const a = await sim.schedule('single')
    const b = await sim.schedule('single')
    await sim.advance(5000)
    expect((await sim.details(a)).status).toBe('scheduled')
    expect((await sim.details(b)).status).toBe('scheduled')
    expect((await sim.held()).map((h) => h.execution)).toEqual(expect.arrayContaining([a, b]))
    expect((await sim.release({ point: 'beforeLanePreparation' })).released).toBe(2)
    await sim.untilStatus(a, 'finished')
    await sim.untilStatus(b, 'finished')
    expect(await sim.held()).toEqual([])
  })

  it('refuses a hold with an unknown point or a bad field, naming it', async () => {
    const bad = await sim.request('POST', '/__simulator/hold', { body: { point: 'sometime' } })
    expect(bad.status).toBe(400)
    expect((bad.body as ErrorBody).error.details).toMatchObject({ key: 'point' })
    const lane = await sim.request('POST', '/__simulator/hold', {
      body: { point: 'beforeFirstItem', lane: 0 }
    })
    expect(lane.status).toBe(400)
    expect((lane.body as ErrorBody).error.details).toMatchObject({ key: 'lane' })
  })
})
