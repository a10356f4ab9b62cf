// What the provider's answers mean for one account: a listing (new, moved and vanished
// executions), a reading of details (events, observations, the next reading), an audit log (a
// stall confirmed or not), a failure about one resource, and the provider's reachability. Every
// change is committed to the store before its events are delivered.
import type { AuditLogEntry, ExecutionDetails } from '../../shared/execution'
import type { MonitorEvent, NewMonitorEvent } from '../../shared/monitor'
import { emptyObservations } from '../../shared/observations'
import { workflowPhase, type Phase } from '../../shared/statuses'
import { OnedataError } from '../onedata'
import type { AccountMonitor } from './account'
import { listDelay, planRead, visibleBoundMs } from './cadence'
import { deriveEvents } from './events'
import { reasonOf, type GateTransition } from './gate'
import type { SpaceLists } from './spaces'
import type { ExecutionEntry, Op } from './store'
import { PRIORITY, type Tracking, type Work } from './work'

export class Answers {
  constructor(private readonly m: AccountMonitor) {}

  takeList(s: SpaceLists, phase: Phase, ids: string[], complete: boolean): void {
    const wasLooked = this.m.store.spaces.has(s.spaceId)
    // Decided before this listing may end the first look: what it reveals happened while away.
    const back = this.m.lookingBack
    const again = new Set(phase === 'ended' ? s.endedAgain(ids) : [])
    const gone = s.take(phase, ids, complete, this.m.now)
    const ops: Op[] = []
    for (const id of ids) {
      let entry = this.m.store.executions.get(id)
      if (!entry) {
        entry = {
          spaceId: s.spaceId,
          details: null,
          observations: emptyObservations(),
          changedAt: this.m.now
        }
        if (wasLooked) entry.fresh = true
        ops.push({ k: 'x', id, e: entry })
      }
      const stored = entry.details ? workflowPhase(entry.details.status) : undefined
      const moved = stored !== undefined && stored !== phase
      if (phase !== 'ended') {
        const t = this.m.track(id, back)
        if (moved || (t.dueAt === undefined && !t.error)) this.m.due(id, PRIORITY.cadence, back)
      } else if (entry.details === null ? entry.fresh : moved || again.has(id)) {
        this.m.due(id, PRIORITY.cadence, back)
      }
    }
    // Gone from a complete list and listed nowhere else: moved on or deleted; the details say.
    for (const id of gone)
      if (s.phaseOf(id) === undefined && this.m.store.executions.has(id))
        this.m.due(id, PRIORITY.cadence, back)
    if (!wasLooked && s.looked)
      ops.push({
        k: 's',
        id: s.spaceId,
        e: { name: this.m.spaceNames.get(s.spaceId) ?? '', seenSeq: this.m.store.seq }
      })
    this.commit(ops, [])
    s.lists[phase].dueAt =
      this.m.now +
      listDelay(phase, this.m.deps.view().visible, this.m.deps.cadence(), this.m.deps.random)
    this.m.deps.changed({ spaceIds: [s.spaceId] })
  }

  takeDetails(id: string, d: ExecutionDetails): void {
    const entry = this.m.store.executions.get(id)
    const t = this.m.track(id)
    const derived = deriveEvents(
      { accountId: this.m.spec.id, spaceId: d.spaceId, at: this.m.now },
      entry?.details ?? undefined,
      d,
      entry?.observations ?? emptyObservations(),
      entry?.fresh === true
    )
    const catchUp = t.catchUp
    t.catchUp = false
    t.error = undefined
    t.readAt = this.m.now
    const changedAt = derived.changed || !entry ? this.m.now : entry.changedAt
    const next: ExecutionEntry = {
      spaceId: d.spaceId,
      details: d,
      observations: derived.observations,
      changedAt,
      ...(entry?.stalledAt !== undefined ? { stalledAt: entry.stalledAt } : {})
    }
    if (derived.changed || entry?.fresh || derived.observations !== entry?.observations) {
      const events = catchUp ? derived.events.map((e) => ({ ...e, catchUp: true })) : derived.events
      this.commit([{ k: 'x', id, e: next }], events)
    }
    const phase = workflowPhase(d.status)
    if (phase) this.m.spaces.get(d.spaceId)?.place(id, phase)
    const view = this.m.deps.view()
    const plan = planRead({
      phase,
      previousIntervalMs: t.intervalMs,
      // A first reading is a change only for an execution new to a watched space.
      changed: derived.changed && (entry?.details != null || entry?.fresh === true),
      onScreen: view.focus === id,
      visible: view.visible,
      cadence: this.m.deps.cadence(),
      random: this.m.deps.random
    })
    t.dueAt = plan.delayMs === undefined ? undefined : this.m.now + plan.delayMs
    t.intervalMs = plan.intervalMs
    t.priority = view.focus === id ? PRIORITY.onScreen : PRIORITY.cadence
    if (view.focus === id && (!t.audit || t.audit.changedAt < changedAt))
      this.m.wantAudit(id, 'view')
    const quiet = this.m.now - changedAt
    if (
      phase === 'ongoing' &&
      quiet >= this.m.deps.cadence().stallMs &&
      next.stalledAt !== changedAt
    )
      this.m.wantAudit(id, 'stall')
    if (derived.changed) this.m.deps.changed({ spaceIds: [d.spaceId], executionIds: [id] })
  }

  takeAuditLog(id: string, entries: AuditLogEntry[], purpose: Tracking['auditWanted']): void {
    const entry = this.m.store.executions.get(id)
    if (!entry?.details) return
    const t = this.m.track(id)
    t.audit = { entries, changedAt: entry.changedAt, at: this.m.now }
    t.auditError = undefined
    const latest = entries.reduce((max, e) => Math.max(max, e.timestamp), 0)
    if (purpose === 'stall' && entry.stalledAt !== entry.changedAt) {
      if (latest > entry.changedAt) {
        this.commit([{ k: 'x', id, e: { ...entry, changedAt: latest } }], [])
      } else if (this.m.now - entry.changedAt >= this.m.deps.cadence().stallMs) {
        const d = entry.details
        const event: NewMonitorEvent = {
          type: 'executionStalled',
          at: this.m.now,
          accountId: this.m.spec.id,
          spaceId: entry.spaceId,
          executionId: id,
          executionName: d.name,
          status: d.status,
          quietForMs: this.m.now - entry.changedAt
        }
        this.commit([{ k: 'x', id, e: { ...entry, stalledAt: entry.changedAt } }], [event])
      }
    }
    this.m.deps.changed({ executionIds: [id] })
  }

  /**
   * The window is shown again: readings put off while it was hidden (a quiet execution resting
   * on the lists) come within the visible bound, spread over it rather than all at once.
   */
  shown(): void {
    const c = this.m.deps.cadence()
    for (const [id, t] of this.m.tracking) {
      if (t.dueAt === undefined || t.reading) continue
      const d = this.m.store.executions.get(id)?.details
      const bound = visibleBoundMs(d ? workflowPhase(d.status) : undefined, c)
      if (bound === undefined || t.dueAt <= this.m.now + bound) continue
      t.dueAt = this.m.now + Math.round(bound * this.m.deps.random())
      this.m.schedule(id)
    }
  }

  resourceFailed(work: Work, err: unknown): void {
    const reason = reasonOf(err)
    const status = err instanceof OnedataError ? err.httpStatus : undefined
    if (work.kind === 'details') {
      const t = this.m.track(work.id)
      if (status === 404) {
        // Deleted: forget it, but say so to whoever asks for it.
        const entry = this.m.store.executions.get(work.id)
        this.m.tracking.set(work.id, { priority: PRIORITY.cadence, catchUp: false, error: reason })
        for (const s of this.m.spaces.values()) s.forget(work.id)
        if (entry) this.commit([{ k: 'x', id: work.id, e: null }], [])
        this.m.deps.changed({ spaceIds: entry ? [entry.spaceId] : [], executionIds: [work.id] })
        return
      }
      t.error = reason
      // No access stays no access; anything else is tried again, slowly.
      t.dueAt = status === 403 ? undefined : this.m.now + this.m.deps.cadence().activeMaxMs
      t.priority = PRIORITY.cadence
      this.m.deps.changed({ executionIds: [work.id] })
    } else if (work.kind === 'audit') {
      const t = this.m.track(work.id)
      t.auditError = reason
      this.m.deps.changed({ executionIds: [work.id] })
    } else if (work.kind === 'list') {
      this.m.spaceProblems.set(work.spaceId, reason)
      const s = this.m.spaces.get(work.spaceId)
      if (s) s.lists[work.phase].dueAt = this.m.now + this.m.deps.cadence().slowListMs
      this.m.deps.changed({ spaceIds: [work.spaceId] })
    } else {
      this.m.namesDueAt = this.m.now + this.m.deps.cadence().slowListMs
    }
  }

  announce(t: GateTransition): void {
    const base = {
      at: this.m.now,
      accountId: this.m.spec.id,
      spaceId: null,
      executionId: null,
      provider: this.m.host
    }
    if (t.kind === 'unreachable')
      this.commit(
        [{ k: 'p', e: { unreachable: { since: t.since, reason: t.reason } } }],
        [{ ...base, type: 'providerUnreachable', reason: t.reason }]
      )
    else
      this.commit(
        [{ k: 'p', e: {} }],
        [{ ...base, type: 'providerReachable', downForMs: this.m.now - t.since }]
      )
    this.m.deps.changed({ provider: true })
  }

  /** Commits to the store, then delivers the events: only what is on disk is announced. */
  commit(ops: Op[], events: NewMonitorEvent[]): void {
    let committed: MonitorEvent[]
    try {
      committed = this.m.store.commit(ops, events)
    } catch (err) {
      this.m.deps.log.error('monitor store write failed', { error: (err as Error).message })
      throw err
    }
    if (committed.length) this.m.deps.deliver(committed)
    this.m.store.compactIfLarge()
  }
}
