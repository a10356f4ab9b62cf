// Lane runs (spec §4.4): numbering, in-advance runs, automatic and manual retry versus rerun,
// the cases where op-worker's own tests surprise (clarifications.md), the story of spec §7.1,
// and the audit log a client rebuilds run times from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditLogEntry, ExecutionDetails } from '../../../src/shared/execution'
import { run, SimDriver } from '../../helpers/simulator'

let sim: SimDriver
beforeAll(async () => {
  sim = await SimDriver.start()
})
afterAll(() => sim.stop())

/** Each lane's runs, newest first: [runNumber, runType, originRunNumber, status, isRetriable, isRerunable]. */
const shape = (d: ExecutionDetails) =>
  d.lanes.map((l) =>
    l.runs.map((r) => [
      r.runNumber,
      r.runType,
      r.originRunNumber,
      r.status,
      r.isRetriable,
      r.isRerunable
    ])
  )

async function auditLog(d: ExecutionDetails): Promise<AuditLogEntry[]> {
  const r = await sim.op<AuditLogEntry[]>(
    'GET',
    `/automation/execution/stores/${d.systemAuditLogStoreId}/dump`
  )
  expect(r.status).toBe(200)
  return r.body
}

/** How many items the first task of a lane run processed (the task record, via the control API). */
const processed = async (d: ExecutionDetails, lane: number, runNumber: number) => {
  const v = await sim.view(d.atmWorkflowExecutionId)
  const r = v.lanes[lane - 1]!.runs.find((x) => x.runNumber === runNumber)!
  return r.boxes[0]!.tasks[0]!.itemsProcessed
}

describe('runs prepared in advance', () => {
  it('the next lane gets a run with runNumber null while the current one runs', async () => {
    const id = await sim.schedule('story')
    const d = await sim.advanceUntil(id, (x) => x.lanes[1]!.runs.some((r) => r.runNumber === null))
    expect(d.status).toBe('active')
    expect(d.lanes[1]!.runs[0]).toMatchObject({
      runNumber: null,
      originRunNumber: null,
      runType: 'regular'
    })
    expect(['preparing', 'enqueued']).toContain(d.lanes[1]!.runs[0]!.status)
    // Prepared in advance: its stores and tasks exist already.
    expect(d.lanes[1]!.runs[0]!.parallelBoxes).toHaveLength(1)
  })

  it('vanish when the execution is paused, and come back after resuming', async () => {
    const id = await sim.schedule('story')
    await sim.advanceUntil(id, (x) => x.lanes[1]!.runs.some((r) => r.runNumber === null))
    expect((await sim.action(id, 'pause')).status).toBe(204)
    const paused = await sim.untilStatus(id, 'paused')
    expect(paused.lanes.flatMap((l) => l.runs).some((r) => r.runNumber === null)).toBe(false)
    expect(paused.suspendTime).toBeGreaterThan(0)
    expect((await sim.action(id, 'resume')).status).toBe(204)
    const resumed = await sim.advanceUntil(id, (x) =>
      x.lanes[1]!.runs.some((r) => r.runNumber === null)
    )
    expect(resumed.status).toBe('active')
    const done = await sim.untilStatus(id, 'finished')
    expect(done.lanes.flatMap((l) => l.runs).every((r) => r.runNumber !== null)).toBe(true)
  })

  it('get the current run number when the lane before them finishes', async () => {
    const id = await sim.schedule('single')
    const d = await sim.untilStatus(id, 'finished')
    expect(d.lanes[0]!.runs.map((r) => r.runNumber)).toEqual([1])
    const story = await sim.schedule('story')
    const s = await sim.advanceUntil(story, (x) => x.lanes[1]!.runs.some((r) => r.runNumber === 1))
    expect(run(s, 2, 1).runType).toBe('regular')
  })
})

describe('retry iterates the exception store, rerun the iterated store', () => {
  it('a manual retry repeats only the failed items; a rerun all of them', async () => {
    const id = await sim.schedule('failing')
    const failed = await sim.untilStatus(id, 'failed')
    const r1 = run(failed, 1, 1)
    expect(r1).toMatchObject({ status: 'failed', isRetriable: true, isRerunable: true })
    expect(await processed(failed, 1, 1)).toBe(4)

    expect(
      (await sim.action(id, 'retry', { body: { laneIndex: 1, laneRunNumber: 1 } })).status
    ).toBe(204)
    const retried = await sim.details(id)
    expect(retried.status).toBe('scheduled')
    expect(run(retried, 1, 2)).toMatchObject({
      runType: 'retry',
      originRunNumber: 1,
      status: 'scheduled',
      iteratedStoreId: r1.exceptionStoreId,
      isRetriable: false,
      isRerunable: false
    })
    const afterRetry = await sim.untilStatus(id, 'failed')
    expect(await processed(afterRetry, 1, 2)).toBe(1)
    // Every run has its own exception store.
    expect(run(afterRetry, 1, 2).exceptionStoreId).not.toBe(r1.exceptionStoreId)

    expect(
      (await sim.action(id, 'rerun', { body: { laneIndex: 1, laneRunNumber: 1 } })).status
    ).toBe(204)
    const rerun = await sim.details(id)
    expect(run(rerun, 1, 3)).toMatchObject({
      runType: 'rerun',
      originRunNumber: 1,
      iteratedStoreId: r1.iteratedStoreId
    })
    const afterRerun = await sim.untilStatus(id, 'failed')
    expect(await processed(afterRerun, 1, 3)).toBe(4)
    // Newest run first.
    expect(afterRerun.lanes[0]!.runs.map((r) => r.runNumber)).toEqual([3, 2, 1])
  })

  it('a failed item skips the parallel boxes after the one it failed in', async () => {
    const id = await sim.schedule('failing')
    const d = await sim.untilStatus(id, 'failed')
    expect(d.lanes[0]!.runs[0]!.parallelBoxes).toHaveLength(2)
    expect(Object.keys(d.lanes[0]!.runs[0]!.parallelBoxes[0]!.taskRegistry)).toHaveLength(2)
  })

  it('an automatic retry keeps the workflow active and numbers the new run globally', async () => {
    const id = await sim.schedule('story')
    const d = await sim.advanceUntil(id, (x) => x.lanes[1]!.runs.some((r) => r.runType === 'retry'))
    expect(d.status).toBe('active')
    expect(run(d, 2, 2)).toMatchObject({
      originRunNumber: 1,
      runType: 'retry',
      iteratedStoreId: run(d, 2, 1).exceptionStoreId
    })
  })
})

describe('surprising cases from op-worker’s own tests', () => {
  it('force_continue from a failed lane can end the workflow finished', async () => {
    const id = await sim.schedule('failing')
    await sim.untilStatus(id, 'failed')
    expect((await sim.action(id, 'force_continue')).status).toBe(204)
    const resuming = await sim.details(id)
    expect(resuming.status).toBe('resuming')
    // The next lane runs with the same run number as the failed one.
    expect(run(resuming, 2, 1)).toMatchObject({
      runType: 'regular',
      status: 'scheduled',
      parallelBoxes: [],
      iteratedStoreId: null,
      exceptionStoreId: null
    })
    const done = await sim.untilStatus(id, 'finished', 'failed')
    expect(done.status).toBe('finished')
    expect(run(done, 1, 1).status).toBe('failed')
  })

  it('in a crashed workflow no run is repeatable', async () => {
    const id = await sim.schedule('story')
    await sim.advanceUntil(id, (d) =>
      d.lanes[1]!.runs.some((r) => r.runNumber === 1 && r.status === 'active')
    )
    await sim.inject({ type: 'crash', execution: id })
    const d = await sim.untilStatus(id, 'crashed')
    const runs = d.lanes.flatMap((l) => l.runs)
    expect(runs.length).toBeGreaterThan(1)
    expect(runs.every((r) => !r.isRetriable && !r.isRerunable)).toBe(true)
    expect(run(d, 1, 1).status).toBe('finished')
    expect(run(d, 2, 1).status).toBe('crashed')
  })

  it('a failure during preparation is never retriable (rerun only)', async () => {
    const id = await sim.schedule('single')
    await sim.inject({ type: 'failPreparation', execution: id })
    const d = await sim.untilStatus(id, 'failed')
    expect(run(d, 1, 1)).toMatchObject({ status: 'failed', isRetriable: false, isRerunable: true })
    const log = (await auditLog(d)).map((e) => e.content.description)
    expect(log).toContain('[Lane: 1] Failed to prepare next run.')
    const retry = await sim.action(id, 'retry', { body: { laneIndex: 1, laneRunNumber: 1 } })
    expect(retry.status).toBe(400)
  })

  it('a failure past the instant-failure threshold is never retriable and is not retried automatically', async () => {
    const id = await sim.schedule('threshold')
    const d = await sim.untilStatus(id, 'failed')
    expect(shape(d)).toEqual([[[1, 'regular', null, 'failed', false, true]], []])
    const log = await auditLog(d)
    expect(
      log.find((e) => e.content.description?.includes('instant failure exception threshold'))
    ).toMatchObject({
      severity: 'critical'
    })
  })

  it('pausing after every item is processed still ends paused', async () => {
    const id = await sim.schedule('single')
    const active = await sim.advanceUntil(
      id,
      (d) => d.status === 'active' && d.lanes[0]!.runs[0]!.status === 'active',
      {
        stepMs: 10
      }
    )
    expect(active.status).toBe('active')
    // All three items are processed one itemMs after the run starts; the run ends only after
    // finalizeMs more. Pause in between.
    await sim.advance(100)
    const log = (await auditLog(await sim.details(id))).map((e) => e.content.description)
    expect(log).not.toContain('[Lane: 1, Run: 1] Stopped.')
    expect((await sim.details(id)).lanes[0]!.runs[0]!.status).toBe('active')
    expect((await sim.action(id, 'pause')).status).toBe(204)
    const paused = await sim.untilStatus(id, 'paused', 'finished')
    expect(paused.status).toBe('paused')
    expect((await sim.action(id, 'resume')).status).toBe(204)
    const done = await sim.untilStatus(id, 'finished')
    expect(await processed(done, 1, 1)).toBe(3)
  })

  it('an interrupted execution (as on a provider restart) can resume by itself', async () => {
    const id = await sim.schedule('single')
    await sim.untilStatus(id, 'active')
    await sim.inject({ type: 'interrupt', execution: id, resumeAfterMs: 1000 })
    const interrupted = await sim.untilStatus(id, 'interrupted')
    expect(interrupted.suspendTime).toBeGreaterThan(0)
    const done = await sim.untilStatus(id, 'finished')
    expect(done.status).toBe('finished')
  })
})

describe('the story of spec §7.1, step by step', () => {
  it('reproduces the execution and its flags at every step', async () => {
    const id = await sim.schedule('story')

    // Run 1: lane 1 finished; lane 2 failed some items → automatic retry as run 2, which
    // finished; lane 3 ran as run 2 and finished. Execution finished.
    const finished = await sim.untilStatus(id, 'finished')
    expect(shape(finished)).toEqual([
      [[1, 'regular', null, 'finished', false, true]],
      [
        [2, 'retry', 1, 'finished', false, true],
        // An earlier run that failed and was auto-retried stays retriable and rerunable.
        [1, 'regular', null, 'failed', true, true]
      ],
      [[2, 'regular', null, 'finished', false, true]]
    ])
    expect(run(finished, 2, 2).iteratedStoreId).toBe(run(finished, 2, 1).exceptionStoreId)

    // The user reruns lane 2 run 1 → run 3 (rerun, origin 1), iterating run 1's iterated store.
    expect(
      (await sim.action(id, 'rerun', { body: { laneIndex: 2, laneRunNumber: 1 } })).status
    ).toBe(204)
    // Make run 3 fail naturally: lane 2's single automatic retry was used by run 2, and manual
    // repeats are not retried automatically.
    await sim.inject({ type: 'failItems', execution: id, task: 'md5', items: [0] })
    // Lane 3's run is prepared in advance from when run 3 starts preparing (op-worker's engine
    // takes the next lane up together with the current one).
    const active = await sim.advanceUntil(
      id,
      (d) => d.lanes[1]!.runs[0]!.status === 'active' && d.lanes[2]!.runs[0]!.runNumber === null
    )
    expect(active.status).toBe('active')
    expect(active.lanes.map((l) => l.runs.map((r) => [r.runNumber, r.runType, r.status]))).toEqual([
      [[1, 'regular', 'finished']],
      [
        [3, 'rerun', 'active'],
        [2, 'retry', 'finished'],
        [1, 'regular', 'failed']
      ],
      [
        [null, 'regular', expect.stringMatching(/^(preparing|enqueued)$/)],
        [2, 'regular', 'finished']
      ]
    ])
    expect(run(active, 2, 3).iteratedStoreId).toBe(run(active, 2, 1).iteratedStoreId)
    expect(active.lanes.flatMap((l) => l.runs).every((r) => !r.isRetriable && !r.isRerunable)).toBe(
      true
    )
    // Lane 1 has no run 3; lane 3 never had a run 1.
    expect(active.lanes[0]!.runs.map((r) => r.runNumber)).toEqual([1])
    expect(active.finishTime).toBe(finished.finishTime) // older timestamps are kept

    // Run 3 fails: the workflow fails, the in-advance run in lane 3 is deleted.
    const failed = await sim.untilStatus(id, 'failed')
    expect(shape(failed)).toEqual([
      [[1, 'regular', null, 'finished', false, true]],
      [
        [3, 'rerun', 1, 'failed', true, true],
        [2, 'retry', 1, 'finished', false, true],
        [1, 'regular', null, 'failed', true, true]
      ],
      [[2, 'regular', null, 'finished', false, true]]
    ])

    // force_continue gives lane 3 a run 3 (regular, scheduled, not yet created) and the
    // workflow goes back to waiting as `resuming`.
    expect((await sim.action(id, 'force_continue')).status).toBe(204)
    const resuming = await sim.details(id)
    expect(resuming.status).toBe('resuming')
    expect(resuming.lanes[2]!.runs[0]).toEqual({
      runNumber: 3,
      originRunNumber: null,
      runType: 'regular',
      status: 'scheduled',
      iteratedStoreId: null,
      exceptionStoreId: null,
      parallelBoxes: [],
      isRetriable: false,
      isRerunable: false
    })
    expect(resuming.scheduleTime).toBeGreaterThan(failed.finishTime - 1)
    const end = await sim.untilStatus(id, 'finished')
    expect(run(end, 3, 3).status).toBe('finished')
  })
})

describe('the workflow audit log (store dump, spec §2.11)', () => {
  it('records every run’s preparation and end with ms timestamps and the [Lane: N, Run: M] prefix, oldest first', async () => {
    const id = await sim.schedule('story')
    const d = await sim.untilStatus(id, 'finished')
    const r = await sim.op<AuditLogEntry[]>(
      'GET',
      `/automation/execution/stores/${d.systemAuditLogStoreId}/dump`
    )
    expect(r.headers.get('content-type')).toBe('application/json')
    expect(r.headers.get('content-disposition')).toMatch(
      new RegExp(
        `attachment; filename="${id.slice(0, 12)}\\.audit_log\\.Workflow-audit-log\\.\\d{4}-\\d\\d-\\d\\d_\\d\\d-\\d\\d-\\d\\d\\.json"`
      )
    )
    const log = r.body
    const times = log.map((e) => e.timestamp)
    expect([...times].sort((a, b) => a - b)).toEqual(times)
    expect(log.map((e) => e.index)).toEqual(log.map((_, i) => String(i)))
    expect(times[0]).toBeGreaterThan(1e12) // milliseconds
    const descriptions = log.map((e) => e.content.description)
    // Lanes 2 and 3 were prepared in advance, before they had a run number.
    for (const prepared of [
      '[Lane: 1, Run: 1] Prepared.',
      '[Lane: 2, Run: ?] Prepared.',
      '[Lane: 2, Run: 2] Prepared.',
      '[Lane: 3, Run: ?] Prepared.'
    ])
      expect(descriptions).toContain(prepared)
    for (const [lane, runNumber] of [
      [1, 1],
      [2, 1],
      [2, 2],
      [3, 2]
    ]) {
      const stopped = log.filter(
        (e) => e.content.description === `[Lane: ${lane}, Run: ${runNumber}] Stopped.`
      )
      expect(stopped).toHaveLength(1)
      // op-worker writes no status in `Stopped.`: it comes from the execution details.
      expect(stopped[0]!.content.details).toBeUndefined()
    }
    expect(log.at(-1)).toMatchObject({
      severity: 'notice',
      content: { description: 'Stopped execution.', details: { status: 'finished' } }
    })
    expect(log.some((e) => e.severity === 'debug')).toBe(false) // the default log level is info
  })

  it('dumping a store that is not an audit log is notSupported; an unknown store is notFound', async () => {
    const id = await sim.schedule('single')
    const d = await sim.untilStatus(id, 'finished')
    const list = await sim.op(
      'GET',
      `/automation/execution/stores/${run(d, 1, 1).iteratedStoreId}/dump`
    )
    expect(list.status).toBe(400)
    expect((list.body as { error: { id: string } }).error.id).toBe('notSupported')
    const unknown = await sim.op(
      'GET',
      '/automation/execution/stores/00000000000000000000000000000000ch0000/dump'
    )
    expect(unknown.status).toBe(404)
    const forbidden = await sim.op(
      'GET',
      `/automation/execution/stores/${d.systemAuditLogStoreId}/dump`,
      { user: 'outsider' }
    )
    expect(forbidden.status).toBe(403)
  })
})
