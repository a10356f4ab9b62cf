import { describe, expect, it } from 'vitest'
import {
  clampScroll,
  revealRow,
  stepSelection,
  visibleRange
} from '../../src/renderer/src/lib/list/window'

const v = (scrollTop: number, count = 10_000) => ({ scrollTop, height: 300, rowHeight: 30, count })

describe('virtualized list geometry', () => {
  it('renders the visible rows plus an overscan on each side, never past the ends', () => {
    expect(visibleRange(v(0), 5)).toEqual({ start: 0, end: 16 })
    expect(visibleRange(v(3000), 5)).toEqual({ start: 95, end: 116 })
    expect(visibleRange(v(299_700), 5)).toEqual({ start: 9985, end: 10_000 })
    expect(visibleRange(v(0, 0))).toEqual({ start: 0, end: 0 })
    expect(visibleRange(v(-50, 3), 5)).toEqual({ start: 0, end: 3 })
  })

  it('the number of rendered rows does not grow with the list', () => {
    const small = visibleRange(v(1500, 100))
    const big = visibleRange(v(150_000, 1_000_000))
    expect(big.end - big.start).toBe(small.end - small.start)
  })

  it('scrolls as little as needed to reveal a row', () => {
    expect(revealRow(v(300), 12)).toBe(300) // already in view
    expect(revealRow(v(300), 5)).toBe(150) // above: align its top
    expect(revealRow(v(300), 25)).toBe(480) // below: align its bottom
  })

  it('clamps a restored scroll position to the list as it is now', () => {
    expect(clampScroll(v(5000, 20))).toBe(300)
    expect(clampScroll(v(5000, 5))).toBe(0)
    expect(clampScroll(v(-1))).toBe(0)
  })

  it('steps the selection, clamped; from nothing, to the first or the last', () => {
    const ids = ['a', 'b', 'c']
    expect(stepSelection(ids, 'b', 1)).toBe('c')
    expect(stepSelection(ids, 'c', 1)).toBe('c')
    expect(stepSelection(ids, 'b', -10)).toBe('a')
    expect(stepSelection(ids, undefined, 1)).toBe('a')
    expect(stepSelection(ids, 'gone', -1)).toBe('c')
    expect(stepSelection([], 'a', 1)).toBeUndefined()
  })
})
