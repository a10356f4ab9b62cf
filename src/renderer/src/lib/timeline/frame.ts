// The timeline's frame in SVG pixels: row sizes, the time scale and the part of it in view, the
// mapping from scale positions to x, and which lanes' rows a vertical viewport shows.
import { buildScale, ordinalScale, type TimeScale } from '../../../../shared/timeline/gaps'
import type { ExecutionTimeline } from '../../../../shared/timeline/times'
import { changesSince } from '../../../../shared/timeline/changes'

export const ROW_HEIGHT = 30
export const BAR_HEIGHT = 18
export const AXIS_HEIGHT = 36
export const LABEL_WIDTH = 190
const RIGHT_PAD = 30

export interface View {
  from: number
  to: number
}

/** Where things go horizontally and vertically for one scale, view and width. */
export interface Frame {
  scale: TimeScale
  view: View
  plotX0: number
  plotX1: number
  /** Pixels per scale unit. */
  k: number
  /** The x of a scale position. */
  x(position: number): number
}

/** Pixel values as drawn: a tenth of a pixel. */
export const round = (n: number) => Math.round(n * 10) / 10

export const rowY = (laneIndex: number) => AXIS_HEIGHT + (laneIndex - 1) * ROW_HEIGHT
export const barTop = (laneIndex: number) => rowY(laneIndex) + (ROW_HEIGHT - BAR_HEIGHT) / 2

/** The scale of a timeline: run slots on the ordinal axis, (compressed) time otherwise. */
export function scaleOf(t: ExecutionTimeline, compress: boolean): TimeScale {
  if (t.axis === 'order') return ordinalScale(t.runs.length)
  const intervals = t.runs.map((r) => ({ from: r.start.at, to: r.end.at }))
  return buildScale(intervals, { from: t.from, to: t.to }, { compress })
}

/** What a scale was built from, so the next layout can tell whether it still holds. */
export interface ScaleMemo {
  scale: TimeScale
  timeline: ExecutionTimeline
  compress: boolean
}

/**
 * The previous scale, when every run spans what it spanned then (an update that changed
 * statuses only): building a scale sorts every run's interval. Runs kept from the previous
 * timeline compare by identity, and when the runs were made from the previous ones only those
 * replaced are looked at.
 */
export function keptScale(
  t: ExecutionTimeline,
  compress: boolean,
  old: ScaleMemo | undefined
): TimeScale | undefined {
  const was = old?.timeline
  if (!was || old.compress !== compress || was.axis !== t.axis) return undefined
  if (was.from !== t.from || was.to !== t.to || was.runs.length !== t.runs.length) return undefined
  const spansAlike = (i: number) => {
    const run = t.runs[i]!
    const before = was.runs[i]!
    return (
      run === before ||
      (run.key === before.key && run.start.at === before.start.at && run.end.at === before.end.at)
    )
  }
  // Runs made from the previous ones: only those replaced can span otherwise.
  const changed = changesSince(t.runs, was.runs)
  if (changed) return changed.every(spansAlike) ? old.scale : undefined
  for (let i = 0; i < t.runs.length; i++) if (!spansAlike(i)) return undefined
  return old.scale
}

/** The whole timeline with a little room at both ends. */
export function fullView(scale: TimeScale): View {
  const length = scale.length > 0 ? scale.length : 1000
  return { from: -length * 0.01, to: length * 1.01 }
}

export function frameOf(scale: TimeScale, view: View, width: number): Frame {
  const plotX0 = LABEL_WIDTH
  const plotX1 = Math.max(plotX0 + 40, width - RIGHT_PAD)
  const k = (plotX1 - plotX0) / Math.max(view.to - view.from, 1e-9)
  return { scale, view, plotX0, plotX1, k, x: (position) => plotX0 + (position - view.from) * k }
}

/** The lanes (1-based, inclusive) whose rows show in a vertical viewport, with some to spare. */
export function visibleLanes(
  scrollTop: number,
  viewportHeight: number,
  laneCount: number,
  overscan = 4
): { first: number; last: number } {
  if (!(viewportHeight > 0)) return { first: 1, last: laneCount }
  const first = Math.floor((scrollTop - AXIS_HEIGHT) / ROW_HEIGHT) + 1 - overscan
  const last = Math.ceil((scrollTop + viewportHeight - AXIS_HEIGHT) / ROW_HEIGHT) + overscan
  return { first: Math.max(1, first), last: Math.min(laneCount, last) }
}

/** The scroll position that brings a lane's row into a viewport (unchanged if it is there). */
export function scrollToLane(scrollTop: number, viewportHeight: number, laneIndex: number): number {
  if (!(viewportHeight > 0)) return scrollTop
  const top = AXIS_HEIGHT + (laneIndex - 1) * ROW_HEIGHT
  if (top - AXIS_HEIGHT < scrollTop) return Math.max(0, top - AXIS_HEIGHT)
  if (top + ROW_HEIGHT > scrollTop + viewportHeight) return top + ROW_HEIGHT - viewportHeight
  return scrollTop
}
