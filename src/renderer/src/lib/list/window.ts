// Geometry of the virtualized list: which rows to render for a scroll position, and where to
// scroll so a row is in view. Rows have one fixed height.

export interface Viewport {
  scrollTop: number
  height: number
  rowHeight: number
  count: number
}

/** Rows [start, end) to render: the visible ones plus `overscan` on each side. */
export function visibleRange(v: Viewport, overscan = 8): { start: number; end: number } {
  if (v.count === 0 || v.rowHeight <= 0) return { start: 0, end: 0 }
  const first = Math.floor(Math.max(0, v.scrollTop) / v.rowHeight)
  const shown = Math.ceil(Math.max(v.height, v.rowHeight) / v.rowHeight) + 1
  const start = Math.min(Math.max(0, first - overscan), v.count)
  const end = Math.min(v.count, first + shown + overscan)
  return { start, end }
}

/** The scroll position that brings row `index` fully into view, moving as little as possible. */
export function revealRow(v: Viewport, index: number): number {
  const top = index * v.rowHeight
  const bottom = top + v.rowHeight
  if (top < v.scrollTop) return top
  if (bottom > v.scrollTop + v.height) return Math.max(0, bottom - v.height)
  return v.scrollTop
}

/** A scroll position within the list's extent (after rows disappeared, or a restore). */
export function clampScroll(v: Viewport): number {
  return Math.min(Math.max(0, v.scrollTop), Math.max(0, v.count * v.rowHeight - v.height))
}

/**
 * The row `delta` away from the selected one (clamped to the list); with nothing selected, or
 * the selection gone, the first row for a step down and the last for a step up.
 */
export function stepSelection(
  ids: readonly string[],
  selected: string | undefined,
  delta: number
): string | undefined {
  if (!ids.length) return undefined
  const at = selected === undefined ? -1 : ids.indexOf(selected)
  if (at < 0) return delta >= 0 ? ids[0] : ids[ids.length - 1]
  return ids[Math.min(ids.length - 1, Math.max(0, at + delta))]
}

const STEPS: Record<string, number> = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1 }

/**
 * What a key pressed in the list does: move the selection (arrows, j/k, Page Up/Down by a
 * page, Home/End) or open the selected execution (Enter); undefined when the key is not the
 * list's.
 */
export function listKey(
  key: string,
  ids: readonly string[],
  selected: string | undefined,
  page: number
): { select: string } | { open: string } | undefined {
  if (key === 'Enter') return selected ? { open: selected } : undefined
  const target =
    key === 'Home'
      ? ids[0]
      : key === 'End'
        ? ids.at(-1)
        : key in STEPS || key === 'PageDown' || key === 'PageUp'
          ? stepSelection(ids, selected, STEPS[key] ?? (key === 'PageDown' ? page : -page))
          : undefined
  return target === undefined ? undefined : { select: target }
}
