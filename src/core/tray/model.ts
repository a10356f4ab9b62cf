// The tray as data: its state (idle, running, failing, unreachable), the tooltip with the counts
// and the request budget, and a menu that carries every action (Linux ignores tray clicks).
// Pure, so it is tested under Node; src/main/tray.ts only renders it.
import { formatAge } from '../../shared/format'
import type { ExecutionSummary, MonitorOverview } from '../../shared/monitor-state'
import type { NotificationHistory } from '../../shared/notifications'

export type TrayState = 'idle' | 'running' | 'failing' | 'unreachable'

export type TrayAction =
  | { type: 'openExecution'; accountId: string; executionId: string }
  | { type: 'openWindow' }
  | { type: 'refreshNow' }
  | { type: 'pauseMonitoring' }
  | { type: 'resumeMonitoring' }
  | { type: 'pauseNotifications' }
  | { type: 'resumeNotifications' }
  | { type: 'quit' }

export type TrayMenuEntry =
  | { kind: 'header'; label: string }
  | { kind: 'item'; label: string; action?: TrayAction }
  | { kind: 'separator' }

export interface TrayModel {
  state: TrayState
  tooltip: string
  menu: TrayMenuEntry[]
  /** The count for the app icon's badge: failures the user has not looked at. */
  badge: number
}

const MAX_LISTED = 8

const seconds = (ms: number) => `${Math.max(0, Math.ceil(ms / 1000))} s`

function stateOf(o: MonitorOverview): TrayState {
  if (o.unseenFailures > 0) return 'failing'
  if (o.providers.some((p) => !p.reachable)) return 'unreachable'
  if (o.active.length > 0) return 'running'
  return 'idle'
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

function tooltip(o: MonitorOverview, n: NotificationHistory): string {
  const counts = [
    o.active.length ? `${o.active.length} running` : 'nothing running',
    ...(o.unseenFailures ? [plural(o.unseenFailures, 'unseen failure')] : [])
  ]
  const lines = [`Lanewatch: ${counts.join(', ')}`]
  for (const p of o.providers) {
    if (!p.reachable)
      lines.push(
        `${p.host}: unreachable${p.retryAt !== undefined ? `, retrying in ${seconds(p.retryAt - o.now)}` : ''}`
      )
    else {
      const next =
        p.backingOff && p.retryAt !== undefined
          ? `backing off, retry in ${seconds(p.retryAt - o.now)}`
          : p.nextRefreshAt !== undefined
            ? `next refresh in ${seconds(p.nextRefreshAt - o.now)}`
            : 'idle'
      lines.push(`${p.host}: ${p.requestsLastMinute} requests/min, ${next}`)
    }
  }
  if (o.paused) lines.push('Monitoring paused')
  if (n.pausedUntil !== undefined) lines.push('Notifications paused')
  return lines.join('\n')
}

/** The moment an execution's status started, for "active, started 12 min ago". */
function entry(e: ExecutionSummary, nowMs: number, ended: boolean): TrayMenuEntry {
  const since = ended ? e.finishTime : e.startTime || e.scheduleTime
  const age = since ? formatAge(nowMs - since * 1000) : ''
  const verb = ended ? e.status : e.startTime ? `${e.status}, started` : `${e.status}, scheduled`
  return {
    kind: 'item',
    label: `${e.name} — ${verb}${age ? ` ${age}` : ''}`,
    action: { type: 'openExecution', accountId: e.accountId, executionId: e.executionId }
  }
}

export function trayModel(o: MonitorOverview, n: NotificationHistory): TrayModel {
  const menu: TrayMenuEntry[] = [
    { kind: 'header', label: o.active.length ? `Running (${o.active.length})` : 'Nothing running' },
    ...o.active.slice(0, MAX_LISTED).map((e) => entry(e, o.now, false))
  ]
  if (o.active.length > MAX_LISTED)
    menu.push({
      kind: 'item',
      label: `…and ${o.active.length - MAX_LISTED} more`,
      action: { type: 'openWindow' }
    })
  if (o.recentlyEnded.length)
    menu.push(
      { kind: 'header', label: 'Recently ended' },
      ...o.recentlyEnded.slice(0, MAX_LISTED).map((e) => entry(e, o.now, true))
    )
  menu.push(
    { kind: 'separator' },
    { kind: 'item', label: 'Open Lanewatch', action: { type: 'openWindow' } },
    { kind: 'item', label: 'Refresh now', action: { type: 'refreshNow' } },
    o.paused
      ? { kind: 'item', label: 'Resume monitoring', action: { type: 'resumeMonitoring' } }
      : { kind: 'item', label: 'Pause monitoring', action: { type: 'pauseMonitoring' } },
    n.pausedUntil !== undefined
      ? { kind: 'item', label: 'Resume notifications', action: { type: 'resumeNotifications' } }
      : {
          kind: 'item',
          label: 'Pause notifications for 1 hour',
          action: { type: 'pauseNotifications' }
        },
    { kind: 'separator' },
    { kind: 'item', label: 'Quit Lanewatch', action: { type: 'quit' } }
  )
  return { state: stateOf(o), tooltip: tooltip(o, n), menu, badge: o.unseenFailures }
}
