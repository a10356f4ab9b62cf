// What views ask of one account's cache: one execution with everything the execution view
// shows, the ids a phase lists, the details of some rows. Asking for what is missing makes the
// monitor read it next (then it pushes a change); nothing here waits for a provider.
import type { CachedDetails, ExecutionState, PhaseIds } from '../../shared/monitor-state'
import { emptyObservations, emptyWorkflowNames } from '../../shared/observations'
import type { Phase } from '../../shared/statuses'
import { AppError } from '../errors'
import type { AccountMonitor } from './account'
import type { AccessCache } from './access'
import type { NamesCache } from './names'
import { laneSamples } from './samples'
import type { MonitorStore } from './store'

export function executionState(
  mon: AccountMonitor,
  store: MonitorStore,
  { names, access }: { names: NamesCache; access?: AccessCache },
  accountId: string,
  executionId: string
): ExecutionState {
  const entry = store.executions.get(executionId)
  const t = mon.tracking.get(executionId)
  if (!entry?.details && !t?.error) mon.want(executionId)
  if (entry?.details && (!t?.audit || t.audit.changedAt < entry.changedAt))
    mon.wantAuditLog(executionId)
  const d = entry?.details ?? null
  const userName = d ? access?.userName(d.userId, executionId) : undefined
  const spaceAccess = d ? access?.access(d.spaceId, executionId) : undefined
  return {
    accountId,
    executionId,
    ...(entry ? { spaceId: entry.spaceId } : {}),
    details: d,
    ...(t?.error ? { error: t.error } : {}),
    ...(t?.readAt !== undefined ? { readAt: t.readAt } : {}),
    observations: entry?.observations ?? emptyObservations(),
    auditLog: t?.audit?.entries ?? null,
    ...(t?.auditError ? { auditLogError: t.auditError } : {}),
    names: d ? names.get(d) : emptyWorkflowNames(),
    laneSamples: d
      ? laneSamples(store.executions, {
          executionId,
          name: d.name,
          inventoryId: d.atmInventoryId
        })
      : [],
    provider: { label: mon.spec.label, host: mon.host },
    ...(userName ? { userName } : {}),
    ...(spaceAccess ? { access: spaceAccess } : {})
  }
}

export function phaseIds(
  mon: AccountMonitor,
  store: MonitorStore,
  spaceId: string,
  phase: Phase,
  relist: boolean
): PhaseIds {
  const s = mon.spaces.get(spaceId)
  if (!s)
    throw new AppError(
      'monitor.spaceNotWatched',
      'This space is not watched; watch it to see its executions.'
    )
  if (relist && phase === 'ended') mon.relistEnded(spaceId)
  const list = s.lists[phase]
  let loaded = 0
  for (const id of list.ids) if (store.executions.get(id)?.details) loaded++
  return {
    ids: [...list.ids],
    complete: list.complete,
    ...(list.listedAt !== undefined ? { listedAt: list.listedAt } : {}),
    loaded
  }
}

export function cachedDetails(
  mon: AccountMonitor,
  store: MonitorStore,
  executionIds: string[]
): Record<string, CachedDetails> {
  const out: Record<string, CachedDetails> = {}
  for (const id of executionIds) {
    const entry = store.executions.get(id)
    const t = mon.tracking.get(id)
    if (!entry?.details && !t?.error) mon.want(id)
    out[id] = { details: entry?.details ?? null, ...(t?.error ? { error: t.error } : {}) }
  }
  return out
}
