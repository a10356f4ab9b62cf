// Geometry of the timeline (rows, bars, links, ticks, gaps, now line), keyboard navigation,
// zoom, the looks of statuses and run types, and the accessible names of runs.
import { describe, expect, it } from 'vitest'
import type { ExecutionDetails } from '../../src/shared/execution'
import { expectDuration } from '../../src/shared/timeline/expected'
import { lineage } from '../../src/shared/timeline/lineage'
import { parseLog } from '../../src/shared/timeline/log'
import { resolveLog } from '../../src/shared/timeline/resolve'
import { listRuns } from '../../src/shared/timeline/runs'
import { buildTimeline } from '../../src/shared/timeline/times'
import {
  AXIS_HEIGHT,
  LABEL_WIDTH,
  ROW_HEIGHT,
  scrollToLane,
  visibleLanes
} from '../../src/renderer/src/lib/timeline/frame'
import {
  barsOf,
  layoutTimeline,
  linksOf,
  type GeometryInput
} from '../../src/renderer/src/lib/timeline/layout'
import { barPath, statusLook } from '../../src/renderer/src/lib/timeline/looks'
import { navigate, panToInclude, zoomToRun } from '../../src/renderer/src/lib/timeline/navigation'
import { execution } from '../fixtures/timeline/build'
import { at, storyDetails, storyLog, storyNames, storyNow } from '../fixtures/timeline/story'

function input(
  details: ExecutionDetails = storyDetails(),
  extra: Partial<GeometryInput> = {},
  entries = storyLog(details)
): GeometryInput {
  const runs = listRuns(details)
  return {
    timeline: buildTimeline({
      details,
      log: resolveLog(parseLog(entries), runs),
      now: storyNow
    }),
    lineage: lineage(runs),
    lanes: details.lanes,
    names: storyNames,
    width: 1000,
    compress: true,
    failedOnly: false,
    ...extra
  }
}
const bar = (l: ReturnType<typeof layoutTimeline>, key: string) =>
  barsOf(l).find((b) => b.key === key)!

describe('layoutTimeline', () => {
  it('puts one row per lane and every run on its lane’s row, in time order', () => {
    const l = layoutTimeline(input())
    expect(l.rows.map((r) => [r.title, r.name, r.y])).toEqual([
      ['Lane 1', 'Gather files', AXIS_HEIGHT],
      ['Lane 2', 'Compute checksums', AXIS_HEIGHT + ROW_HEIGHT],
      ['Lane 3', 'Publish', AXIS_HEIGHT + 2 * ROW_HEIGHT]
    ])
    expect(barsOf(l).map((b) => b.key)).toEqual(['1:1', '2:1', '2:2', '3:2', '2:3', '3:ahead'])
    const b21 = bar(l, '2:1')
    const b22 = bar(l, '2:2')
    expect(b21.y).toBeGreaterThan(bar(l, '1:1').y)
    expect(b22.x).toBeGreaterThanOrEqual(b21.x + b21.w - 0.5)
    for (const b of barsOf(l)) {
      expect(b.x).toBeGreaterThanOrEqual(LABEL_WIDTH)
      expect(b.x + b.w).toBeLessThanOrEqual(l.plotX1 + 0.5)
    }
  })

  it('compresses the three idle days and marks them, keeping the rerun wide', () => {
    const l = layoutTimeline(input())
    expect(l.gaps).toHaveLength(1)
    expect(l.gaps[0]!.label).toBe('3 d idle')
    expect(bar(l, '2:3').w).toBeGreaterThan(100)
    const trueScale = layoutTimeline(input(undefined, { compress: false }))
    expect(trueScale.gaps).toEqual([])
    expect(bar(trueScale, '2:3').w).toBeLessThan(5)
  })

  it('draws a "now" line while the execution runs, and none once it ended', () => {
    const running = layoutTimeline(input())
    const rerun = bar(running, '2:3')
    expect(running.nowX).toBeCloseTo(rerun.x + rerun.w, 0)
    expect(layoutTimeline(input(storyDetails('failed'))).nowX).toBeUndefined()
  })

  it('links each retry and rerun to its origin, from the origin’s end to the repeat’s start', () => {
    const l = layoutTimeline(input())
    expect(linksOf(l).map((k) => [k.key, k.type])).toEqual([
      ['2:2>2:1', 'retry'],
      ['2:3>2:1', 'rerun']
    ])
    const origin = bar(l, '2:1')
    // Within a row the arc joins the top edges, so it shows above the bars.
    const end = Math.round((origin.x + origin.w) * 10) / 10
    expect(linksOf(l)[0]!.d.startsWith(`M${end},${origin.y}C`)).toBe(true)
  })

  it('shows type by shape and status by look; the in-advance run as prepared', () => {
    const l = layoutTimeline(input())
    expect(bar(l, '2:2').shape).toBe('retry')
    expect(bar(l, '2:3').shape).toBe('rerun')
    expect(bar(l, '2:1').look).toBe('failed')
    expect(bar(l, '2:3').look).toBe('active')
    expect(bar(l, '3:ahead').look).toBe('prepared')
    expect(bar(l, '2:3').open).toBe(true)
  })

  it('dims all but failed runs under the failed-only filter', () => {
    const l = layoutTimeline(input(undefined, { failedOnly: true }))
    expect(
      barsOf(l)
        .filter((b) => !b.dimmed)
        .map((b) => b.key)
    ).toEqual(['2:1'])
    expect(linksOf(l).every((k) => !k.dimmed)).toBe(true)
  })

  it('marks runs placed by order and puts no ticks on an ordinal axis', () => {
    const l = layoutTimeline(input(storyDetails(), {}, []))
    expect(l.axis).toBe('order')
    expect(l.ticks).toEqual([])
    expect(barsOf(l).every((b) => b.ordinal)).toBe(true)
    expect(bar(layoutTimeline(input()), '1:1').ordinal).toBe(false)
  })

  it('puts time ticks on the axis, with the date where a day begins', () => {
    const l = layoutTimeline(input(storyDetails(), { compress: false }))
    expect(l.ticks.length).toBeGreaterThan(1)
    expect(l.ticks[0]!.major).toBe(true)
    expect(l.ticks.map((t) => t.label)).toContain('23 Nov')
    const xs = l.ticks.map((t) => t.x)
    expect([...xs].sort((a, b) => a - b)).toEqual(xs)
  })

  it('gives the expected duration as a row hint and flags a run over twice the median', () => {
    const expectations = new Map([[2, expectDuration([60_000, 60_000, 70_000])!]])
    const l = layoutTimeline(input(undefined, { expectations }))
    expect(l.rows[1]!.hint).toBe('usually 60–68 s')
    // Lane 2 run 1 took almost 9 minutes.
    expect(bar(l, '2:1').overdue).toBe(true)
    expect(bar(l, '2:2').overdue).toBe(false)
    expect(bar(l, '2:1').label).toMatch(/over twice the usual duration/)
  })

  it('keeps the objects of bars and links that were drawn and did not change', () => {
    const base = input()
    const first = layoutTimeline(base)
    // Lanes are laid out when drawn; the next layout starts from what was.
    linksOf(first)
    const d = storyDetails()
    d.lanes[1]!.runs[0]!.status = 'weird-status'
    // The same lineage, as the component keeps it while origins and types stay the same.
    const second = layoutTimeline({ ...input(d), lineage: base.lineage }, first)
    expect(bar(second, '2:1')).toBe(bar(first, '2:1'))
    expect(bar(second, '2:3')).not.toBe(bar(first, '2:3'))
    expect(bar(second, '2:3').look).toBe('unknown')
    expect(bar(second, '2:3').label).toMatch(/^Lane 2, run 3, rerun of run 1, weird-status, /)
    expect(linksOf(second)[0]).toBe(linksOf(first)[0])
  })

  it('lists the bars that show more than their outline: wide ones and flagged ones', () => {
    // At full width lane 2's runs are wide enough to show their fill and glyph.
    const wide = layoutTimeline(input(undefined, { width: 1000 }))
    const lane2 = wide.lane(2)
    expect(lane2.decorated.length).toBeGreaterThan(0)
    for (const b of lane2.bars) expect(lane2.decorated.includes(b)).toBe(b.w >= 8 || b.overdue)
    // Squeezed into the narrowest drawing, the short runs are slivers; a flagged one still shows.
    const expectations = new Map([[2, expectDuration([1_000, 1_000, 1_000])!]])
    const narrow = layoutTimeline(input(undefined, { width: 200, expectations })).lane(2)
    const slivers = narrow.bars.filter((b) => b.w < 8)
    expect(slivers.length).toBeGreaterThan(0)
    expect(narrow.decorated.map((b) => b.key)).toEqual(
      narrow.bars.filter((b) => b.w >= 8 || b.overdue).map((b) => b.key)
    )
    expect(narrow.decorated.some((b) => b.w < 8 && b.overdue)).toBe(true)
  })

  it('lays out a lane only when it is asked for', () => {
    const l = layoutTimeline(input())
    expect(l.memo.laneBars.filter(Boolean)).toHaveLength(0)
    expect(l.lane(2).bars.map((b) => b.key)).toEqual(['2:1', '2:2', '2:3'])
    expect(l.memo.laneBars.map((b, i) => (b ? i + 1 : 0)).filter(Boolean)).toEqual([2])
    expect(l.lane(2)).toBe(l.lane(2))
  })

  it('zooms to a run and leaves out what falls outside the view', () => {
    const base = input()
    const whole = layoutTimeline(base)
    const run = base.timeline.runs.find((r) => r.key === '2:2')!
    const view = zoomToRun(whole.scale, run)
    const zoomed = layoutTimeline({ ...base, view })
    expect(bar(zoomed, '2:2').w).toBeGreaterThan(bar(whole, '2:2').w * 2)
    expect(barsOf(zoomed).some((b) => b.key === '2:3')).toBe(false)
    // Panning keeps the width and brings a run into view.
    const rerun = base.timeline.runs.find((r) => r.key === '2:3')!
    const panned = panToInclude(view, whole.scale, rerun)
    expect(panned.to - panned.from).toBeCloseTo(view.to - view.from)
    expect(barsOf(layoutTimeline({ ...base, view: panned })).some((b) => b.key === '2:3')).toBe(
      true
    )
  })
})

describe('accessible names', () => {
  it('start "Lane N, run M" and say type, origin, status and times', () => {
    const l = layoutTimeline(input(storyDetails('failed')))
    expect(bar(l, '2:2').label).toMatch(
      /^Lane 2, run 2, retry of run 1, finished, started 2026-11-20 10:09:00 from the audit log, ended 2026-11-20 10:10:10 from the audit log, took 1 min 10 s, lane Compute checksums$/
    )
    expect(bar(l, '1:1').label).toMatch(/^Lane 1, run 1, regular, finished, /)
  })

  it('say when a run is still going, prepared in advance, or placed by order', () => {
    const l = layoutTimeline(input())
    expect(bar(l, '2:3').label).toMatch(
      /^Lane 2, run 3, rerun of run 1, active, started 14:20:00 from the audit log, still running, 4 min so far/
    )
    expect(bar(l, '3:ahead').label).toMatch(/^Lane 3, run prepared in advance, regular, enqueued, /)
    const ordinal = layoutTimeline(input(storyDetails(), {}, []))
    expect(bar(ordinal, '1:1').label).toBe(
      'Lane 1, run 1, regular, finished, times not known, placed in run order, lane Gather files'
    )
  })

  it('show an unknown status as sent', () => {
    const d = execution('finished', [[{ runNumber: 1, status: 'skipped' }]])
    const l = layoutTimeline(input(d, { names: undefined }, []))
    expect(bar(l, '1:1').look).toBe('unknown')
    expect(bar(l, '1:1').label).toBe(
      'Lane 1, run 1, regular, skipped, times not known, placed in run order'
    )
  })
})

describe('keyboard navigation', () => {
  const runs = input().timeline.runs
  it('moves along a lane with left and right, stopping at its ends', () => {
    expect(navigate(runs, '2:1', 'ArrowRight')).toBe('2:2')
    expect(navigate(runs, '2:2', 'ArrowRight')).toBe('2:3')
    expect(navigate(runs, '2:3', 'ArrowRight')).toBe('2:3')
    expect(navigate(runs, '2:1', 'ArrowLeft')).toBe('2:1')
    expect(navigate(runs, '2:2', 'Home')).toBe('2:1')
    expect(navigate(runs, '2:1', 'End')).toBe('2:3')
  })

  it('moves between lanes to the run nearest in time', () => {
    expect(navigate(runs, '2:3', 'ArrowDown')).toBe('3:ahead')
    expect(navigate(runs, '2:2', 'ArrowDown')).toBe('3:2')
    expect(navigate(runs, '2:1', 'ArrowUp')).toBe('1:1')
    expect(navigate(runs, '1:1', 'ArrowUp')).toBe('1:1')
  })

  it('skips lanes without runs and starts at the first run', () => {
    const d = execution('failed', [
      [{ runNumber: 1, status: 'finished' }],
      [],
      [{ runNumber: 1, status: 'failed' }]
    ])
    const sparse = input(d, {}, []).timeline.runs
    expect(navigate(sparse, '1:1', 'ArrowDown')).toBe('3:1')
    expect(navigate(sparse, undefined, 'ArrowRight')).toBe('1:1')
  })
})

describe('looks', () => {
  it('groups statuses and keeps unknown ones apart', () => {
    expect(statusLook('paused')).toBe('suspended')
    expect(statusLook('interrupted')).toBe('suspended')
    expect(statusLook('preparing')).toBe('waiting')
    expect(statusLook('pending')).toBe('unknown')
    expect(statusLook('active', true)).toBe('prepared')
  })

  it('draws each run type with its own outline', () => {
    const paths = (['regular', 'retry', 'rerun', 'other'] as const).map((s) =>
      barPath(s, 0, 0, 40, 18)
    )
    expect(new Set(paths).size).toBe(4)
    expect(paths[1]).toContain('A9,9')
  })
})

it('starts the scale at the first run’s start', () => {
  const l = layoutTimeline(input(undefined, { compress: false }))
  expect(l.scale.toPosition(at(10, 0))).toBe(0)
})

describe('vertical windowing', () => {
  it('draws the lanes in view and a few more, or every lane when the height is unknown', () => {
    expect(visibleLanes(0, 600, 100, 4)).toEqual({ first: 1, last: 23 })
    expect(visibleLanes(ROW_HEIGHT * 50, 600, 100, 4)).toEqual({ first: 45, last: 73 })
    expect(visibleLanes(1e6, 600, 100, 4)).toMatchObject({ last: 100 })
    expect(visibleLanes(0, 0, 100)).toEqual({ first: 1, last: 100 })
  })

  it('scrolls just enough to show a lane', () => {
    expect(scrollToLane(0, 600, 2)).toBe(0)
    expect(scrollToLane(0, 600, 40)).toBe(AXIS_HEIGHT + 40 * ROW_HEIGHT - 600)
    expect(scrollToLane(3000, 600, 10)).toBe(9 * ROW_HEIGHT)
  })
})
