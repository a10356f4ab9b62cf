// A refresh that changes one run's status recomputes that run only: every other run keeps its
// times object and its bar, the scale, ticks and gap marks are kept, and lineage links between
// kept bars are kept. The details arrive as the monitor sends them: a new object every time.
import { describe, expect, it } from 'vitest'
import type { ExecutionDetails } from '../../src/shared/execution'
import { lineage } from '../../src/shared/timeline/lineage'
import { parseLog } from '../../src/shared/timeline/log'
import { resolveLog } from '../../src/shared/timeline/resolve'
import { listRuns, sameStructure } from '../../src/shared/timeline/runs'
import { buildTimeline, type ExecutionTimeline } from '../../src/shared/timeline/times'
import {
  barsOf,
  layoutTimeline,
  linksOf,
  type Layout
} from '../../src/renderer/src/lib/timeline/layout'
import { storyDetails, storyLog, storyNow } from '../fixtures/timeline/story'

const clone = (d: ExecutionDetails) => JSON.parse(JSON.stringify(d)) as ExecutionDetails
const log = (d: ExecutionDetails) => resolveLog(parseLog(storyLog(d)), listRuns(d))

function draw(d: ExecutionDetails, previous?: { t: ExecutionTimeline; l: Layout }) {
  const runs = listRuns(d)
  const t = buildTimeline({
    details: d,
    runs,
    log: resolved,
    now: storyNow,
    ...(previous ? { previous: previous.t } : {})
  })
  const l = layoutTimeline(
    { timeline: t, lineage: lines, lanes: d.lanes, width: 1200, compress: true, failedOnly: false },
    previous?.l
  )
  // Drawn whole, as a view showing every lane draws it: what the next layout starts from.
  linksOf(l)
  return { t, l }
}

const first = storyDetails('failed')
const resolved = log(first)
const lines = lineage(listRuns(first))

describe('one status change', () => {
  it('keeps every other run’s times and bar, the scale, ticks, gaps and links', () => {
    const before = draw(first)
    const next = clone(first)
    // Lane 1, run 1 was finished: as if the server now said otherwise.
    next.lanes[0]!.runs[0]!.status = 'failed'
    expect(sameStructure(listRuns(next), listRuns(first))).toBe(true)
    const beforeBars = new Map(barsOf(before.l).map((b) => [b.key, b]))
    const beforeTimes = new Map(before.t.runs.map((r) => [r.key, r]))
    const beforeTicks = before.l.ticks
    const beforeGaps = before.l.gaps
    const beforeScale = before.l.scale
    const beforeLinks = new Map(linksOf(before.l).map((k) => [k.key, k]))
    const after = draw(next, before)

    for (const run of after.t.runs) {
      if (run.key === '1:1') expect(run).not.toBe(beforeTimes.get(run.key))
      else expect(run).toBe(beforeTimes.get(run.key))
    }
    for (const bar of barsOf(after.l)) {
      if (bar.key === '1:1') {
        expect(bar).not.toBe(beforeBars.get(bar.key))
        expect(bar.look).toBe('failed')
      } else expect(bar).toBe(beforeBars.get(bar.key))
    }
    expect(after.l.scale).toBe(beforeScale)
    expect(after.l.ticks).toBe(beforeTicks)
    expect(after.l.gaps).toBe(beforeGaps)
    expect(linksOf(after.l).length).toBeGreaterThan(0)
    for (const link of linksOf(after.l)) expect(link).toBe(beforeLinks.get(link.key))
  })

  it('lays out again only the lane whose run changed: other lanes keep their drawing whole', () => {
    const before = draw(first)
    const next = clone(first)
    next.lanes[0]!.runs[0]!.status = 'failed'
    const after = draw(next, before)
    expect(after.l.laneCount).toBe(3)
    expect(after.l.lane(1)).not.toBe(before.l.lane(1))
    expect(after.l.lane(1).bars[0]!.look).toBe('failed')
    // Lane 2 holds the retry and the rerun with their links; lane 3 the run prepared in advance.
    expect(after.l.lane(2)).toBe(before.l.lane(2))
    expect(after.l.lane(3)).toBe(before.l.lane(3))
    expect(after.l.memo.laneBars[1]).toBe(before.l.memo.laneBars[1])
  })

  it('keeps everything when nothing changed, and nothing when the width did', () => {
    const before = draw(first)
    const later = clone(first)
    const after = draw(later, before)
    // Nothing changed at all: everything is kept.
    expect(barsOf(after.l).every((b, i) => b === barsOf(before.l)[i])).toBe(true)
    // Another width: every bar is new (nothing is kept that would be drawn wrong).
    const wider = layoutTimeline(
      {
        timeline: after.t,
        lineage: lines,
        lanes: later.lanes,
        width: 1400,
        compress: true,
        failedOnly: false
      },
      after.l
    )
    expect(barsOf(wider).some((b, i) => b === barsOf(after.l)[i])).toBe(false)
    expect(wider.ticks).not.toBe(after.l.ticks)
  })
})

describe('one status change, from the previous runs as the view lists them', () => {
  it('copies the runs of the changed run’s lane only, and draws as a fresh layout would', () => {
    const input = (t: ExecutionTimeline, d: ExecutionDetails) => ({
      timeline: t,
      lineage: lines,
      lanes: d.lanes,
      width: 1200,
      compress: true,
      failedOnly: false
    })
    const runs = listRuns(first)
    const t0 = buildTimeline({ details: first, runs, log: resolved, now: storyNow })
    const l0 = layoutTimeline(input(t0, first))
    linksOf(l0)
    const next = clone(first)
    next.lanes[0]!.runs[0]!.status = 'failed'
    const t1 = buildTimeline({
      details: next,
      runs: listRuns(next, runs),
      log: resolved,
      now: storyNow,
      previous: t0
    })
    const l1 = layoutTimeline(input(t1, next), l0)
    expect(l1.scale).toBe(l0.scale)
    expect(l1.memo.byLane[0]).not.toBe(l0.memo.byLane[0])
    expect(l1.memo.byLane[1]).toBe(l0.memo.byLane[1])
    expect(l1.memo.byLane[2]).toBe(l0.memo.byLane[2])
    expect(l1.lane(2)).toBe(l0.lane(2))
    expect(l1.lane(3)).toBe(l0.lane(3))
    const fresh = layoutTimeline(
      input(buildTimeline({ details: next, log: resolved, now: storyNow }), next)
    )
    const drawn = (l: Layout) => barsOf(l).map(({ times: _, scope: __, ...bar }) => ({ ...bar }))
    expect(drawn(l1)).toEqual(drawn(fresh))
    expect(barsOf(l1).find((b) => b.key === '1:1')!.look).toBe('failed')
  })
})
