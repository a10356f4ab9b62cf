// Lane-run times rebuilt from the audit log a real Oneprovider writes at the default level and
// from the monitor's observations; ordinal placement where neither says anything.
import { describe, expect, it } from 'vitest'
import { parseLog } from '../../../src/shared/timeline/log'
import { resolveLog } from '../../../src/shared/timeline/resolve'
import { followSelection, listRuns } from '../../../src/shared/timeline/runs'
import { buildTimeline, type ExecutionTimeline } from '../../../src/shared/timeline/times'
import type { ExecutionDetails } from '../../../src/shared/execution'
import type { Observations } from '../../../src/shared/observations'
import { auditLog, execution, firstTaskId } from '../../fixtures/timeline/build'
import {
  at,
  storyDetails,
  storyLog,
  storyNow,
  storyObservations
} from '../../fixtures/timeline/story'

function timeline(
  details: ExecutionDetails,
  entries = storyLog(details),
  observations?: Observations,
  now = storyNow
): ExecutionTimeline {
  const log = resolveLog(parseLog(entries), listRuns(details))
  return buildTimeline({ details, log, ...(observations ? { observations } : {}), now })
}
const byKey = (t: ExecutionTimeline, key: string) => t.runs.find((r) => r.key === key)!

describe('execution order', () => {
  it('lists runs by run number, then lane, the run prepared in advance after the current one', () => {
    expect(listRuns(storyDetails()).map((r) => r.key)).toEqual([
      '1:1',
      '2:1',
      '2:2',
      '3:2',
      '2:3',
      '3:ahead'
    ])
  })

  it('keeps keys unique when a server repeats a run number in a lane', () => {
    const d = execution('active', [
      [
        { runNumber: 1, status: 'finished' },
        { runNumber: 1, status: 'active' }
      ]
    ])
    expect(listRuns(d).map((r) => r.key)).toEqual(['1:1', '1:1#2'])
  })
})

describe('times from the audit log', () => {
  it('measures every run of the story from info-level entries', () => {
    const t = timeline(storyDetails())
    expect(t.axis).toBe('time')
    // "Scheduled execution." names run 1 of lane 1 in its selector.
    expect(byKey(t, '1:1').start).toEqual({ at: at(10, 0, 0), source: 'log' })
    expect(byKey(t, '1:1').active).toEqual({ at: at(10, 0, 3), source: 'log' })
    expect(byKey(t, '1:1').end).toEqual({ at: at(10, 4, 30), source: 'log' })
    // "[Lane: 2, Run: ?] Prepared." was lane 2's run 1, prepared in advance.
    expect(byKey(t, '2:1').start.at).toBe(at(10, 0, 5))
    expect(byKey(t, '2:1').active?.at).toBe(at(10, 4, 31))
    expect(byKey(t, '2:1').end.at).toBe(at(10, 9, 0))
    // The automatic retry begins when it was scheduled.
    expect(byKey(t, '2:2').start.at).toBe(at(10, 9, 0))
    expect(byKey(t, '3:2').start.at).toBe(at(10, 9, 10))
    expect(byKey(t, '3:2').end.at).toBe(at(10, 12, 40))
    expect(byKey(t, '2:3').start.at).toBe(at(14, 20, 0, 3))
  })

  it('keeps a running run open up to now and says the execution runs', () => {
    const t = timeline(storyDetails())
    expect(t.running).toBe(true)
    expect(byKey(t, '2:3').open).toBe(true)
    expect(byKey(t, '2:3').end).toEqual({ at: storyNow, source: 'now' })
    expect(t.to).toBe(storyNow)
  })

  it('places the run prepared in advance from its "Run: ?" entry', () => {
    const ahead = byKey(timeline(storyDetails()), '3:ahead')
    expect(ahead.start).toEqual({ at: at(14, 20, 10, 3), source: 'log' })
    expect(ahead.open).toBe(true)
  })

  it('ends the rerun where it stopped once the execution failed', () => {
    const t = timeline(storyDetails('failed'))
    expect(t.running).toBe(false)
    expect(byKey(t, '2:3').end).toEqual({ at: at(14, 27, 30, 3), source: 'log' })
    expect(byKey(t, '2:3').open).toBe(false)
  })

  it('records a pause and resume inside a run and ends it at its last stop', () => {
    const d = execution('finished', [[{ runNumber: 1, status: 'finished' }]])
    const log = auditLog()
    log.scheduled(at(9, 0))
    log.prepared(at(9, 0, 1), 1, 1)
    log.stopping(at(9, 5), 1, 1, 'pause')
    log.stopped(at(9, 5, 2), 1, 1)
    log.resuming(at(11, 0), 1, 1)
    log.resumed(at(11, 0, 1), 1, 1)
    log.stopped(at(11, 10), 1, 1)
    const run = byKey(timeline(d, log.entries), '1:1')
    expect(run.suspended).toEqual([{ from: at(9, 5, 2), to: at(11, 0) }])
    expect(run.end.at).toBe(at(11, 10))
  })

  it('leaves the end open while a paused run is resumed and going again', () => {
    const d = execution('active', [[{ runNumber: 1, status: 'active' }]])
    const log = auditLog()
    log.prepared(at(9, 0), 1, 1)
    log.stopped(at(9, 5), 1, 1)
    log.resumed(at(9, 6), 1, 1)
    const run = byKey(timeline(d, log.entries, undefined, at(9, 30)), '1:1')
    expect(run.open).toBe(true)
    expect(run.end).toEqual({ at: at(9, 30), source: 'now' })
  })

  it('maps a task-level entry of the form "[Task: abcd...]" through its referenced task id', () => {
    const d = execution('active', [[{ runNumber: 1, status: 'active' }]])
    const log = auditLog()
    const id = firstTaskId(d, 1, 1)
    log.add(at(9, 0), 'info', `[Task: ${id.slice(0, 4)}...] Started.`, undefined, [id])
    const resolved = resolveLog(parseLog(log.entries), listRuns(d))
    expect(resolved.events).toEqual([{ kind: 'starting', key: '1:1', at: at(9, 0) }])
  })

  it('forgets what "Run: ?" said of a run prepared in advance that was then deleted', () => {
    const d = execution('active', [
      [{ runNumber: 1, status: 'finished' }],
      [{ runNumber: 1, status: 'active' }]
    ])
    const log = auditLog()
    log.prepared(at(9, 0), 1, 1)
    log.prepared(at(9, 1), 2, '?')
    log.add(at(9, 2), 'info', 'Deleted lane runs that were prepared in advance.', {
      laneIndices: [2]
    })
    log.prepared(at(12, 0), 2, 1)
    const t = timeline(d, log.entries, undefined, at(12, 5))
    expect(byKey(t, '2:1').start).toEqual({ at: at(12, 0), source: 'log' })
  })
})

describe('a lane-run status the spec does not list', () => {
  it('ends where the log says the run stopped, and is open while the execution runs otherwise', () => {
    const d = execution('active', [
      [{ runNumber: 1, status: 'skipped' }],
      [{ runNumber: 1, status: 'warming-up' }]
    ])
    const log = auditLog()
    log.prepared(at(9, 0), 1, 1)
    log.stopped(at(9, 5), 1, 1)
    log.prepared(at(9, 6), 2, 1)
    const t = timeline(d, log.entries, undefined, at(9, 30))
    expect(byKey(t, '1:1')).toMatchObject({ open: false, end: { at: at(9, 5), source: 'log' } })
    expect(byKey(t, '2:1')).toMatchObject({ open: true, end: { at: at(9, 30), source: 'now' } })
  })
})

describe('times from observations', () => {
  it('uses what the monitor saw happen, not what was already there when it began watching', () => {
    const d = storyDetails()
    const t = timeline(d, [], storyObservations)
    // Seen appearing at 14:20:01 (watching since 14:19): a measured start.
    expect(byKey(t, '2:3').start).toEqual({ at: at(14, 20, 1, 3), source: 'observed' })
    expect(byKey(t, '2:3').active).toEqual({ at: at(14, 20, 3, 3), source: 'observed' })
    // Already finished when the monitor started: no time, placed by order.
    expect(byKey(t, '1:1').start.source).toBe('ordinal')
    expect(byKey(t, '1:1').end.source).toBe('ordinal')
  })

  it('takes an end the monitor saw happen after seeing the run going', () => {
    const d = execution('finished', [[{ runNumber: 1, status: 'finished' }]])
    const observations: Observations = {
      execution: [{ status: 'scheduled', at: at(9, 0) }],
      runs: [
        { laneIndex: 1, runNumber: 1, status: 'active', at: at(9, 1) },
        { laneIndex: 1, runNumber: 1, status: 'finished', at: at(9, 7) }
      ]
    }
    const run = byKey(timeline(d, [], observations), '1:1')
    expect(run.start).toEqual({ at: at(9, 1), source: 'observed' })
    expect(run.end).toEqual({ at: at(9, 7), source: 'observed' })
  })

  it('prefers the audit log to an observation', () => {
    const t = timeline(storyDetails(), undefined, storyObservations)
    expect(byKey(t, '2:3').start).toEqual({ at: at(14, 20, 0, 3), source: 'log' })
  })
})

describe('ordinal placement', () => {
  it('falls back to an ordinal axis in run order when nothing gives a time', () => {
    const t = timeline(storyDetails(), [])
    expect(t.axis).toBe('order')
    expect(t.runs.map((r) => [r.key, r.start.at, r.end.at, r.start.source])).toEqual([
      ['1:1', 0, 1, 'ordinal'],
      ['2:1', 1, 2, 'ordinal'],
      ['2:2', 2, 3, 'ordinal'],
      ['3:2', 3, 4, 'ordinal'],
      ['2:3', 4, 5, 'ordinal'],
      ['3:ahead', 5, 6, 'ordinal']
    ])
  })

  it('places an unmeasured run between measured neighbours, never past the next known time', () => {
    const d = execution('finished', [
      [{ runNumber: 1, status: 'finished' }],
      [{ runNumber: 1, status: 'finished' }],
      [{ runNumber: 1, status: 'finished' }]
    ])
    const log = auditLog()
    log.prepared(at(9, 0), 1, 1)
    log.stopped(at(9, 10), 1, 1)
    log.prepared(at(9, 12), 3, 1)
    log.stopped(at(9, 20), 3, 1)
    const middle = byKey(timeline(d, log.entries), '2:1')
    expect(middle.start).toEqual({ at: at(9, 10), source: 'ordinal' })
    expect(middle.end).toEqual({ at: at(9, 12), source: 'ordinal' })
  })

  it('places runs before the first known time backwards from it, a typical run long each', () => {
    const d = execution('finished', [
      [{ runNumber: 1, status: 'finished' }],
      [{ runNumber: 1, status: 'finished' }]
    ])
    const log = auditLog()
    log.prepared(at(9, 10), 2, 1)
    log.stopped(at(9, 15), 2, 1)
    const first = byKey(timeline(d, log.entries), '1:1')
    expect(first.end).toEqual({ at: at(9, 10), source: 'ordinal' })
    expect(first.start).toEqual({ at: at(9, 5), source: 'ordinal' })
  })
})

describe('followSelection', () => {
  const before = listRuns(storyDetails())
  it('follows a new run in the lane when the newest run was selected', () => {
    const after = listRuns(
      execution('scheduled', [
        [{ runNumber: 1, status: 'finished' }],
        [
          { runNumber: 1, status: 'failed' },
          { runNumber: 2, originRunNumber: 1, runType: 'retry', status: 'finished' },
          { runNumber: 3, originRunNumber: 1, runType: 'rerun', status: 'failed' },
          { runNumber: 4, originRunNumber: 3, runType: 'retry', status: 'scheduled' }
        ],
        [{ runNumber: 2, status: 'finished' }]
      ])
    )
    expect(followSelection(before, after, '2:3')).toBe('2:4')
    // Looking at an older run: the selection stays.
    expect(followSelection(before, after, '2:1')).toBe('2:1')
    expect(followSelection(before, after, '1:1')).toBe('1:1')
  })

  it('moves from a run prepared in advance to the number it got', () => {
    const after = listRuns(
      execution('active', [
        [{ runNumber: 1, status: 'finished' }],
        [{ runNumber: 3, status: 'finished' }],
        [{ runNumber: 3, status: 'active' }]
      ])
    )
    expect(followSelection(before, after, '3:ahead')).toBe('3:3')
    expect(followSelection(before, after, undefined)).toBeUndefined()
  })
})

/** What the timeline draws of a run: its place, times and drawn facts. */
const drawn = ({ run, ...times }: ExecutionTimeline['runs'][number]) => ({
  ...times,
  run: { n: run.runNumber, type: run.runType, origin: run.originRunNumber, status: run.status }
})

/** A run's measurement as the timeline keeps it for the next build. */
const measuredOf = (t: ExecutionTimeline, key: string) =>
  t.cache.measured[t.runs.findIndex((r) => r.key === key)]

describe('rebuilding from the previous timeline', () => {
  it('keeps unchanged runs’ measured times and gives the same result as a fresh build', () => {
    const d = storyDetails()
    const log = resolveLog(parseLog(storyLog(d)), listRuns(d))
    const first = buildTimeline({ details: d, log, now: storyNow })
    const next = storyDetails()
    next.lanes[1]!.runs[0]!.status = 'failed'
    const cached = buildTimeline({ details: next, log, now: storyNow, previous: first })
    const fresh = buildTimeline({ details: next, log, now: storyNow })
    // A kept run is the one first drawn: alike in what is drawn (its stores and tasks are not).
    expect(cached.runs.map(drawn)).toEqual(fresh.runs.map(drawn))
    expect(measuredOf(cached, '1:1')).toBe(measuredOf(first, '1:1'))
    expect(measuredOf(cached, '2:3')).not.toBe(measuredOf(first, '2:3'))
    // A different log: everything is read again.
    const other = resolveLog(parseLog(storyLog(d)), listRuns(d))
    const reread = buildTimeline({ details: next, log: other, now: storyNow, previous: cached })
    expect(measuredOf(reread, '1:1')).not.toBe(measuredOf(cached, '1:1'))
  })
})
