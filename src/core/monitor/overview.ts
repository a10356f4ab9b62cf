// The monitor's cached state as views read it: providers with their request budget, watched
// spaces with their counts and unseen failures, running and recently ended executions.
import { isFailureEvent } from '../../shared/monitor'
import type {
  AccountUser,
  ExecutionSummary,
  ProviderStatus,
  SpaceStatus
} from '../../shared/monitor-state'
import { workflowPhase } from '../../shared/statuses'
import type { AccountMonitor } from './account'
import type { ExecutionEntry, MonitorStore } from './store'

const DAY_S = 24 * 60 * 60
const RECENTLY_ENDED = 8

/** `user`: the account's own user, when its Onezone told who that is. */
export function providerStatus(mon: AccountMonitor, user?: AccountUser): ProviderStatus {
  const g = mon.gate.state()
  return {
    accountId: mon.spec.id,
    label: mon.spec.label,
    host: mon.host,
    reachable: !g.unreachable,
    ...(g.unreachable
      ? { problem: g.unreachable.reason, unreachableSince: g.unreachable.since }
      : g.lastError
        ? { problem: g.lastError }
        : {}),
    backingOff: g.backingOff,
    ...(g.retryAt !== undefined ? { retryAt: g.retryAt } : {}),
    requestsLastMinute: g.requestsLastMinute,
    ...(mon.nextDueAt() !== undefined ? { nextRefreshAt: mon.nextDueAt() } : {}),
    inFlight: g.inFlight,
    ...(user ? { user } : {})
  }
}

/** Failed or crashed runs and executions in a space since the user last looked at it. */
export function failuresSinceSeen(store: MonitorStore, spaceId: string): number {
  const seen = store.spaces.get(spaceId)?.seenSeq
  if (seen === undefined) return 0
  return store.eventsAfter(seen).filter((e) => e.spaceId === spaceId && isFailureEvent(e)).length
}

export function spaceStatuses(mon: AccountMonitor, store: MonitorStore): SpaceStatus[] {
  return [...mon.spaces.values()].map((s) => {
    const problem = mon.spaceProblems.get(s.spaceId)
    const listedAt = Math.max(...Object.values(s.lists).map((l) => l.listedAt ?? 0))
    return {
      accountId: mon.spec.id,
      spaceId: s.spaceId,
      name: mon.spaceNames.get(s.spaceId) ?? s.spaceId,
      counts: s.counts(),
      failuresSinceSeen: failuresSinceSeen(store, s.spaceId),
      ...(listedAt ? { listedAt } : {}),
      ...(problem ? { problem } : {})
    }
  })
}

export function summary(
  accountId: string,
  id: string,
  e: ExecutionEntry
): ExecutionSummary | undefined {
  const d = e.details
  if (!d) return undefined
  return {
    accountId,
    spaceId: e.spaceId,
    executionId: id,
    name: d.name,
    status: d.status,
    phase: workflowPhase(d.status) ?? null,
    scheduleTime: d.scheduleTime,
    startTime: d.startTime,
    finishTime: d.finishTime
  }
}

/** Waiting and ongoing executions of watched spaces, and those that ended in the last day. */
export function executionSummaries(
  mon: AccountMonitor,
  store: MonitorStore,
  nowMs: number
): { active: ExecutionSummary[]; recentlyEnded: ExecutionSummary[] } {
  const active: ExecutionSummary[] = []
  const ended: ExecutionSummary[] = []
  for (const [id, e] of store.executions) {
    if (!mon.spaces.has(e.spaceId)) continue
    const s = summary(mon.spec.id, id, e)
    if (!s) continue
    if (s.phase === 'waiting' || s.phase === 'ongoing') active.push(s)
    else if (s.phase === 'ended' && s.finishTime > nowMs / 1000 - DAY_S) ended.push(s)
  }
  active.sort((a, b) => b.startTime - a.startTime || b.scheduleTime - a.scheduleTime)
  ended.sort((a, b) => b.finishTime - a.finishTime)
  return { active, recentlyEnded: ended.slice(0, RECENTLY_ENDED) }
}
