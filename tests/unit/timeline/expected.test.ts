// Expected lane durations from past executions of the same schema revision, and the execution's
// header times (a finish time from an earlier round is not shown).
import { describe, expect, it } from 'vitest'
import {
  describeExpectation,
  expectDuration,
  isOverdue,
  laneDurationSamples,
  laneExpectations
} from '../../../src/shared/timeline/expected'
import { executionTimes } from '../../../src/shared/timeline/execution-times'
import { formatDuration } from '../../../src/shared/timeline/format'
import { parseLog } from '../../../src/shared/timeline/log'
import { resolveLog } from '../../../src/shared/timeline/resolve'
import { listRuns } from '../../../src/shared/timeline/runs'
import { buildTimeline } from '../../../src/shared/timeline/times'
import { storyDetails, storyLog } from '../../fixtures/timeline/story'

const min = 60_000

describe('expected duration', () => {
  it('needs three samples', () => {
    expect(expectDuration([4 * min, 6 * min])).toBeUndefined()
    expect(expectDuration([4 * min, 5 * min, 6 * min])?.median).toBe(5 * min)
  })

  it('says "usually 4–6 min"', () => {
    expect(describeExpectation(expectDuration([4 * min, 5 * min, 6 * min])!)).toBe(
      'usually 4–6 min'
    )
    expect(describeExpectation(expectDuration([40_000, 50_000, 62_000])!)).toBe('usually 42–60 s')
    expect(describeExpectation(expectDuration([5 * min, 5 * min, 5 * min])!)).toBe(
      'usually about 5 min'
    )
    expect(
      describeExpectation(expectDuration([2 * 3_600_000, 3 * 3_600_000, 4 * 3_600_000])!)
    ).toBe('usually 2–4 h')
  })

  it('keeps one odd sample from widening the range', () => {
    const e = expectDuration([5, 5, 5, 6, 5, 5, 5, 6, 5, 5, 60].map((m) => m * min))!
    expect(describeExpectation(e)).toBe('usually 5–6 min')
  })

  it('ignores samples that are not durations', () => {
    expect(expectDuration([NaN, -1, 4 * min, Infinity])).toBeUndefined()
  })

  it('flags a run over twice the median', () => {
    const e = expectDuration([4 * min, 5 * min, 6 * min])
    expect(isOverdue(10 * min, e)).toBe(false)
    expect(isOverdue(10 * min + 1, e)).toBe(true)
    expect(isOverdue(60 * min, undefined)).toBe(false)
  })

  it('takes samples from finished, measured, non-retry runs only', () => {
    const d = storyDetails('failed')
    const t = buildTimeline({
      details: d,
      log: resolveLog(parseLog(storyLog(d)), listRuns(d)),
      now: 0
    })
    const samples = laneDurationSamples(t)
    // Processing time: lane 1 run 1 from its first task at 10:00:03 to 10:04:30; lane 3 run 2,
    // prepared in advance at 10:09:10, from 10:10:11 to 10:12:40. Lane 2's finished run is a
    // retry and its other runs failed.
    expect(Object.fromEntries(samples)).toEqual({ 1: [267_000], 3: [149_000] })
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [45_000, '45 s'],
    [250_000, '4 min 10 s'],
    [240_000, '4 min'],
    [7_500_000, '2 h 5 min'],
    [3 * 86_400_000 + 4 * 3_600_000, '3 d 4 h']
  ])('%d ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text))
})

describe('executionTimes', () => {
  const base = { scheduleTime: 100, startTime: 105, suspendTime: 0, finishTime: 200 }
  it('shows every time of an ended execution, with its duration', () => {
    expect(executionTimes({ ...base, status: 'finished' }, 0)).toEqual({
      scheduled: 100,
      started: 105,
      finished: 200,
      durationS: 95
    })
  })

  it('shows no finish time while the execution runs again after a repeat', () => {
    const rerun = { scheduleTime: 500, startTime: 502, suspendTime: 0, finishTime: 200 }
    expect(executionTimes({ ...rerun, status: 'active' }, 600_000)).toEqual({
      scheduled: 500,
      started: 502,
      durationS: 98
    })
    // Scheduled again but not started: the old start belongs to the earlier round too.
    expect(executionTimes({ ...rerun, startTime: 105, status: 'scheduled' }, 0)).toEqual({
      scheduled: 500
    })
  })

  it('shows when a suspended execution stopped', () => {
    expect(
      executionTimes({ ...base, suspendTime: 150, finishTime: 0, status: 'paused' }, 0)
    ).toEqual({ scheduled: 100, started: 105, suspended: 150, durationS: 45 })
  })

  it('shows only the scheduling time for a status it does not know', () => {
    expect(executionTimes({ ...base, status: 'enqueued' }, 0)).toEqual({
      scheduled: 100,
      started: 105
    })
  })
})

describe('laneExpectations', () => {
  const sample = (laneIndex: number, durationMs: number, status = 'finished') => ({
    laneIndex,
    status,
    durationMs
  })
  it('expects per lane from three or more finished runs; failed ones say nothing', () => {
    const e = laneExpectations([
      sample(1, 240_000),
      sample(1, 300_000),
      sample(1, 360_000),
      sample(1, 5_000, 'failed'),
      sample(2, 60_000),
      sample(2, 61_000),
      sample(2, 1_000, 'cancelled')
    ])
    expect([...e.keys()]).toEqual([1])
    expect(e.get(1)).toMatchObject({ median: 300_000, samples: 3 })
    expect(describeExpectation(e.get(1)!)).toBe('usually 4–6 min')
  })
})
