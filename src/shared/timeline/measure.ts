// What the audit log and the monitor say of each lane run's times: when it began, began
// processing, paused and ended. Runs whose times neither gives are placed by `times.ts`.
import type { Observations, ObservedRunStatus } from '../observations'
import { isKnownLaneRunStatus, isLaneRunStopped, laneRunPhase } from '../statuses'
import type { ResolvedLog, TimedRunEvent } from './resolve'
import { runKey, type RunRef } from './runs'
import type { Placed } from './times'

export interface Measured {
  start?: Placed
  end?: Placed
  active?: Placed
  suspended: { from: number; to: number }[]
}

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

/** The log's events and the monitor's sightings by run key: read once per log and observations. */
export interface Sources {
  events: Map<string, TimedRunEvent[]>
  seen: Map<string, ObservedRunStatus[]>
  watchedSince: number | undefined
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

export function groupSources(
  log: ResolvedLog | undefined,
  observations: Observations | undefined
): Sources {
  const events = new Map<string, TimedRunEvent[]>()
  for (const e of log?.events ?? []) push(events, e.key, e)
  const seen = new Map<string, ObservedRunStatus[]>()
  for (const o of observations?.runs ?? []) push(seen, runKey(o.laneIndex, o.runNumber), o)
  let watchedSince: number | undefined
  for (const o of observations?.execution ?? [])
    watchedSince = watchedSince === undefined ? o.at : Math.min(watchedSince, o.at)
  return { events, seen, watchedSince }
}

/** A run's times as the log and the monitor give them (either may give none). */
export function measureRun(ref: RunRef, sources: Sources): Measured {
  const events = sources.events.get(ref.key)
  const observed = sources.seen.get(ref.key)
  const watchedSince = sources.watchedSince
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
export function sameSpan(a: Measured, b: Measured): boolean {
  return a.start?.at === b.start?.at && a.end?.at === b.end?.at
}

/** Whether two measurements place a run exactly alike: times, their sources and pauses. */
export function sameMeasured(a: Measured, b: Measured): boolean {
  return (
    sameSpan(a, b) &&
    a.start?.source === b.start?.source &&
    a.end?.source === b.end?.source &&
    a.active?.at === b.active?.at &&
    a.active?.source === b.active?.source &&
    a.suspended.length === b.suspended.length &&
    a.suspended.every((s, i) => s.from === b.suspended[i]!.from && s.to === b.suspended[i]!.to)
  )
}
