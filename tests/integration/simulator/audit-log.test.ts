// The workflow audit log holds exactly the entries op-worker writes, at op-worker's severities,
// filtered by the execution's log level; and a client can rebuild lane-run times from it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditLogEntry } from '../../../src/shared/execution'
import { run, SimDriver, texts } from '../../helpers/simulator'

let sim: SimDriver
beforeAll(async () => {
  sim = await SimDriver.start()
})
afterAll(() => sim.stop())

const rows = (log: AuditLogEntry[]) =>
  log.map((e) => [e.severity, e.content.description, e.content.details])

const T = '[Lane: 1, Run: 1, PBox: 1, Task: 1]'

describe('at the default level (info)', () => {
  it('a one-lane run writes exactly op-worker’s info and notice entries', async () => {
    const id = await sim.schedule('single')
    const d = await sim.untilStatus(id, 'finished')
    const log = await sim.auditLog(id)
    expect(rows(log)).toEqual([
      [
        'notice',
        'Scheduled execution.',
        { scheduledLaneRunSelector: { laneIndex: 1, RunNumber: 1 } }
      ],
      ['info', `${T} Started.`, undefined],
      ['info', '[Lane: 1, Run: 1] Prepared.', undefined],
      ['info', `${T} Stopped.`, undefined],
      ['info', '[Lane: 1, Run: 1] Stopped.', undefined],
      ['notice', 'Stopped execution.', { status: 'finished' }]
    ])
    const taskId = Object.values(d.lanes[0]!.runs[0]!.parallelBoxes[0]!.taskRegistry)[0]
    expect(log[1]!.content.referencedElements).toEqual({ tasks: [taskId] })
    expect(log[2]!.content.referencedElements).toBeUndefined()
    // No entry the real server does not write.
    expect(texts(log).some((t) => t.includes('Started processing'))).toBe(false)
  })

  it('an automatic retry: Stopped., then Scheduled automatic retry. with the new run and retries left', async () => {
    const id = await sim.schedule('story')
    await sim.untilStatus(id, 'finished')
    const log = await sim.auditLog(id)
    const i = log.findIndex((e) => e.content.description === '[Lane: 2, Run: 1] Stopped.')
    expect(rows(log.slice(i, i + 2))).toEqual([
      ['info', '[Lane: 2, Run: 1] Stopped.', undefined],
      [
        'info',
        '[Lane: 2, Run: 1] Scheduled automatic retry.',
        { scheduledLaneRunSelector: { laneIndex: 2, RunNumber: 2 }, retriesLeft: 0 }
      ]
    ])
    // Lane 3 was prepared in advance, before it had a run number.
    expect(texts(log)).toContain('[Lane: 3, Run: ?] Prepared.')
    expect(texts(log)).not.toContain('[Lane: 3, Run: 2] Prepared.')
    expect(log.every((e) => e.severity !== 'debug')).toBe(true)
  })

  it('a pause: Stopping execution... and Initiating stop... with the reason, then Stopped execution.', async () => {
    const id = await sim.schedule('single')
    await sim.advanceUntil(id, (d) => d.lanes[0]!.runs[0]!.status === 'active')
    await sim.action(id, 'pause')
    await sim.untilStatus(id, 'paused')
    const log = await sim.auditLog(id)
    const i = texts(log).indexOf('Stopping execution...')
    expect(rows(log.slice(i))).toEqual([
      ['notice', 'Stopping execution...', { reason: 'pause' }],
      ['info', '[Lane: 1, Run: 1] Initiating stop...', { reason: 'pause' }],
      ['info', `${T} Stop initiated.`, { reason: 'pause' }],
      ['info', `${T} Stopped.`, undefined],
      ['info', '[Lane: 1, Run: 1] Stopped.', undefined],
      ['notice', 'Stopped execution.', { status: 'paused' }]
    ])
    await sim.action(id, 'resume')
    await sim.untilStatus(id, 'finished')
    const resumed = await sim.auditLog(id)
    const j = texts(resumed).indexOf('Resuming execution...')
    expect(rows(resumed.slice(j, j + 3))).toEqual([
      [
        'notice',
        'Resuming execution...',
        { scheduledLaneRunSelector: { laneIndex: 1, RunNumber: 1 } }
      ],
      ['info', `${T} Resumed.`, undefined],
      ['info', '[Lane: 1, Run: 1] Resumed.', undefined]
    ])
  })

  it('the instant-failure threshold: op-worker’s text with the threshold, critical, on the task', async () => {
    const id = await sim.schedule('threshold')
    await sim.untilStatus(id, 'failed')
    const log = await sim.auditLog(id)
    expect(log.find((e) => e.content.description?.endsWith('has been breached.'))).toMatchObject({
      severity: 'critical',
      content: {
        description: `${T} The instant failure exception threshold of 0.100 has been breached.`,
        referencedElements: { tasks: [expect.any(String)] }
      }
    })
    expect(rows(log.filter((e) => e.content.description === 'Stopping execution...'))).toEqual([
      ['notice', 'Stopping execution...', { reason: 'failure' }]
    ])
  })
})

describe('other levels', () => {
  it('debug adds op-worker’s debug entries, in op-worker’s order', async () => {
    const id = await sim.schedule('single', { logLevel: 'debug' })
    const d = await sim.untilStatus(id, 'finished')
    const r = run(d, 1, 1)
    const log = await sim.auditLog(id)
    expect(texts(log)).toEqual([
      'Scheduled execution.',
      '[Lane: 1, Run: 1] Preparing...',
      '[Lane: 1, Run: 1] Creating...',
      '[Lane: 1, Run: 1] Exception store created.',
      `${T} Executor created.`,
      `${T} Audit log created.`,
      `${T} Created.`,
      '[Lane: 1, Run: 1] Parallel boxes created.',
      '[Lane: 1, Run: 1] Created.',
      '[Lane: 1, Run: 1] Starting...',
      `${T} Started.`,
      '[Lane: 1, Run: 1] Prepared.',
      `${T} Stopped.`,
      '[Lane: 1, Run: 1] Stopped.',
      'Stopped execution.'
    ])
    const by = (t: string) => log.find((e) => e.content.description === t)!
    expect(by('[Lane: 1, Run: 1] Creating...')).toMatchObject({
      severity: 'debug',
      content: {
        details: {
          laneRunType: 'regular',
          originRunNumber: null,
          iteratedStoreId: r.iteratedStoreId
        }
      }
    })
    expect(by('[Lane: 1, Run: 1] Exception store created.').content.details).toEqual({
      exceptionStoreId: r.exceptionStoreId
    })
    expect(by('[Lane: 1, Run: 1] Parallel boxes created.').content.details).toEqual({
      parallelBoxes: r.parallelBoxes
    })
    expect(by(`${T} Created.`).content.details).toEqual({
      taskId: Object.values(r.parallelBoxes[0]!.taskRegistry)[0]
    })
    expect(by('[Lane: 1, Run: 1] Created.').content.details).toMatchObject({
      laneRun: { runNumber: 1, status: 'preparing', exceptionStoreId: r.exceptionStoreId }
    })
  })

  it('notice keeps only notice and more severe entries', async () => {
    const id = await sim.schedule('single', { logLevel: 'notice' })
    await sim.untilStatus(id, 'finished')
    expect(texts(await sim.auditLog(id))).toEqual(['Scheduled execution.', 'Stopped execution.'])
  })
})

describe('rebuilding lane-run times from the entries a real server writes', () => {
  it('Prepared. (or the lane before’s Stopped. for a run prepared in advance) to Stopped.', async () => {
    const id = await sim.schedule('story')
    const times: Record<string, { active?: number; ended?: number }> = {}
    // Observe the real transitions, to compare with what the log allows to rebuild.
    let d = await sim.details(id)
    while (d.status !== 'finished') {
      await sim.advance(10)
      d = await sim.details(id)
      const now = (await sim.refresh()).now
      for (const [l, lane] of d.lanes.entries())
        for (const r of lane.runs) {
          if (r.runNumber === null) continue
          const key = `${l + 1}/${r.runNumber}`
          times[key] ??= {}
          if (r.status === 'active') times[key].active ??= now
          if (['finished', 'failed'].includes(r.status)) times[key].ended ??= now
        }
    }
    const log = await sim.auditLog(id)
    const at = (t: string) => log.find((e) => e.content.description === t)?.timestamp
    for (const [key, observed] of Object.entries(times)) {
      const [lane, runNumber] = key.split('/').map(Number) as [number, number]
      const prepared =
        at(`[Lane: ${lane}, Run: ${runNumber}] Prepared.`) ??
        at(`[Lane: ${lane}, Run: ?] Prepared.`)
      const before = log.filter(
        (e) =>
          e.content.description?.startsWith(`[Lane: ${lane - 1}, Run: `) &&
          e.content.description.endsWith('] Stopped.')
      )
      const start = Math.max(
        prepared!,
        ...before.map((e) => e.timestamp).filter((t) => t <= observed.active!)
      )
      const end = at(`[Lane: ${lane}, Run: ${runNumber}] Stopped.`)!
      // The rebuilt start is within the enqueued time (100 ms) before the run became active.
      expect(observed.active! - start, key).toBeGreaterThanOrEqual(0)
      expect(observed.active! - start, key).toBeLessThanOrEqual(110)
      expect(Math.abs(observed.ended! - end), key).toBeLessThanOrEqual(10)
    }
  })
})
