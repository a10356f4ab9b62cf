// When each lane run began and ended. REST gives no per-run times, so they come from the
// workflow audit log (what a real Oneprovider writes at the execution's log level) and from the
// moments the monitor saw statuses change. What neither gives is placed by execution order and
// marked `ordinal`; with no time at all, the whole timeline is an ordinal axis.
import type { ExecutionDetails, LaneRun } from '../execution'
import type { Observations, ObservedRunStatus } from '../observations'
import { isKnownLaneRunStatus, isLaneRunStopped, laneRunPhase, workflowPhase } from '../statuses'
import type { ResolvedLog, TimedRunEvent } from './resolve'
import { listRuns, runKey, type RunRef } from './runs'

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

/** What a run's measured times were made from, so the next build can keep them. */
interface MeasureCache {
  log: ResolvedLog | undefined
  observations: Observations | undefined
  byRun: Map<string, { status: string; m: Measured }>
  /** The median measured duration and whether any run was measured differently since. */
  typical?: number
  /** Each run's times as last returned, so an unchanged run keeps its object. */
  times: Map<string, RunTimes>
}

export interface ExecutionTimeline {
  /** `time`: ms since the epoch; `order`: no time is known, runs are slots in run order. */
  axis: 'time' | 'order'
  runs: RunTimes[]
  laneCount: number
  from: number
  to: number
  /** The execution is waiting or ongoing (a "now" line belongs on it). */
  running: boolean
  now: number
  cache: MeasureCache
}

interface Measured {
  start?: Placed
  end?: Placed
  active?: Placed
  suspended: { from: number; to: number }[]
}

const FALLBACK_TYPICAL_MS = 60_000
const NOTHING: Measured = Object.freeze({ suspended: [] }) as Measured

function fromLog(events: readonly TimedRunEvent[], stopped: boolean): Measured {
  const m: Measured = { suspended: [] }
  let lastStop: number | undefined
  let resumedAfterStop = false
  for (const e of events) {
    switch (e.kind) {
      case 'scheduled':
      case 'preparing':
      case 'prepared':
      case 'starting':
        if (!m.start) m.start = { at: e.at, source: 'log' }
        if (e.kind === 'starting' && !m.active) m.active = { at: e.at, source: 'log' }
        break
      case 'stopped':
        lastStop = e.at
        resumedAfterStop = false
        break
      case 'resumed':
        if (lastStop !== undefined && !resumedAfterStop) {
          m.suspended.push({ from: lastStop, to: e.at })
          resumedAfterStop = true
        }
        break
    }
  }
  if (stopped && lastStop !== undefined && !resumedAfterStop)
    m.end = { at: lastStop, source: 'log' }
  return m
}

/**
 * What the monitor saw counts only where it saw the change happen: a start when the run
 * appeared after the monitor began watching, an end when the run was seen going before.
 */
function fromObservations(
  seen: readonly ObservedRunStatus[],
  status: string,
  watchedSince: number | undefined
): Measured {
  const m: Measured = { suspended: [] }
  if (!seen.length) return m
  const first = seen.reduce((a, b) => (b.at < a.at ? b : a))
  if (watchedSince !== undefined && first.at > watchedSince && !isLaneRunStopped(first.status))
    m.start = { at: first.at, source: 'observed' }
  const active = seen.find((o) => o.status === 'active')
  if (
    active &&
    (m.start || seen.some((o) => laneRunPhase(o.status) === 'waiting' && o.at < active.at))
  )
    m.active = { at: active.at, source: 'observed' }
  const now = seen.find((o) => o.status === status)
  if (
    now &&
    isLaneRunStopped(status) &&
    seen.every((o) => o.at <= now.at) &&
    seen.some((o) => !isLaneRunStopped(o.status) && o.at < now.at)
  )
    m.end = { at: now.at, source: 'observed' }
  return m
}

function median(values: number[]): number | undefined {
  if (!values.length) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
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

function measure(
  ref: RunRef,
  events: readonly TimedRunEvent[] | undefined,
  observed: readonly ObservedRunStatus[] | undefined,
  watchedSince: number | undefined
): Measured {
  // A status the spec does not list may still have stopped: the log then says so.
  const stopped = isLaneRunStopped(ref.run.status) || !isKnownLaneRunStatus(ref.run.status)
  const logged = events ? fromLog(events, stopped) : NOTHING
  const seen = observed ? fromObservations(observed, ref.run.status, watchedSince) : NOTHING
  const m: Measured = {
    start: logged.start ?? seen.start,
    end: logged.end ?? seen.end,
    active: logged.active ?? seen.active,
    suspended: logged.suspended
  }
  if (m.start && m.end && m.end.at < m.start.at) m.end = undefined
  return m
}

/** Whether two measurements give a run the same start and end (so the same duration). */
function sameSpan(a: Measured, b: Measured): boolean {
  return a.start?.at === b.start?.at && a.end?.at === b.end?.at
}

/** Whether what the timeline shows of a lane run is the same (its boxes are not shown). */
function sameLaneRun(a: LaneRun, b: LaneRun): boolean {
  return (
    a.status === b.status &&
    a.runNumber === b.runNumber &&
    a.runType === b.runType &&
    a.originRunNumber === b.originRunNumber &&
    a.iteratedStoreId === b.iteratedStoreId &&
    a.exceptionStoreId === b.exceptionStoreId &&
    a.isRetriable === b.isRetriable &&
    a.isRerunable === b.isRerunable
  )
}

export function buildTimeline({
  details,
  log,
  observations,
  now,
  runs: given,
  previous
}: TimelineInput): ExecutionTimeline {
  const refs = given ?? listRuns(details)
  const phase = workflowPhase(details.status)
  const running = phase === 'waiting' || phase === 'ongoing'
  const reusable =
    previous && previous.cache.log === log && previous.cache.observations === observations
      ? previous.cache.byRun
      : undefined
  const cache: MeasureCache = { log, observations, byRun: new Map(), times: new Map() }
  // Whether every run measured as before: then the median duration is the same too.
  let sameDurations = reusable !== undefined && reusable.size === refs.length
  // Grouped only when some run has to be measured again.
  let byKey: Map<string, TimedRunEvent[]> | undefined
  let seenByKey: Map<string, ObservedRunStatus[]> | undefined
  let watchedSince: number | undefined
  const group = () => {
    byKey = new Map()
    for (const e of log?.events ?? []) push(byKey, e.key, e)
    seenByKey = new Map()
    for (const o of observations?.runs ?? []) push(seenByKey, runKey(o.laneIndex, o.runNumber), o)
    watchedSince = observations?.execution.length
      ? Math.min(...observations.execution.map((o) => o.at))
      : undefined
  }

  const measured = refs.map((ref) => {
    const status = ref.run.status
    const kept = reusable?.get(ref.key)
    let m: Measured
    if (kept && kept.status === status) m = kept.m
    else {
      if (!byKey) group()
      m = measure(ref, byKey!.get(ref.key), seenByKey!.get(ref.key), watchedSince)
      if (!kept || !sameSpan(kept.m, m)) sameDurations = false
    }
    cache.byRun.set(ref.key, { status, m })
    const stopped = isLaneRunStopped(status) || !isKnownLaneRunStatus(status)
    const open = running && !m.end && (!stopped || !isKnownLaneRunStatus(status))
    return { ref, m, open }
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

  const before = previous?.cache.times
  const runs: RunTimes[] = measured.map(({ ref, m, open }, i) => {
    const was = before?.get(ref.key)
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
      sameLaneRun(was.run, ref.run)
    ) {
      cache.times.set(ref.key, was)
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
    cache.times.set(ref.key, times)
    return times
  })
  let from = Infinity
  let to = -Infinity
  for (const r of runs) {
    from = Math.min(from, r.start.at)
    to = Math.max(to, r.end.at)
  }
  if (running) to = Math.max(to, now)
  return { axis: 'time', runs, laneCount: details.lanes.length, from, to, running, now, cache }
}
