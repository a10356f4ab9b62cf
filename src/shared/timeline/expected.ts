// How long a lane usually takes, from past executions of the same workflow schema revision:
// "usually 4–6 min" once there are three samples or more, and a flag for a run taking over
// twice the median. The monitor collects samples with `laneDurationSamples` from timelines of
// executions it has seen end.
import type { ExecutionTimeline, RunTimes } from './times'

export const MIN_SAMPLES = 3
export const OVERDUE_FACTOR = 2

export interface Expectation {
  /** The 10th to 90th percentile of the samples (one odd run does not widen it), ms. */
  low: number
  high: number
  median: number
  samples: number
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

/** The expected duration from samples (ms), or undefined with fewer than three. */
export function expectDuration(samples: readonly number[]): Expectation | undefined {
  const valid = samples.filter((s) => Number.isFinite(s) && s >= 0).sort((a, b) => a - b)
  if (valid.length < MIN_SAMPLES) return undefined
  return {
    low: quantile(valid, 0.1),
    high: quantile(valid, 0.9),
    median: quantile(valid, 0.5),
    samples: valid.length
  }
}

/** The unit a duration of this size reads best in. */
function unitFor(ms: number): [string, number] {
  if (ms < 90_000) return ['s', 1000]
  if (ms < 90 * 60_000) return ['min', 60_000]
  if (ms < 36 * 3_600_000) return ['h', 3_600_000]
  return ['d', 86_400_000]
}

/** "usually 4–6 min", or "usually about 5 min" when both ends round to one value. */
export function describeExpectation(e: Expectation): string {
  const [unit, size] = unitFor(e.high)
  const round = (ms: number) => Math.max(unit === 's' ? 0 : 1, Math.round(ms / size))
  const low = round(e.low)
  const high = round(e.high)
  return low === high ? `usually about ${high} ${unit}` : `usually ${low}–${high} ${unit}`
}

/** Over twice the median: worth a flag. */
export function isOverdue(durationMs: number, e: Expectation | undefined): boolean {
  return e !== undefined && durationMs > OVERDUE_FACTOR * e.median
}

/**
 * How long a run took to process (or has so far): from when it began processing when known —
 * a run prepared in advance waits before that — to its end, without measured pauses.
 */
export function measuredDuration(run: RunTimes): number | undefined {
  if (run.start.source === 'ordinal' || run.end.source === 'ordinal') return undefined
  const from = run.active?.at ?? run.start.at
  const paused = run.suspended.reduce((sum, s) => sum + (s.to - s.from), 0)
  return Math.max(0, run.end.at - from - paused)
}

/**
 * Samples a finished execution contributes, per lane index: the measured durations of its runs
 * that processed all items and finished (regular and rerun runs; a retry only redoes failures).
 */
export function laneDurationSamples(t: ExecutionTimeline): Map<number, number[]> {
  const samples = new Map<number, number[]>()
  if (t.axis !== 'time') return samples
  for (const run of t.runs) {
    if (run.run.status !== 'finished' || run.run.runType === 'retry' || run.open) continue
    const d = measuredDuration(run)
    if (d === undefined) continue
    samples.set(run.laneIndex, [...(samples.get(run.laneIndex) ?? []), d])
  }
  return samples
}

/**
 * Expected durations per lane index from the monitor's samples of past executions: runs that
 * finished (a failed or cancelled run says nothing of how long the lane takes).
 */
export function laneExpectations(
  samples: readonly { laneIndex: number; status: string; durationMs: number }[]
): Map<number, Expectation> {
  const byLane = new Map<number, number[]>()
  for (const s of samples) {
    if (s.status !== 'finished') continue
    const list = byLane.get(s.laneIndex)
    if (list) list.push(s.durationMs)
    else byLane.set(s.laneIndex, [s.durationMs])
  }
  const out = new Map<number, Expectation>()
  for (const [lane, durations] of byLane) {
    const e = expectDuration(durations)
    if (e) out.set(lane, e)
  }
  return out
}
