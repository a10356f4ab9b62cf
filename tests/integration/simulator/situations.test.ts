// Situations taken from op-worker's test suites that only injects can cause: parallel boxes in
// order, preparation failures at a stage and for a target run, streamed (file pipe) results that
// turn an interruption into a failure, and stopping reasons added while already stopping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run, SimDriver, texts, type ErrorBody } from '../../helpers/simulator'

let sim: SimDriver
beforeAll(async () => {
  sim = await SimDriver.start()
})
afterAll(() => sim.stop())

const statuses = (v: Awaited<ReturnType<SimDriver['view']>>, lane = 1) =>
  v.lanes[lane - 1]!.runs[0]!.boxes.map((b) => b.tasks.map((t) => t.status))

describe('parallel boxes run in order', () => {
  it('an item passes box 1’s tasks, then box 2’s; box 1’s tasks end first', async () => {
    const id = await sim.schedule('boxes')
    await sim.hold({ execution: id, point: 'beforeFirstItem' })
    await sim.advance(1000)
    expect(statuses(await sim.view(id))).toEqual([['pending', 'pending'], ['pending']])

    await sim.release({ execution: id })
    let v = await sim.view(id)
    // Both items are in box 1 (100 ms each); box 2 (300 ms each) has not started.
    expect(statuses(v)).toEqual([['active', 'active'], ['pending']])
    expect(v.lanes[0]!.runs[0]!.boxes[1]!.tasks[0]!.itemsInProcessing).toBe(0)

    await sim.advance(100)
    v = await sim.view(id)
    // Box 1 is done with both items and its tasks have ended; the items are in box 2.
    expect(statuses(v)).toEqual([['finished', 'finished'], ['active']])
    expect(v.lanes[0]!.runs[0]!.boxes[0]!.tasks[0]!).toMatchObject({ itemsProcessed: 2 })
    expect(v.lanes[0]!.runs[0]!.boxes[1]!.tasks[0]!).toMatchObject({
      itemsInProcessing: 2,
      itemsProcessed: 0
    })
    const d = await sim.untilStatus(id, 'finished')
    const log = await sim.auditLog(id)
    const stopped = log.filter((e) => / Task: \d\] Stopped\.$/.test(e.content.description ?? ''))
    expect(stopped.map((e) => e.content.description)).toEqual([
      '[Lane: 1, Run: 1, PBox: 1, Task: 1] Stopped.',
      '[Lane: 1, Run: 1, PBox: 1, Task: 2] Stopped.',
      '[Lane: 1, Run: 1, PBox: 2, Task: 1] Stopped.'
    ])
    expect(stopped[2]!.timestamp - stopped[0]!.timestamp).toBe(300)
    const taskIds = d.lanes[0]!.runs[0]!.parallelBoxes.flatMap((b) => Object.values(b.taskRegistry))
    expect(stopped.map((e) => e.content.referencedElements)).toEqual(
      taskIds.map((t) => ({ tasks: [t] }))
    )
  })

  it('items that fail in box 1 never reach box 2, whose task ends skipped', async () => {
    const id = await sim.schedule('stuck')
    await sim.untilStatus(id, 'failed')
    const v = await sim.view(id)
    expect(statuses(v)).toEqual([['failed'], ['skipped']])
    expect(v.lanes[0]!.runs[0]!.boxes[1]!.tasks[0]!.itemsProcessed).toBe(0)
    expect(texts(await sim.auditLog(id))).toContain('[Lane: 1, Run: 1, PBox: 2, Task: 1] Stopped.')
  })
})

describe('failPreparation at a stage and for a target', () => {
  it('before the run’s stores exist: the failed run has none', async () => {
    const id = await sim.schedule('single', { logLevel: 'debug' })
    await sim.inject({ type: 'failPreparation', execution: id, stage: 'beforeRunCreation' })
    const d = await sim.untilStatus(id, 'failed')
    expect(run(d, 1, 1)).toMatchObject({
      status: 'failed',
      iteratedStoreId: null,
      exceptionStoreId: null,
      parallelBoxes: [],
      isRetriable: false,
      isRerunable: true
    })
    const log = await sim.auditLog(id)
    expect(texts(log)).not.toContain('[Lane: 1, Run: 1] Creating...')
    expect(
      log.find((e) => e.content.description === '[Lane: 1] Failed to prepare next run.')
    ).toMatchObject({
      severity: 'critical',
      content: {
        details: {
          reason: {
            id: 'atmLaneExecutionCreationFailed',
            details: {
              atmLaneSchemaId: d.lanes[0]!.schemaId,
              specificError: { id: 'internalServerError' }
            }
          }
        }
      }
    })
  })

  it('after they exist: the failed run keeps its stores, its tasks are interrupted', async () => {
    const id = await sim.schedule('single', { logLevel: 'debug' })
    await sim.inject({ type: 'failPreparation', execution: id, stage: 'afterRunCreation' })
    const d = await sim.untilStatus(id, 'failed')
    const r = run(d, 1, 1)
    expect(r.exceptionStoreId).not.toBeNull()
    expect(r.parallelBoxes).toHaveLength(1)
    expect(statuses(await sim.view(id))).toEqual([['interrupted']])
    const log = texts(await sim.auditLog(id))
    expect(log.indexOf('[Lane: 1, Run: 1] Created.')).toBeLessThan(
      log.indexOf('[Lane: 1] Failed to prepare next run.')
    )
  })

  it('a run prepared in advance fails alone; the workflow fails when it would become current', async () => {
    const id = await sim.schedule('story')
    await sim.inject({ type: 'failPreparation', execution: id, lane: 2, run: null })
    const during = await sim.advanceUntil(id, (x) => x.lanes[1]!.runs[0]?.status === 'failed')
    expect(during.status).toBe('active')
    expect(during.lanes[1]!.runs[0]!.runNumber).toBeNull()
    expect(run(during, 1, 1).status).not.toBe('finished')
    const log = await sim.auditLog(id)
    expect(texts(log)).toEqual(
      expect.arrayContaining([
        '[Lane: 2] Failed to prepare next run.',
        '[Lane: 2, Run: ?] Stopped.'
      ])
    )
    // A run that is not the current one stops without stopping the execution.
    expect(texts(log)).not.toContain('Stopping execution...')

    const d = await sim.untilStatus(id, 'failed')
    expect(
      d.lanes.map((l) => l.runs.map((r) => [r.runNumber, r.status, r.isRetriable, r.isRerunable]))
    ).toEqual([[[1, 'finished', false, true]], [[1, 'failed', false, true]], []])
  })

  it('a numbered run: lane 2’s automatic retry fails to prepare', async () => {
    const id = await sim.schedule('story')
    await sim.inject({
      type: 'failPreparation',
      execution: id,
      lane: 2,
      run: 2,
      stage: 'beforeRunCreation'
    })
    const d = await sim.untilStatus(id, 'failed')
    expect(d.lanes[1]!.runs.map((r) => [r.runNumber, r.runType, r.status, r.isRetriable])).toEqual([
      [2, 'retry', 'failed', false],
      [1, 'regular', 'failed', true]
    ])
  })
})

describe('streamed (file pipe) task results', () => {
  it('an interruption of a task that streams its results ends the run failed, not interrupted', async () => {
    const id = await sim.schedule('streamed')
    await sim.advanceUntil(id, (d) => d.lanes[0]!.runs[0]!.status === 'active', { stepMs: 20 })
    await sim.advance(150)
    await sim.inject({ type: 'interrupt', execution: id })
    const d = await sim.untilStatus(id, 'failed', 'interrupted')
    expect(d.status).toBe('failed')
    expect(run(d, 1, 1)).toMatchObject({ status: 'failed', isRetriable: false, isRerunable: true })
    expect(statuses(await sim.view(id))).toEqual([['failed']])
    expect(d.lanes[1]!.runs).toEqual([])
  })

  it('before any item was given to it, the same interruption ends interrupted', async () => {
    const id = await sim.schedule('streamed')
    await sim.hold({ execution: id, point: 'beforeFirstItem', lane: 1 })
    await sim.advanceUntil(id, (d) => d.lanes[0]!.runs[0]!.status === 'enqueued')
    await sim.inject({ type: 'interrupt', execution: id })
    const d = await sim.untilStatus(id, 'failed', 'interrupted')
    expect(d.status).toBe('interrupted')
    expect((await sim.action(id, 'resume')).status).toBe(204)
    await sim.release({ execution: id })
    expect((await sim.untilStatus(id, 'finished')).status).toBe('finished')
  })

  it('writes "Processed all streamed results." at debug level when the task has had every item', async () => {
    const id = await sim.schedule('streamed', { logLevel: 'debug' })
    await sim.untilStatus(id, 'finished')
    const log = texts(await sim.auditLog(id), '[Lane: 1, Run: 1, PBox: 1, Task: 1]')
    expect(log.slice(-2)).toEqual([
      '[Lane: 1, Run: 1, PBox: 1, Task: 1] Processed all streamed results.',
      '[Lane: 1, Run: 1, PBox: 1, Task: 1] Stopped.'
    ])
  })
})

describe('a stopping reason added to an execution already stopping', () => {
  const reasons = async (id: string) =>
    (await sim.auditLog(id))
      .filter((e) => e.content.description === 'Stopping execution...')
      .map((e) => (e.content.details as { reason: string }).reason)

  it('failure outranks pause: a pausing execution ends failed', async () => {
    const id = await sim.schedule('single')
    await sim.untilStatus(id, 'active')
    await sim.action(id, 'pause')
    await sim.inject({ type: 'stop', execution: id, reason: 'failure' })
    const d = await sim.untilStatus(id, 'failed', 'paused')
    expect(d.status).toBe('failed')
    expect(run(d, 1, 1)).toMatchObject({ status: 'failed', isRetriable: false, isRerunable: true })
    expect(await reasons(id)).toEqual(['pause', 'failure'])
  })

  it('interrupt does not outrank cancel: a cancelling execution ends cancelled', async () => {
    const id = await sim.schedule('single')
    await sim.untilStatus(id, 'active')
    await sim.action(id, 'cancel')
    await sim.inject({ type: 'stop', execution: id, reason: 'interrupt' })
    expect((await sim.untilStatus(id, 'cancelled', 'interrupted')).status).toBe('cancelled')
    expect(await reasons(id)).toEqual(['cancel'])
  })

  it('cancel outranks failure, and the view shows the reason in force', async () => {
    const id = await sim.schedule('single')
    await sim.untilStatus(id, 'active')
    await sim.inject({ type: 'stop', execution: id, reason: 'failure' })
    expect((await sim.view(id)).lanes[0]!.runs[0]!.stoppingReason).toBe('failure')
    expect((await sim.action(id, 'cancel')).status).toBe(204)
    expect((await sim.view(id)).lanes[0]!.runs[0]!.stoppingReason).toBe('cancel')
    expect((await sim.untilStatus(id, 'cancelled', 'failed')).status).toBe('cancelled')
  })

  it('is refused once the last run has ended, as op-worker refuses any stop there', async () => {
    const id = await sim.schedule('single')
    await sim.hold({ execution: id, point: 'beforeWorkflowStopped' })
    await sim.advanceUntil(id, (d) => d.status === 'stopping')
    const r = await sim.request('POST', '/__simulator/inject', {
      body: { type: 'stop', execution: id, reason: 'failure' }
    })
    expect(r.status).toBe(400)
    expect((r.body as ErrorBody).error).toMatchObject({
      id: 'atmInvalidStatusTransition',
      details: { prevStatus: 'finished', newStatus: 'stopping' }
    })
    await sim.release({ execution: id })
    expect((await sim.untilStatus(id, 'finished')).status).toBe('finished')
  })
})
