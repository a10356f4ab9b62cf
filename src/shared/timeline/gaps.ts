// A time scale that compresses long idle gaps. A rerun days after a two-minute run would
// otherwise squeeze every run into a sliver; instead, stretches where no run was going are cut
// down to a small fixed width and marked, unless the true scale is asked for.

export interface Interval {
  from: number
  to: number
}

/** A piece of the scale: times `from`–`to` map linearly onto positions `start`–`end`. */
export interface Segment extends Interval {
  start: number
  end: number
  compressed: boolean
}

export interface TimeScale {
  segments: Segment[]
  /** Total length in scale positions. */
  length: number
  compressedGaps: Interval[]
  toPosition(t: number): number
  toTime(position: number): number
}

export interface ScaleOptions {
  compress: boolean
  /** A gap shorter than this is never compressed (default 2 minutes). */
  minGapMs?: number
}

const DEFAULT_MIN_GAP_MS = 2 * 60_000

/** Union of the intervals, sorted. */
export function busyIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals
    .filter((i) => Number.isFinite(i.from) && Number.isFinite(i.to))
    .map((i) => ({ from: Math.min(i.from, i.to), to: Math.max(i.from, i.to) }))
    .sort((a, b) => a.from - b.from)
  const merged: Interval[] = []
  for (const i of sorted) {
    const last = merged[merged.length - 1]
    if (last && i.from <= last.to) last.to = Math.max(last.to, i.to)
    else merged.push({ ...i })
  }
  return merged
}

/**
 * A gap is long when it lasts more than `minGapMs` and more than all busy time together; it
 * is then drawn as 5% of the busy time (at least a second), so every run keeps its share.
 */
export function buildScale(
  intervals: readonly Interval[],
  extent: Interval,
  options: ScaleOptions
): TimeScale {
  const busy = busyIntervals([
    ...intervals,
    { from: extent.from, to: extent.from },
    { from: extent.to, to: extent.to }
  ])
  const busyTime = busy.reduce((sum, i) => sum + (i.to - i.from), 0)
  const minGap = Math.max(options.minGapMs ?? DEFAULT_MIN_GAP_MS, busyTime)
  const gapLength = Math.max(busyTime * 0.05, 1000)
  const segments: Segment[] = []
  const compressedGaps: Interval[] = []
  let position = 0
  const add = (from: number, to: number, compressed: boolean) => {
    const length = compressed ? gapLength : to - from
    segments.push({ from, to, start: position, end: position + length, compressed })
    position += length
  }
  // Linear stretches run from one compressed gap to the next; short gaps stay inside them.
  let open = busy[0]?.from
  busy.forEach((interval, i) => {
    const prev = busy[i - 1]
    if (!prev || !options.compress || interval.from - prev.to <= minGap) return
    add(open!, prev.to, false)
    compressedGaps.push({ from: prev.to, to: interval.from })
    add(prev.to, interval.from, true)
    open = interval.from
  })
  const lastBusy = busy[busy.length - 1]
  if (open !== undefined && lastBusy) add(open, lastBusy.to, false)
  const first = segments[0]
  const last = segments[segments.length - 1]

  const toPosition = (t: number): number => {
    if (!first || !last) return 0
    if (t <= first.from) return first.start - (first.from - t)
    if (t >= last.to) return last.end + (t - last.to)
    let lo = 0
    let hi = segments.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (segments[mid]!.to < t) lo = mid + 1
      else hi = mid
    }
    const s = segments[lo]!
    const span = s.to - s.from
    return span > 0 ? s.start + ((t - s.from) / span) * (s.end - s.start) : s.start
  }
  const toTime = (p: number): number => {
    if (!first || !last) return 0
    if (p <= first.start) return first.from - (first.start - p)
    if (p >= last.end) return last.to + (p - last.end)
    let lo = 0
    let hi = segments.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (segments[mid]!.end < p) lo = mid + 1
      else hi = mid
    }
    const s = segments[lo]!
    const span = s.end - s.start
    return span > 0 ? s.from + ((p - s.start) / span) * (s.to - s.from) : s.from
  }
  return { segments, length: position, compressedGaps, toPosition, toTime }
}

/** The identity-like scale of the ordinal axis: positions are run slots. */
export function ordinalScale(length: number): TimeScale {
  return {
    segments: [{ from: 0, to: length, start: 0, end: length, compressed: false }],
    length,
    compressedGaps: [],
    toPosition: (t) => t,
    toTime: (p) => p
  }
}
