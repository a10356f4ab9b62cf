// When each lane run began and ended. REST gives no per-run times, so they come from the
// workflow audit log (what a real Oneprovider writes at the execution's log level) and from the
// moments the monitor saw statuses change (`measure.ts`). What neither gives is placed by
// execution order and marked `ordinal`; with no time at all, the whole timeline is an ordinal axis.
import type { ExecutionDetails, LaneRun } from '../execution'
import type { Observations } from '../observations'
import { isKnownLaneRunStatus, isLaneRunStopped, workflowPhase } from '../statuses'
import {
  groupSources,
  measureRun,
  sameMeasured,
  sameSpan,
  type Measured,
  type Sources
} from './measure'
import type { ResolvedLog } from './resolve'
import { changesSince, recordChanges } from './changes'
import { listRuns, sameDrawnRun, type RunRef } from './runs'

/** Where a time comes from: the audit log, the monitor, run order, or the present moment. */
export type TimeSource = 'log' | 'observed' | 'ordinal' | 'now'

export interface Placed {
  /** ms since the epoch; on the ordinal axis, a position in run order. */
  at: number
  source: TimeSource
}

export interface RunTimes extends RunRef {
  start: Placed
  end: Placed
  /** The run is still going: `end` is now. */
  open: boolean
  /** When it began processing items, when known. */
  active?: Placed
  /** Measured pauses within the run (stopped, then resumed). */
  suspended: { from: number; to: number }[]
}

/** What the runs' times were made from, so the next build can keep what did not change. */
interface MeasureCache {
  log: ResolvedLog | undefined
  observations: Observations | undefined
  /** The runs measured, in execution order; `measured` and the timeline's `runs` align with them. */
  refs: readonly RunRef[]
  measured: Measured[]
  /** The log's events and sightings by run, made when a run was first measured. */
  sources?: Sources
  /** The median measured duration. */
  typical?: number
}

export interface ExecutionTimeline {
  /** `time`: ms since the epoch; `order`: no time is known, runs are slots in run order. */
  axis: 'time' | 'order'
  runs: RunTimes[]
  /** How many runs have both times measured (none placed by run order). */
  timed: number
  laneCount: number
  from: number
  to: number
  /** The execution is waiting or ongoing (a "now" line belongs on it). */
  running: boolean
  now: number
  cache: MeasureCache
}

const FALLBACK_TYPICAL_MS = 60_000

function median(values: number[]): number | undefined {
  if (!values.length) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export interface TimelineInput {
  details: Pick<ExecutionDetails, 'status' | 'lanes'>
  log?: ResolvedLog
  observations?: Observations
  now: number
  /** The runs of `details` when the caller has them already. */
  runs?: readonly RunRef[]
  /**
   * The previous timeline of the same execution: runs whose status, log and observations did
   * not change keep their measured times instead of being read again.
   */
  previous?: ExecutionTimeline
}

function isOpen(run: LaneRun, running: boolean, m: Measured): boolean {
  const stopped = isLaneRunStopped(run.status) || !isKnownLaneRunStatus(run.status)
  return running && !m.end && (!stopped || !isKnownLaneRunStatus(run.status))
}

export function buildTimeline(input: TimelineInput): ExecutionTimeline {
  const refs = input.runs ?? listRuns(input.details)
  const phase = workflowPhase(input.details.status)
  const running = phase === 'waiting' || phase === 'ongoing'
  const previous = input.previous
  const sameSources =
    previous !== undefined &&
    previous.cache.log === input.log &&
    previous.cache.observations === input.observations
  if (sameSources && previous.now === input.now && previous.running === running) {
    const kept = keptTimeline(previous, refs, running)
    if (kept) return kept
  }
  return fullTimeline(input, refs, running, previous, sameSources)
}

const sourcesOf = (cache: MeasureCache) =>
  (cache.sources ??= groupSources(cache.log, cache.observations))

/**
 * The previous timeline with the changed runs replaced, when the same runs are listed in the
 * same order and each changed run measures and stays open or closed exactly as before (a
 * status change that moves no time): nothing is placed again, so the work is the changed runs'.
 * Undefined when anything moved.
 */
function keptTimeline(
  previous: ExecutionTimeline,
  refs: readonly RunRef[],
  running: boolean
): ExecutionTimeline | undefined {
  const was = previous.cache.refs
  if (refs === was) return previous
  if (refs.length !== was.length) return undefined
  let runs: RunTimes[] | undefined
  let measured: Measured[] | undefined
  const replaced: number[] = []
  const keep = (i: number): boolean => {
    const ref = refs[i]!
    const before = was[i]!
    if (ref === before) return true
    if (ref.key !== before.key || ref.order !== before.order) return false
    const times = previous.runs[i]!
    // A run's measurement depends on its status only (the sources being the same).
    const m =
      ref.run.status === before.run.status
        ? previous.cache.measured[i]!
        : measureRun(ref, sourcesOf(previous.cache))
    if (!sameMeasured(m, previous.cache.measured[i]!) || isOpen(ref.run, running, m) !== times.open)
      return false
    measured ??= previous.cache.measured.slice()
    if (!sameDrawnRun(times.run, ref.run)) {
      runs ??= previous.runs.slice()
      runs[i] = { ...times, run: ref.run }
      replaced.push(i)
    }
    measured[i] = m
    return true
  }
  // Runs listed from the previous ones: only those replaced can differ.
  const changed = changesSince(refs, was)
  if (changed) {
    for (const i of changed) if (!keep(i)) return undefined
  } else for (let i = 0; i < refs.length; i++) if (!keep(i)) return undefined
  if (runs) recordChanges(runs, previous.runs, replaced)
  return {
    ...previous,
    runs: runs ?? previous.runs,
    cache: { ...previous.cache, refs, measured: measured ?? previous.cache.measured }
  }
}

function fullTimeline(
  { details, log, observations, now }: TimelineInput,
  refs: readonly RunRef[],
  running: boolean,
  previous: ExecutionTimeline | undefined,
  sameSources: boolean
): ExecutionTimeline {
  const cache: MeasureCache = { log, observations, refs, measured: [] }
  if (sameSources && previous?.cache.sources) cache.sources = previous.cache.sources
  // The previous build's runs by key: with the same log and observations, a run with the same
  // status keeps its measurement; whatever the sources, a run placed alike keeps its times object.
  const before = new Map<string, number>()
  previous?.cache.refs.forEach((r, i) => before.set(r.key, i))
  // Whether every run measured as before: then the median duration is the same too.
  let sameDurations = sameSources && before.size === refs.length
  const measured = refs.map((ref) => {
    const i = before.get(ref.key)
    const keptRef = i === undefined || !sameSources ? undefined : previous!.cache.refs[i]
    let m: Measured
    if (keptRef && keptRef.run.status === ref.run.status) m = previous!.cache.measured[i!]!
    else {
      m = measureRun(ref, sourcesOf(cache))
      if (!keptRef || !sameSpan(previous!.cache.measured[i!]!, m)) sameDurations = false
    }
    cache.measured.push(m)
    return { ref, m, open: isOpen(ref.run, running, m) }
  })

  const anyTime = measured.some(({ m }) => m.start || m.end)
  if (!anyTime) {
    const runs: RunTimes[] = measured.map(({ ref, open }, i) => ({
      key: ref.key,
      laneIndex: ref.laneIndex,
      run: ref.run,
      order: ref.order,
      start: { at: i, source: 'ordinal' },
      end: { at: i + 1, source: 'ordinal' },
      open,
      suspended: []
    }))
    return {
      axis: 'order',
      runs,
      timed: 0,
      laneCount: details.lanes.length,
      from: 0,
      to: runs.length,
      running,
      now,
      cache
    }
  }

  const typical =
    (sameDurations ? previous?.cache.typical : undefined) ??
    (median(measured.flatMap(({ m }) => (m.start && m.end ? [m.end.at - m.start.at] : []))) ||
      FALLBACK_TYPICAL_MS)
  cache.typical = typical
  // The earliest measured point at or after each run, to keep guesses before what is known.
  const nextKnown: number[] = new Array(measured.length + 1).fill(Infinity)
  for (let i = measured.length - 1; i >= 0; i--) {
    const { m } = measured[i]!
    nextKnown[i] = Math.min(nextKnown[i + 1]!, m.start?.at ?? Infinity, m.end?.at ?? Infinity)
  }
  const ordinal = (at: number): Placed => ({ at, source: 'ordinal' })
  const starts: (Placed | undefined)[] = []
  const ends: (Placed | undefined)[] = []
  let cursor: number | undefined
  measured.forEach(({ m, open }, i) => {
    let start = m.start
    let end = m.end
    if (!start && end)
      start = ordinal(Math.min(end.at, Math.max(cursor ?? -Infinity, end.at - typical)))
    if (!start && cursor !== undefined) start = ordinal(Math.min(cursor, nextKnown[i + 1]!))
    if (start && !end)
      end = open
        ? { at: Math.max(now, start.at), source: 'now' }
        : ordinal(Math.max(start.at, Math.min(start.at + typical, nextKnown[i + 1]!)))
    if (end) cursor = Math.max(cursor ?? -Infinity, end.at)
    starts.push(start)
    ends.push(end)
  })
  // Runs before the first known time: placed backwards from it.
  const firstPlaced = starts.findIndex((s) => s !== undefined)
  for (let i = firstPlaced - 1, next = starts[firstPlaced]!.at; i >= 0; i--) {
    ends[i] = ordinal(next)
    starts[i] = ordinal(next - typical)
    next -= typical
  }

  const runs: RunTimes[] = measured.map(({ ref, m, open }, i) => {
    const at = before.get(ref.key)
    const was = at === undefined ? undefined : previous!.runs[at]
    // Unchanged: the same object, so what is drawn from it need not be looked at again.
    if (
      was &&
      was.open === open &&
      was.order === ref.order &&
      was.start.at === starts[i]!.at &&
      was.start.source === starts[i]!.source &&
      was.end.at === ends[i]!.at &&
      was.end.source === ends[i]!.source &&
      was.active?.at === m.active?.at &&
      was.suspended === m.suspended &&
      (was.run === ref.run || sameDrawnRun(was.run, ref.run))
    ) {
      return was
    }
    const times: RunTimes = {
      key: ref.key,
      laneIndex: ref.laneIndex,
      run: ref.run,
      order: ref.order,
      start: starts[i]!,
      end: ends[i]!,
      open,
      suspended: m.suspended
    }
    if (m.active) times.active = m.active
    return times
  })
  let from = Infinity
  let to = -Infinity
  let timed = 0
  for (const r of runs) {
    from = Math.min(from, r.start.at)
    to = Math.max(to, r.end.at)
    if (r.start.source !== 'ordinal' && r.end.source !== 'ordinal') timed++
  }
  if (running) to = Math.max(to, now)
  return {
    axis: 'time',
    runs,
    timed,
    laneCount: details.lanes.length,
    from,
    to,
    running,
    now,
    cache
  }
}
