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

  const toPosition = (t: number) => interpolate(segments, t, 'from', 'to', 'start', 'end')
  const toTime = (p: number) => interpolate(segments, p, 'start', 'end', 'from', 'to')
  return { segments, length: position, compressedGaps, toPosition, toTime }
}

type Bound = 'from' | 'to' | 'start' | 'end'

/**
 * Maps a value from one side of the segments (times `from`–`to` or positions `start`–`end`) to
 * the other: linearly within the segment that holds it, one to one beyond both ends.
 */
function interpolate(
  segments: readonly Segment[],
  v: number,
  lo: Bound,
  hi: Bound,
  outLo: Bound,
  outHi: Bound
): number {
  const first = segments[0]
  const last = segments[segments.length - 1]
  if (!first || !last) return 0
  if (v <= first[lo]) return first[outLo] - (first[lo] - v)
  if (v >= last[hi]) return last[outHi] + (v - last[hi])
  let a = 0
  let b = segments.length - 1
  while (a < b) {
    const mid = (a + b) >> 1
    if (segments[mid]![hi] < v) a = mid + 1
    else b = mid
  }
  const s = segments[a]!
  const span = s[hi] - s[lo]
  return span > 0 ? s[outLo] + ((v - s[lo]) / span) * (s[outHi] - s[outLo]) : s[outLo]
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
