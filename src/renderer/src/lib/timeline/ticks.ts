// Axis ticks for the visible part of a (possibly compressed) time scale: round local times at a
// step that keeps labels about 90 px apart, the date added where a day begins.
import type { TimeScale } from '../../../../shared/timeline/gaps'

export interface Tick {
  x: number
  label: string
  /** The first tick of a day (its label carries the date). */
  major: boolean
}

const S = 1000
const M = 60 * S
const H = 60 * M
const D = 24 * H
const STEPS = [
  S,
  2 * S,
  5 * S,
  10 * S,
  15 * S,
  30 * S,
  M,
  2 * M,
  5 * M,
  10 * M,
  15 * M,
  30 * M,
  H,
  2 * H,
  3 * H,
  6 * H,
  12 * H,
  D,
  2 * D,
  7 * D
]
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pad = (n: number) => String(n).padStart(2, '0')

function label(t: number, step: number, withDate: boolean): string {
  const d = new Date(t)
  const date = `${d.getDate()} ${MONTHS[d.getMonth()]}`
  if (step >= D || (withDate && d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0))
    return date
  const clock =
    step < M
      ? `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
      : `${pad(d.getHours())}:${pad(d.getMinutes())}`
  return withDate ? `${date} ${clock}` : clock
}

/** Local-time floor to a multiple of the step (steps of a day or more start at midnight). */
function floorLocal(t: number, step: number): number {
  const offset = new Date(t).getTimezoneOffset() * M
  return Math.floor((t - offset) / step) * step + offset
}

export interface TickInput {
  scale: TimeScale
  /** Visible positions of the scale. */
  from: number
  to: number
  /** Maps a scale position to an x in pixels. */
  x: (position: number) => number
  /** Pixels per position unit (ms) on uncompressed stretches. */
  pxPerUnit: number
  minSpacingPx?: number
}

export function timeTicks({ scale, from, to, x, pxPerUnit, minSpacingPx = 90 }: TickInput): Tick[] {
  if (!(pxPerUnit > 0) || to <= from) return []
  const step = STEPS.find((s) => s * pxPerUnit >= minSpacingPx) ?? STEPS[STEPS.length - 1]!
  const ticks: Tick[] = []
  let lastDay = ''
  for (const seg of scale.segments) {
    if (seg.compressed || seg.end < from || seg.start > to) continue
    const t0 = scale.toTime(Math.max(seg.start, from))
    const t1 = scale.toTime(Math.min(seg.end, to))
    for (let t = floorLocal(t0, step); t <= t1; t += step) {
      if (t < t0) continue
      const px = x(scale.toPosition(t))
      const prev = ticks[ticks.length - 1]
      if (prev && px - prev.x < minSpacingPx * 0.6) continue
      const day = new Date(t).toDateString()
      const major = day !== lastDay
      lastDay = day
      ticks.push({ x: px, label: label(t, step, major && step < D), major })
      if (ticks.length > 500) return ticks
    }
  }
  return ticks
}
