// The runs' elements kept in step with the bars: one option per bar in order, the same element
// for a run while it is drawn, only changed attributes written, and runs gone from view removed.
import { describe, expect, it, vi } from 'vitest'
import { lineage } from '../../src/shared/timeline/lineage'
import { parseLog } from '../../src/shared/timeline/log'
import { resolveLog } from '../../src/shared/timeline/resolve'
import { listRuns } from '../../src/shared/timeline/runs'
import { buildTimeline } from '../../src/shared/timeline/times'
import { layoutTimeline, type LaneDrawing } from '../../src/renderer/src/lib/timeline/layout'
import { drawLanes, type BarState } from '../../src/renderer/src/components/timeline/bar-elements'
import { storyDetails, storyLog, storyNow } from '../fixtures/timeline/story'

function storyLanes(details = storyDetails()): LaneDrawing[] {
  const runs = listRuns(details)
  const timeline = buildTimeline({
    details,
    log: resolveLog(parseLog(storyLog(details)), runs),
    now: storyNow
  })
  const layout = layoutTimeline({
    timeline,
    lineage: lineage(runs),
    lanes: details.lanes,
    width: 1000,
    compress: true,
    failedOnly: false
  })
  return [1, 2, 3].map((lane) => layout.lane(lane))
}
const barsOf = (lanes: readonly LaneDrawing[]) => lanes.flatMap((lane) => lane.bars)

const state = (extra: Partial<BarState> = {}): BarState => ({
  selected: undefined,
  focusKey: '1:1',
  lit: {},
  marked: {},
  total: 6,
  ...extra
})
const container = () => document.createElementNS('http://www.w3.org/2000/svg', 'g')
const keys = (g: Element) => [...g.children].map((e) => e.getAttribute('data-key'))

describe('drawLanes', () => {
  it('makes one option per bar, in order, named and placed in the whole list', () => {
    const lanes = storyLanes()
    const bars = barsOf(lanes)
    const g = container()
    drawLanes(g, lanes, state())
    expect(keys(g)).toEqual(bars.map((b) => b.key))
    const first = g.children[0]!
    expect(first.tagName).toBe('path')
    expect(first.getAttribute('role')).toBe('option')
    expect(first.getAttribute('aria-label')).toMatch(/^Lane 1, run 1, regular, finished, /)
    expect(first.getAttribute('aria-posinset')).toBe('1')
    expect(first.getAttribute('aria-setsize')).toBe('6')
    expect(first.getAttribute('d')).toBe(bars[0]!.path)
    expect(first.getAttribute('class')).toBe('run tl-body tl-look-finished')
    // One run in the tab order; none selected yet.
    expect([...g.children].filter((e) => e.getAttribute('tabindex') === '0')).toEqual([first])
    expect(g.querySelector('[aria-selected]')).toBeNull()
  })

  it('keeps each run’s element and writes only what changed', () => {
    const lanes = storyLanes()
    const g = container()
    drawLanes(g, lanes, state())
    const before = [...g.children]
    const writes = vi.spyOn(Element.prototype, 'setAttribute')
    try {
      drawLanes(g, lanes, state())
      expect(writes).not.toHaveBeenCalled()
      drawLanes(g, lanes, state({ selected: '2:2', focusKey: '2:2', lit: { '2:1': true } }))
      expect([...g.children]).toEqual(before)
      const selected = g.querySelector('[data-key="2:2"]')!
      expect(selected.getAttribute('aria-selected')).toBe('true')
      expect(selected.getAttribute('tabindex')).toBe('0')
      expect(selected.classList.contains('selected')).toBe(true)
      expect(g.querySelector('[data-key="2:1"]')!.classList.contains('lit')).toBe(true)
      expect(g.querySelector('[data-key="1:1"]')!.getAttribute('tabindex')).toBe('-1')
      // Class, aria-selected and tabindex of the new selection; class of the lit run;
      // tabindex of the run that had the tab stop.
      expect(writes).toHaveBeenCalledTimes(5)
    } finally {
      writes.mockRestore()
    }
    drawLanes(g, lanes, state({ selected: '1:1' }))
    expect(g.querySelector('[data-key="2:2"]')!.hasAttribute('aria-selected')).toBe(false)
  })

  it('names a marked run’s mark and shows a changed run on the same element', () => {
    const g = container()
    drawLanes(g, storyLanes(), state())
    const element = g.querySelector('[data-key="2:3"]')!
    drawLanes(g, storyLanes(), state({ marked: { '2:3': 'new' } }))
    expect(element.getAttribute('aria-label')).toMatch(/; marked new$/)
    expect(element.classList.contains('marked')).toBe(true)
    const changed = storyDetails()
    changed.lanes[1]!.runs[0]!.status = 'weird-status'
    drawLanes(g, storyLanes(changed), state())
    expect(g.querySelector('[data-key="2:3"]')).toBe(element)
    expect(element.getAttribute('aria-label')).toMatch(
      /^Lane 2, run 3, rerun of run 1, weird-status/
    )
    expect(element.getAttribute('class')).toBe('run tl-body tl-look-unknown open')
  })

  it('removes the lanes scrolled out of view and puts those scrolled in in their place', () => {
    const [one, two, three] = storyLanes()
    const g = container()
    drawLanes(g, [two!, three!], state())
    const lane2 = two!.bars.map((b) => g.querySelector(`[data-key="${b.key}"]`))
    drawLanes(g, [one!, two!], state())
    expect(keys(g)).toEqual(barsOf([one!, two!]).map((b) => b.key))
    expect(two!.bars.map((b) => g.querySelector(`[data-key="${b.key}"]`))).toEqual(lane2)
    drawLanes(g, [], state())
    expect(g.children).toHaveLength(0)
  })

  it('passes over a lane drawn before from the same drawing and state', () => {
    const lanes = storyLanes()
    const g = container()
    const same = state()
    drawLanes(g, lanes, same)
    const [one, two, three] = lanes as [LaneDrawing, LaneDrawing, LaneDrawing]
    const named = (lane: LaneDrawing) => vi.spyOn(lane.bars[0]!, 'label', 'get')
    const [first, second, third] = [named(one), named(two), named(three)]
    // Lane 2 as a refresh that changed one of its runs gives it: a new drawing.
    drawLanes(g, [one, { ...two }, three], same)
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalled()
    expect(third).not.toHaveBeenCalled()
    expect(keys(g)).toEqual(barsOf(lanes).map((b) => b.key))
    // Another state: every lane is looked at.
    drawLanes(g, lanes, state())
    expect(first).toHaveBeenCalled()
  })
})
