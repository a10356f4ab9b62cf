// Words for a lane run: the accessible name of its bar ("Lane 2, run 3, rerun of run 1, …")
// and the lines of its tooltip, saying where each time comes from.
import type { WorkflowNames } from '../../../../shared/observations'
import { formatDuration, formatInstant, sameDay } from '../../../../shared/timeline/format'
import type { Placed, RunTimes } from '../../../../shared/timeline/times'

export interface LabelContext {
  axis: 'time' | 'order'
  names?: WorkflowNames
  laneSchemaId?: string
  /** The run is over twice the median of past executions. */
  overdue?: boolean
  /** The origin run is not among the execution's runs. */
  missingOrigin?: boolean
}

const SOURCE: Record<Placed['source'], string> = {
  log: 'from the audit log',
  observed: 'as seen by Lanewatch',
  ordinal: 'not known, placed in run order',
  now: 'still running'
}

/** "Lane 2, run 3" or "Lane 3, run prepared in advance". */
export function runTitle(run: Pick<RunTimes, 'laneIndex' | 'run'>): string {
  return run.run.runNumber === null
    ? `Lane ${run.laneIndex}, run prepared in advance`
    : `Lane ${run.laneIndex}, run ${run.run.runNumber}`
}

export function lineageText(run: Pick<RunTimes, 'run'>, missingOrigin = false): string {
  const { runType, originRunNumber } = run.run
  if (originRunNumber === null) return runType
  return `${runType} of run ${originRunNumber}${missingOrigin ? ' (not found)' : ''}`
}

function instant(p: Placed, reference: number): string {
  return formatInstant(p.at, { date: !sameDay(p.at, reference) })
}

/** The times part: "10:00:05 to 10:09:00, 8 min 55 s, from the audit log". */
export function timesText(run: RunTimes, axis: 'time' | 'order', now: number): string {
  if (axis === 'order' || (run.start.source === 'ordinal' && run.end.source === 'ordinal'))
    return run.open ? 'times not known, still running' : 'times not known, placed in run order'
  const start =
    run.start.source === 'ordinal'
      ? 'start not known'
      : `started ${instant(run.start, now)} ${SOURCE[run.start.source]}`
  if (run.open) {
    const so =
      run.start.source === 'ordinal' ? '' : `, ${formatDuration(now - run.start.at)} so far`
    return `${start}, still running${so}`
  }
  const end =
    run.end.source === 'ordinal'
      ? 'end not known'
      : `ended ${instant(run.end, now)} ${SOURCE[run.end.source]}`
  const took =
    run.start.source !== 'ordinal' && run.end.source !== 'ordinal'
      ? `, took ${formatDuration(run.end.at - run.start.at)}`
      : ''
  return `${start}, ${end}${took}`
}

/** The accessible name of a run's bar. */
export function runLabel(run: RunTimes, now: number, ctx: LabelContext): string {
  const lane = ctx.laneSchemaId ? ctx.names?.lanes[ctx.laneSchemaId] : undefined
  const parts = [
    runTitle(run),
    lineageText(run, ctx.missingOrigin),
    run.run.status,
    timesText(run, ctx.axis, now)
  ]
  if (ctx.overdue) parts.push('over twice the usual duration')
  if (lane) parts.push(`lane ${lane}`)
  return parts.join(', ')
}
