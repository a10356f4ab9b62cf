// What a notification says: which kind of news an event is, and sentences that name the
// execution, the lane, the run, what happened and how long it ran. Aggregated notifications
// count ("3 lane runs failed in space Genomics"); the catch-up after a start summarizes.
import { formatDuration } from '../../shared/format'
import {
  FAILURE_STATUSES,
  type ExecutionEnded,
  type ExecutionStatusChanged,
  type LaneRunStopped,
  type MonitorEvent
} from '../../shared/monitor'
import type { NotificationKind } from '../../shared/monitor-settings'
import { workflowPhase } from '../../shared/statuses'

/** Names the monitor knows, for sentences; any may be unknown. */
export interface Naming {
  space(accountId: string, spaceId: string): string | undefined
  lane(accountId: string, executionId: string, laneIndex: number): string | undefined
  account(accountId: string): string | undefined
}

export interface Text {
  title: string
  body: string
}

/** Which rule an event falls under; undefined: not something to notify. */
export function kindOf(e: MonitorEvent): NotificationKind | undefined {
  switch (e.type) {
    case 'laneRunStopped':
    case 'executionEnded':
      return FAILURE_STATUSES.includes(e.status) ? 'failures' : 'ends'
    case 'executionStalled':
      return 'stalls'
    case 'providerUnreachable':
    case 'providerReachable':
      return 'provider'
    case 'executionStatusChanged':
      // A status the spec does not list may be an end Lanewatch cannot tell: the user hears of it.
      return unknownStatus(e) ? 'ends' : undefined
    default:
      return undefined
  }
}

/** An execution that moved to a status the spec does not list (shown as sent). */
function unknownStatus(e: MonitorEvent): e is ExecutionStatusChanged {
  return e.type === 'executionStatusChanged' && workflowPhase(e.status) === undefined
}

const UNKNOWN = 'a status Lanewatch does not know'

function where(e: MonitorEvent, n: Naming): string {
  if (e.spaceId === null) return ''
  const space = n.space(e.accountId, e.spaceId)
  return space ? ` in ${space}` : ''
}

function runText(e: LaneRunStopped, n: Naming): string {
  const lane = n.lane(e.accountId, e.executionId, e.laneIndex)
  const origin = e.originRunNumber !== null ? ` (${e.runType} of run ${e.originRunNumber})` : ''
  const ran = e.ranForMs !== null ? ` after ${formatDuration(e.ranForMs)}` : ''
  return `${e.executionName}${where(e, n)}: lane ${e.laneIndex}${lane ? ` “${lane}”` : ''}, run ${e.runNumber}${origin} ${e.status}${ran}`
}

function endText(e: ExecutionEnded, n: Naming): string {
  const ran = e.ranForMs !== null ? ` after ${formatDuration(e.ranForMs)}` : ''
  return `${e.executionName}${where(e, n)} ${e.status}${ran}`
}

/** The text of one event on its own. */
export function single(e: MonitorEvent, n: Naming): Text {
  switch (e.type) {
    case 'laneRunStopped':
      return { title: `Lane run ${e.status}`, body: runText(e, n) }
    case 'executionEnded':
      return { title: `Execution ${e.status}`, body: endText(e, n) }
    case 'executionStalled':
      return {
        title: 'Execution stalled',
        body: `${e.executionName}${where(e, n)} has not changed for ${formatDuration(e.quietForMs)} (still ${e.status})`
      }
    case 'providerUnreachable': {
      const label = n.account(e.accountId)
      return {
        title: 'Provider unreachable',
        body: `${e.provider}${label ? ` (${label})` : ''}: ${e.reason.description} Lanewatch keeps trying.`
      }
    }
    case 'providerReachable': {
      const label = n.account(e.accountId)
      return {
        title: 'Provider reachable again',
        body: `${e.provider}${label ? ` (${label})` : ''} answers again after ${formatDuration(e.downForMs)}.`
      }
    }
    case 'laneRunStarted': {
      const lane = n.lane(e.accountId, e.executionId, e.laneIndex)
      const origin = e.originRunNumber !== null ? ` (${e.runType} of run ${e.originRunNumber})` : ''
      return {
        title: 'Lane run started',
        body: `${e.executionName}${where(e, n)}: lane ${e.laneIndex}${lane ? ` “${lane}”` : ''}, run ${e.runNumber}${origin} started`
      }
    }
    case 'runAdded':
      return {
        title: `Lane run ${e.runType === 'rerun' || e.runType === 'retry' ? `${e.runType} added` : 'added'}`,
        body: `${e.executionName}${where(e, n)}: lane ${e.laneIndex}, run ${e.runNumber} (${e.runType} of run ${e.originRunNumber}) is ${e.status}`
      }
    case 'executionStatusChanged': {
      const unknown = unknownStatus(e) ? ` (${UNKNOWN})` : ''
      return {
        title: `Execution ${e.status}`,
        body:
          e.from === null
            ? `${e.executionName}${where(e, n)} appeared, ${e.status}${unknown}`
            : `${e.executionName}${where(e, n)}: ${e.from} → ${e.status}${unknown}`
      }
    }
  }
}

const MAX_LINES = 3

function lines(events: MonitorEvent[], n: Naming): string {
  const shown = events.slice(0, MAX_LINES).map((e) => single(e, n).body)
  const more = events.length - shown.length
  return [...shown, ...(more > 0 ? [`…and ${more} more`] : [])].join('\n')
}

/** Which event of one execution's group gives the notification its title. */
const WEIGHT: Partial<Record<MonitorEvent['type'], number>> = {
  executionEnded: 3,
  executionStalled: 2,
  laneRunStopped: 1
}

/** The text of several events of one kind in one space, close together. */
export function aggregate(events: MonitorEvent[], n: Naming): Text {
  if (events.length === 1) return single(events[0]!, n)
  const first = events[0]!
  if (first.executionId !== null && events.every((e) => e.executionId === first.executionId)) {
    // One execution: its weightiest event titles it, the body tells each, its end first.
    const sorted = [...events].sort((a, b) => (WEIGHT[b.type] ?? 0) - (WEIGHT[a.type] ?? 0))
    return { title: single(sorted[0]!, n).title, body: lines(sorted, n) }
  }
  const space = first.spaceId !== null ? n.space(first.accountId, first.spaceId) : undefined
  const inSpace = space ? ` in space ${space}` : ''
  const statuses = new Set(events.map((e) => ('status' in e ? e.status : e.type)))
  const status = statuses.size === 1 ? [...statuses][0]! : undefined
  const all = (type: MonitorEvent['type']) => events.every((e) => e.type === type)
  let title: string
  if (all('laneRunStopped') && status) title = `${events.length} lane runs ${status}${inSpace}`
  else if (all('executionEnded') && status)
    title = `${events.length} executions ${status}${inSpace}`
  else if (all('executionStalled')) title = `${events.length} executions stalled${inSpace}`
  else if (kindOf(first) === 'failures') title = `${events.length} failures${inSpace}`
  else title = `${events.length} lane runs and executions stopped${inSpace}`
  return { title, body: lines(events, n) }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/** What happened while the app was not running, in one notification per account. */
export function catchUpSummary(events: MonitorEvent[], n: Naming): Text {
  const bySpace = new Map<string, MonitorEvent[]>()
  for (const e of events) {
    const key = e.spaceId ?? ''
    bySpace.set(key, [...(bySpace.get(key) ?? []), e])
  }
  const parts: string[] = []
  for (const [spaceId, list] of bySpace) {
    const ended = list.filter((e): e is ExecutionEnded => e.type === 'executionEnded')
    const failedEnds = ended.filter((e) => FAILURE_STATUSES.includes(e.status)).length
    const runsFailed = list.filter(
      (e) => e.type === 'laneRunStopped' && FAILURE_STATUSES.includes(e.status)
    ).length
    const stalled = list.filter((e) => e.type === 'executionStalled').length
    const odd = list.filter(unknownStatus)
    const oddIn = new Set(odd.map((e) => e.executionId)).size
    const bits = [
      ...(ended.length
        ? [
            `${plural(ended.length, 'execution', 'executions')} ended${failedEnds ? ` (${failedEnds} failed)` : ''}`
          ]
        : []),
      ...(runsFailed ? [`${plural(runsFailed, 'lane run', 'lane runs')} failed`] : []),
      ...(stalled ? [`${plural(stalled, 'execution', 'executions')} stalled`] : []),
      ...(oddIn
        ? [
            `${plural(oddIn, 'execution', 'executions')} in ${UNKNOWN} (${[...new Set(odd.map((e) => e.status))].join(', ')})`
          ]
        : [])
    ]
    if (!bits.length) continue
    const first = list[0]!
    const space = spaceId ? n.space(first.accountId, spaceId) : undefined
    parts.push(`${space ? `In ${space}: ` : ''}${bits.join(', ')}.`)
  }
  return {
    title: 'While Lanewatch was not running',
    body: parts.length ? parts.join('\n') : 'Nothing ended or failed.'
  }
}
