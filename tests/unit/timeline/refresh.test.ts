// A refresh of the same execution (new details as the monitor sends them: a new object every
// time) keeps what did not change: the run references of unchanged runs, and the timeline's
// times objects, without placing the runs again. Whatever is kept, the result is the same as a
// build from scratch.
import { describe, expect, it } from 'vitest'
import type { ExecutionDetails, LaneRun } from '../../../src/shared/execution'
import { parseLog } from '../../../src/shared/timeline/log'
import { resolveFor, resolveLog, type Resolution } from '../../../src/shared/timeline/resolve'
import { changesSince } from '../../../src/shared/timeline/changes'
import { sameLineageInputs } from '../../../src/shared/timeline/lineage'
import { findRun, listRuns, sameStructure } from '../../../src/shared/timeline/runs'
import { buildTimeline } from '../../../src/shared/timeline/times'
import { auditLog, execution } from '../../fixtures/timeline/build'
import { at, storyDetails, storyLog, storyNow } from '../../fixtures/timeline/story'

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

  it('keeps the reference of a run drawn alike whose tasks, stores or flags changed', () => {
    const d = storyDetails()
    const before = listRuns(d)
    const next = clone(d)
    const run = next.lanes[1]!.runs[0]!
    const registry = run.parallelBoxes[0]!.taskRegistry
    registry[Object.keys(registry)[0]!] = 'te-other'
    run.exceptionStoreId = 'ex-other'
    run.isRetriable = !run.isRetriable
    expect(listRuns(next, before)).toBe(before)
    // What the timeline does not draw is read from the details as they are now.
    expect(findRun(next, '2:3')!.run).toBe(run)
  })

  it('reads only what is drawn of each run: no task, store or flag', () => {
    const d = storyDetails()
    const before = listRuns(d)
    const next = clone(d)
    next.lanes[0]!.runs[0]!.status = 'failed'
    const reads = countReads(next, ['parallelBoxes', 'iteratedStoreId', 'exceptionStoreId'])
    const after = listRuns(next, before)
    expect(after.filter((r, i) => r !== before[i]).map((r) => r.key)).toEqual(['1:1'])
    expect(reads()).toBe(0)
  })
})

/** Counts reads of some fields of every lane run of the details (still giving their values). */
function countReads(details: ExecutionDetails, fields: (keyof LaneRun)[]): () => number {
  let count = 0
  for (const lane of details.lanes)
    for (const run of lane.runs)
      for (const field of fields) {
        const value = run[field]
        Object.defineProperty(run, field, {
          get: () => {
            count++
            return value
          }
        })
      }
  return () => count
}

describe('what a refresh tells the next steps', () => {
  const d = storyDetails()
  const log = resolveLog(parseLog(storyLog(d)), listRuns(d))

  it('says which runs it replaced, so lineage and structure look at those only', () => {
    const before = listRuns(d)
    const next = clone(d)
    next.lanes[0]!.runs[0]!.status = 'failed'
    const after = listRuns(next, before)
    const at = after.findIndex((r) => r.key === '1:1')
    expect(changesSince(after, before)).toEqual([at])
    expect(changesSince(before, before)).toEqual([])
    // Not made from it: unknown, compared in full.
    expect(changesSince(after, listRuns(d))).toBeUndefined()
    expect(sameStructure(after, before)).toBe(true)
    expect(sameLineageInputs(after, before)).toBe(true)
    // A replaced run that repeats another differently changes the lineage, found at its position.
    const retyped = clone(d)
    retyped.lanes[1]!.runs[0]!.runType = 'retry'
    const relisted = listRuns(retyped, before)
    expect(changesSince(relisted, before)).toHaveLength(1)
    expect(sameLineageInputs(relisted, before)).toBe(false)
    expect(sameLineageInputs(before, relisted)).toBe(false)
  })

  it('replaces in the timeline only the runs replaced in the list, and says which', () => {
    const runs = listRuns(d)
    const first = buildTimeline({ details: d, runs, log, now: storyNow })
    const next = clone(d)
    next.lanes[0]!.runs[0]!.status = 'failed'
    const relisted = listRuns(next, runs)
    const after = buildTimeline({
      details: next,
      runs: relisted,
      log,
      now: storyNow,
      previous: first
    })
    const at = after.runs.findIndex((r) => r.key === '1:1')
    expect(changesSince(after.runs, first.runs)).toEqual([at])
    expect(after.runs[at]!.run.status).toBe('failed')
    const drawn = ({ run, ...times }: (typeof after.runs)[number]) => ({ ...times, s: run.status })
    expect(after.runs.map(drawn)).toEqual(
      buildTimeline({ details: next, log, now: storyNow }).runs.map(drawn)
    )
  })
})

describe('resolving the log again on a refresh', () => {
  const d = storyDetails()
  const parsedStory = parseLog(storyLog(d))

  it('keeps the resolution when only statuses changed, reading no task', () => {
    const first = resolveFor(parsedStory, listRuns(d), d)
    expect(first.log.namesTasks).toBe(true)
    const next = clone(d)
    next.lanes[0]!.runs[0]!.status = 'failed'
    const runs = listRuns(next, first.runs as ReturnType<typeof listRuns>)
    expect(resolveFor(parsedStory, runs, next, first).log).toBe(first.log)
  })

  it('resolves again when a run gains the task an entry names, though its status stays', () => {
    // A task-level entry naming its task by id only: its run is known once a run holds the task.
    const log = auditLog()
    log.add(storyNow, 'info', '[Task: 5f1e] Started.', undefined, ['te-late'])
    const parsed = parseLog([...storyLog(d), ...log.entries])
    const late = (r: Resolution) =>
      r.log.entries.find((e) => e.parsed.entry.content.description === '[Task: 5f1e] Started.')!
    const first = resolveFor(parsed, listRuns(d), d)
    expect(late(first).runKeys).toEqual([])
    const next = clone(d)
    next.lanes[1]!.runs[0]!.parallelBoxes[0]!.taskRegistry['task-late'] = 'te-late'
    // The run is drawn alike, so its reference (and its older run object) is kept...
    const runs = listRuns(next, first.runs as ReturnType<typeof listRuns>)
    expect(runs).toBe(first.runs)
    // ...and the tasks are read from the details as they are now.
    const again = resolveFor(parsed, runs, next, first)
    expect(again.log).not.toBe(first.log)
    expect(late(again).runKeys).toEqual(['2:3'])
    expect(again.log).toEqual(resolveLog(parsed, listRuns(next)))
  })

  it('does not look at tasks when the log names none', () => {
    const log = auditLog()
    log.prepared(at(10, 0, 1), 1, 1)
    log.stopped(at(10, 4, 0), 1, 1)
    const parsed = parseLog(log.entries)
    const first = resolveFor(parsed, listRuns(d), d)
    expect(first.log.namesTasks).toBe(false)
    const next = clone(d)
    next.lanes[1]!.runs[0]!.parallelBoxes[0]!.taskRegistry['task-late'] = 'te-late'
    const reads = countReads(next, ['parallelBoxes'])
    const runs = listRuns(next, first.runs as ReturnType<typeof listRuns>)
    expect(resolveFor(parsed, runs, next, first).log).toBe(first.log)
    expect(reads()).toBe(0)
  })

  it('resolves again for other entries or runs', () => {
    const first = resolveFor(parsedStory, listRuns(d), d)
    const other = parseLog(storyLog(d))
    expect(resolveFor(other, first.runs, d, first).log).not.toBe(first.log)
    const retried = clone(d)
    retried.lanes[0]!.runs.unshift({
      ...retried.lanes[0]!.runs[0]!,
      runNumber: 4,
      originRunNumber: 1,
      runType: 'retry',
      status: 'active'
    })
    const runs = listRuns(retried, first.runs as ReturnType<typeof listRuns>)
    const again = resolveFor(parsedStory, runs, retried, first)
    expect(again.log).not.toBe(first.log)
    expect(again.log).toEqual(resolveLog(parsedStory, listRuns(retried)))
  })
})

describe('finding a run by its key', () => {
  it('finds it in its lane as the details have it now, duplicates and the run in advance too', () => {
    const d = execution('active', [
      [
        { runNumber: 1, status: 'finished' },
        { runNumber: 1, status: 'failed' }
      ],
      [
        { runNumber: 1, status: 'active' },
        { runNumber: null, status: 'preparing' }
      ]
    ])
    const keys = listRuns(d).map((r) => r.key)
    expect(keys).toEqual(['1:1', '1:1#2', '2:1', '2:ahead'])
    for (const ref of listRuns(d)) {
      const found = findRun(d, ref.key)!
      expect(found.run).toBe(ref.run)
      expect(found.laneIndex).toBe(ref.laneIndex)
    }
    for (const key of ['1:2', '3:1', '1:1#3', '1:1#1', '1:1#0', '0:1', 'x', '1:ahead', ''])
      expect(findRun(d, key)).toBeUndefined()
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
