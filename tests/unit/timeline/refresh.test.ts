// A refresh of the same execution (new details as the monitor sends them: a new object every
// time) keeps what did not change: the run references of unchanged runs, and the timeline's
// times objects, without placing the runs again. Whatever is kept, the result is the same as a
// build from scratch.
import { describe, expect, it } from 'vitest'
import type { ExecutionDetails } from '../../../src/shared/execution'
import { parseLog } from '../../../src/shared/timeline/log'
import { resolveLog } from '../../../src/shared/timeline/resolve'
import { listRuns, sameStructure } from '../../../src/shared/timeline/runs'
import { buildTimeline } from '../../../src/shared/timeline/times'
import { storyDetails, storyLog, storyNow } from '../../fixtures/timeline/story'

const clone = (d: ExecutionDetails) => JSON.parse(JSON.stringify(d)) as ExecutionDetails

describe('listing the runs of a refreshed execution', () => {
  it('keeps every unchanged run’s reference and replaces the one whose status changed', () => {
    const d = storyDetails()
    const before = listRuns(d)
    const next = clone(d)
    next.lanes[0]!.runs[0]!.status = 'failed'
    const after = listRuns(next, before)
    expect(after).toEqual(listRuns(next))
    for (const ref of after)
      if (ref.key === '1:1') {
        expect(ref).not.toBe(before[ref.order])
        expect(ref.run.status).toBe('failed')
      } else expect(ref).toBe(before[ref.order])
    // Kept again on the next refresh: the list it made is a starting point too.
    const again = listRuns(clone(next), after)
    expect(again).toBe(after)
  })

  it('gives back the same list when nothing changed', () => {
    const d = storyDetails()
    const before = listRuns(d)
    expect(listRuns(clone(d), before)).toBe(before)
  })

  it('lists afresh when a lane gained a run or a run got its number', () => {
    const d = storyDetails()
    const before = listRuns(d)
    const retried = clone(d)
    retried.lanes[0]!.runs.unshift({
      ...retried.lanes[0]!.runs[0]!,
      runNumber: 4,
      originRunNumber: 1,
      runType: 'retry',
      status: 'active'
    })
    expect(listRuns(retried, before)).toEqual(listRuns(retried))
    expect(listRuns(retried, before).map((r) => r.key)).toContain('1:4')
    const numbered = clone(d)
    numbered.lanes[2]!.runs[0]!.runNumber = 4
    expect(listRuns(numbered, before).map((r) => r.key)).toEqual(
      listRuns(numbered).map((r) => r.key)
    )
    expect(listRuns(numbered, before).map((r) => r.key)).toContain('3:4')
  })

  it('replaces a run whose tasks changed, so the log is resolved again', () => {
    const d = storyDetails()
    const before = listRuns(d)
    const next = clone(d)
    const registry = next.lanes[1]!.runs[0]!.parallelBoxes[0]!.taskRegistry
    registry[Object.keys(registry)[0]!] = 'te-other'
    const after = listRuns(next, before)
    expect(after.find((r) => r.key === '2:3')).not.toBe(before.find((r) => r.key === '2:3'))
    expect(sameStructure(after, before)).toBe(false)
  })
})

describe('the timeline of a refreshed execution', () => {
  const d = storyDetails()
  const log = resolveLog(parseLog(storyLog(d)), listRuns(d))
  const build = (details: ExecutionDetails, previous?: ReturnType<typeof buildTimeline>) => {
    const runs = listRuns(details, previous?.cache.refs)
    return buildTimeline({ details, runs, log, now: storyNow, ...(previous ? { previous } : {}) })
  }

  it('is the previous timeline itself when no run changed', () => {
    const first = build(d)
    expect(build(clone(d), first)).toBe(first)
  })

  it('replaces only the run whose status changed when no time moved, as a fresh build would', () => {
    const first = build(d)
    const next = clone(d)
    // Lane 1, run 1 finished; now said to have failed: the log still times it the same.
    next.lanes[0]!.runs[0]!.status = 'failed'
    const after = build(next, first)
    expect(after).not.toBe(first)
    expect(after.runs).toEqual(buildTimeline({ details: next, log, now: storyNow }).runs)
    for (const [i, run] of after.runs.entries())
      if (run.key === '1:1') expect(run.run.status).toBe('failed')
      else expect(run).toBe(first.runs[i])
    expect(after.cache.sources).toBe(first.cache.sources)
  })

  it('places the runs again when a status change moves a time, as a fresh build would', () => {
    const first = build(d)
    const next = clone(d)
    // The rerun (lane 2, run 3) was going; now it has ended: it is no longer open until now.
    next.lanes[1]!.runs[0]!.status = 'finished'
    const after = build(next, first)
    const fresh = buildTimeline({ details: next, log, now: storyNow })
    expect(after.runs).toEqual(fresh.runs)
    expect(after.runs.find((r) => r.key === '2:3')!.open).toBe(false)
    expect(first.runs.find((r) => r.key === '2:3')!.open).toBe(true)
  })

  it('places the runs again at a later moment: a run still going reaches the new now', () => {
    const first = build(d)
    const later = buildTimeline({
      details: clone(d),
      runs: listRuns(clone(d), first.cache.refs),
      log,
      now: storyNow + 60_000,
      previous: first
    })
    expect(later.runs.find((r) => r.key === '2:3')!.end.at).toBe(storyNow + 60_000)
    expect(later.runs.find((r) => r.key === '1:1')).toBe(first.runs.find((r) => r.key === '1:1'))
  })
})
