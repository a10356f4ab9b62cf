// Keyboard movement over the timeline's runs — left/right to the previous/next run in a lane,
// up/down to the nearest run in time in the lane above/below (lanes without runs skipped),
// Home/End to a lane's first/last run — and zooming to one run.
import type { TimeScale } from '../../../../shared/timeline/gaps'
import type { RunTimes } from '../../../../shared/timeline/times'
import type { View } from './frame'

export const NAV_KEYS = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'] as const
export type NavKey = (typeof NAV_KEYS)[number]
export const isNavKey = (key: string): key is NavKey =>
  (NAV_KEYS as readonly string[]).includes(key)

type Run = Pick<RunTimes, 'key' | 'laneIndex' | 'order' | 'start' | 'end'>

/** Runs per lane, in time order. */
export function lanesOf<T extends Run>(runs: readonly T[]): Map<number, T[]> {
  const lanes = new Map<number, T[]>()
  for (const run of runs) {
    const list = lanes.get(run.laneIndex)
    if (list) list.push(run)
    else lanes.set(run.laneIndex, [run])
  }
  for (const list of lanes.values())
    list.sort((a, b) => a.start.at - b.start.at || a.order - b.order)
  return lanes
}

const middle = (r: Run) => (r.start.at + r.end.at) / 2

/** The run a key press moves to; the first run when nothing is selected yet. */
export function navigate(
  runs: readonly Run[],
  from: string | undefined,
  key: NavKey
): string | undefined {
  const current = runs.find((r) => r.key === from)
  if (!current) return [...runs].sort((a, b) => a.order - b.order)[0]?.key
  const lanes = lanesOf(runs)
  const lane = lanes.get(current.laneIndex)!
  const i = lane.findIndex((r) => r.key === current.key)
  switch (key) {
    case 'ArrowLeft':
      return lane[Math.max(0, i - 1)]!.key
    case 'ArrowRight':
      return lane[Math.min(lane.length - 1, i + 1)]!.key
    case 'Home':
      return lane[0]!.key
    case 'End':
      return lane[lane.length - 1]!.key
    case 'ArrowUp':
    case 'ArrowDown': {
      const indices = [...lanes.keys()].sort((a, b) => a - b)
      const at = indices.indexOf(current.laneIndex)
      const target = indices[key === 'ArrowUp' ? at - 1 : at + 1]
      if (target === undefined) return current.key
      const mid = middle(current)
      return lanes
        .get(target)!
        .reduce((best, r) => (Math.abs(middle(r) - mid) < Math.abs(middle(best) - mid) ? r : best))
        .key
    }
  }
}

/** A view around one run, with room for its neighbours on both sides. */
export function zoomToRun(scale: TimeScale, run: Pick<RunTimes, 'start' | 'end'>): View {
  const p0 = scale.toPosition(run.start.at)
  const p1 = scale.toPosition(run.end.at)
  const width = Math.max(p1 - p0, scale.length * 0.002, 1)
  const pad = Math.max(width * 1.5, scale.length * 0.01)
  return { from: p0 - pad, to: p1 + pad }
}

/** The view moved (not resized) just enough to show a run. */
export function panToInclude(
  view: View,
  scale: TimeScale,
  run: Pick<RunTimes, 'start' | 'end'>
): View {
  const p0 = scale.toPosition(run.start.at)
  const p1 = scale.toPosition(run.end.at)
  const width = view.to - view.from
  if (p0 >= view.from && p1 <= view.to) return view
  const margin = width * 0.1
  const from = p0 < view.from ? p0 - margin : p1 + margin - width
  return { from, to: from + width }
}
