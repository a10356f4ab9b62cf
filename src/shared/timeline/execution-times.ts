// The execution's own times for a header. Oneprovider never resets an older timestamp: an
// execution that runs again after a retry, rerun, resume or force-continue keeps its previous
// finish (and start) time until it ends again, so a time older than the latest scheduling
// belongs to an earlier round and is not shown.
import type { ExecutionDetails } from '../execution'
import { workflowPhase } from '../statuses'

export interface ExecutionTimes {
  /** POSIX seconds, as the REST API sends them; undefined when not (or no longer) meaningful. */
  scheduled?: number
  started?: number
  suspended?: number
  finished?: number
  /** Seconds from the start of the current round to its end, suspension or now. */
  durationS?: number
}

type Times = Pick<
  ExecutionDetails,
  'status' | 'scheduleTime' | 'startTime' | 'suspendTime' | 'finishTime'
>

export function executionTimes(d: Times, nowMs: number): ExecutionTimes {
  const phase = workflowPhase(d.status)
  const current = (t: number) => (t > 0 && t >= d.scheduleTime ? t : undefined)
  const times: ExecutionTimes = {}
  if (d.scheduleTime > 0) times.scheduled = d.scheduleTime
  const started = current(d.startTime)
  if (started !== undefined && phase !== 'waiting') times.started = started
  if (phase === 'suspended') {
    const suspended = current(d.suspendTime)
    if (suspended !== undefined) times.suspended = suspended
  }
  if (phase === 'ended') {
    const finished = current(d.finishTime)
    if (finished !== undefined) times.finished = finished
  }
  if (times.started !== undefined) {
    const end =
      times.finished ??
      times.suspended ??
      (phase === 'ongoing' ? Math.floor(nowMs / 1000) : undefined)
    if (end !== undefined && end >= times.started) times.durationS = end - times.started
  }
  return times
}
