import { describe, expect, it } from 'vitest'
import { deriveEvents, observe, sameDetails } from '../../../src/core/monitor/events'
import type { ExecutionDetails } from '../../../src/shared/execution'
import { emptyObservations, type Observations } from '../../../src/shared/observations'
import { details, run } from '../../helpers/details'

const ctx = (at: number) => ({ accountId: 'a', spaceId: 'space', at })

/** Derives step by step, like the monitor does, and returns every event with its type first. */
function walk(steps: ExecutionDetails[], announceFirst = false) {
  let prev: ExecutionDetails | undefined
  let o: Observations = emptyObservations()
  const all: Record<string, unknown>[] = []
  steps.forEach((d, i) => {
    const r = deriveEvents(ctx(1000 * (i + 1)), prev, d, o, announceFirst)
    all.push(...(r.events as unknown as Record<string, unknown>[]))
    prev = d
    o = r.observations
  })
  return { events: all, observations: o }
}

describe('events from two readings', () => {
  it('a first reading of a known execution announces nothing but is observed', () => {
    const d = details('active', [[run(1, 'active')]])
    const r = deriveEvents(ctx(5), undefined, d, emptyObservations(), false)
    expect(r.events).toEqual([])
    expect(r.observations).toEqual({
      execution: [{ status: 'active', at: 5 }],
      runs: [{ laneIndex: 1, runNumber: 1, status: 'active', at: 5 }]
    })
  })

  it('a whole run: status change, started, stopped with how long it ran, ended', () => {
    const { events } = walk([
      details('scheduled', [[run(1, 'scheduled')], []]),
      details('active', [[run(1, 'active')], [run(null, 'preparing')]]),
      details('active', [[run(1, 'finished')], [run(1, 'active')]]),
      details('finished', [[run(1, 'finished')], [run(1, 'finished')]], { finishTime: 170 })
    ])
    expect(events.map((e) => [e.type, e.laneIndex, e.runNumber, e.status])).toEqual([
      ['laneRunStarted', 1, 1, 'active'],
      ['executionStatusChanged', undefined, undefined, 'active'],
      ['laneRunStopped', 1, 1, 'finished'],
      ['laneRunStarted', 2, 1, 'active'],
      ['laneRunStopped', 2, 1, 'finished'],
      ['executionStatusChanged', undefined, undefined, 'finished'],
      ['executionEnded', undefined, undefined, 'finished']
    ])
    expect(events[2]).toMatchObject({ ranForMs: 1000, originRunNumber: null, runType: 'regular' })
    expect(events[6]).toMatchObject({ ranForMs: 60_000, executionName: 'variant-calling' })
    expect(events[1]).toMatchObject({ from: 'scheduled', executionId: 'wid', spaceId: 'space' })
  })

  it('a run prepared in advance has no events until it gets its number', () => {
    const { events } = walk([
      details('active', [[run(1, 'active')], [run(null, 'preparing')]]),
      details('active', [[run(1, 'active')], [run(null, 'enqueued')]])
    ])
    expect(events).toEqual([])
  })

  it('a retry is a run added with its origin; a failure says failed', () => {
    const { events } = walk([
      details('active', [[run(1, 'active')]]),
      details('active', [
        [run(2, 'scheduled', { originRunNumber: 1, runType: 'retry' }), run(1, 'failed')]
      ])
    ])
    expect(events).toEqual([
      expect.objectContaining({
        type: 'laneRunStopped',
        laneIndex: 1,
        runNumber: 1,
        status: 'failed'
      }),
      expect.objectContaining({
        type: 'runAdded',
        laneIndex: 1,
        runNumber: 2,
        originRunNumber: 1,
        runType: 'retry',
        status: 'scheduled'
      })
    ])
  })

  it('pause and resume: stopped as paused, then started again', () => {
    const { events } = walk([
      details('active', [[run(1, 'active')]]),
      details('paused', [[run(1, 'paused')]], { suspendTime: 120 }),
      details('resuming', [[run(1, 'resuming')]]),
      details('active', [[run(1, 'active')]])
    ])
    expect(
      events.filter((e) => e.type !== 'executionStatusChanged').map((e) => [e.type, e.status])
    ).toEqual([
      ['laneRunStopped', 'paused'],
      ['laneRunStarted', 'active']
    ])
    expect(events.some((e) => e.type === 'executionEnded')).toBe(false)
  })

  it('statuses the spec does not list pass through and are never taken for known ones', () => {
    const { events } = walk([
      details('active', [[run(1, 'active')]]),
      details('hibernating', [[run(1, 'frozen')]])
    ])
    expect(events).toEqual([
      expect.objectContaining({
        type: 'laneRunStopped',
        laneIndex: 1,
        runNumber: 1,
        status: 'frozen',
        ranForMs: 1000
      }),
      expect.objectContaining({
        type: 'executionStatusChanged',
        from: 'active',
        status: 'hibernating'
      })
    ])
  })

  it('a lane run moving between statuses the spec does not list is told each time, as sent', () => {
    const { events } = walk([
      details('active', [[run(1, 'active')]]),
      details('active', [[run(1, 'frozen')]]),
      details('active', [[run(1, 'frozen')]]),
      details('active', [[run(1, 'thawing')]]),
      details('active', [[run(1, 'failed')]]),
      details('active', [
        [run(2, 'glacial', { originRunNumber: 1, runType: 'retry' }), run(1, 'failed')]
      ])
    ])
    expect(events.map((e) => [e.type, e.runNumber, e.status])).toEqual([
      ['laneRunStopped', 1, 'frozen'],
      ['laneRunStopped', 1, 'thawing'],
      ['laneRunStopped', 1, 'failed'],
      ['runAdded', 2, 'glacial'],
      ['laneRunStopped', 2, 'glacial']
    ])
  })

  it('a new execution seen after the space was watched announces its state', () => {
    const r = deriveEvents(
      ctx(9),
      undefined,
      details('failed', [[run(1, 'failed')]], { finishTime: 130 }),
      emptyObservations(),
      true
    )
    expect(r.events.map((e) => e.type)).toEqual([
      'laneRunStopped',
      'executionStatusChanged',
      'executionEnded'
    ])
    expect(r.events[1]).toMatchObject({ from: null, status: 'failed' })
    expect(r.events[0]).toMatchObject({ ranForMs: null })
  })

  it('an ended execution brought back by a rerun is announced again when it ends again', () => {
    const { events } = walk([
      details('failed', [[run(1, 'failed')]], { finishTime: 130 }),
      details('scheduled', [
        [run(2, 'scheduled', { originRunNumber: 1, runType: 'rerun' }), run(1, 'failed')]
      ]),
      details(
        'finished',
        [[run(2, 'finished', { originRunNumber: 1, runType: 'rerun' }), run(1, 'failed')]],
        {
          finishTime: 190
        }
      )
    ])
    expect(events.filter((e) => e.type === 'executionEnded').map((e) => e.status)).toEqual([
      'finished'
    ])
    expect(events.filter((e) => e.type === 'runAdded')).toHaveLength(1)
  })
})

describe('observed status times', () => {
  it('records each status when first seen, oldest first, and keeps the object when nothing is new', () => {
    const a = observe(emptyObservations(), details('active', [[run(1, 'active')]]), 1)
    const b = observe(a, details('active', [[run(1, 'active')]]), 2)
    expect(b).toBe(a)
    const c = observe(b, details('stopping', [[run(1, 'failed')], [run(null, 'preparing')]]), 3)
    expect(c).toEqual({
      execution: [
        { status: 'active', at: 1 },
        { status: 'stopping', at: 3 }
      ],
      runs: [
        { laneIndex: 1, runNumber: 1, status: 'active', at: 1 },
        { laneIndex: 1, runNumber: 1, status: 'failed', at: 3 }
      ]
    })
  })
})

describe('comparing readings', () => {
  it('finds equal readings equal, and any difference however deep', () => {
    const a = details('active', [
      [run(1, 'active', { parallelBoxes: [{ schemaId: 'b', taskRegistry: { t: 'x' } }] })]
    ])
    expect(sameDetails(a, structuredClone(a))).toBe(true)
    const b = structuredClone(a)
    b.lanes[0]!.runs[0]!.parallelBoxes[0]!.taskRegistry.t = 'y'
    expect(sameDetails(a, b)).toBe(false)
    const c = structuredClone(a)
    c.lanes.push({ schemaId: 'lane2', runs: [] })
    expect(sameDetails(a, c)).toBe(false)
    expect(sameDetails(a, { ...a, extra: 1 } as never)).toBe(false)
  })
})
