// The monitor of one account (one provider): lists the phases of every watched space, reads
// details only where something can change, keeps the store, and derives the events. All its
// requests pass the provider's gate (concurrency cap, one per resource, back-off).
import type { AuditLogEntry, ExecutionDetails } from '../../shared/execution'
import type { MonitorEvent, NewMonitorEvent } from '../../shared/monitor'
import type { Cadence } from '../../shared/monitor-settings'
import { emptyObservations } from '../../shared/observations'
import { PHASES, workflowPhase, type Phase } from '../../shared/statuses'
import { AppError } from '../errors'
import type { Logger } from '../log'
import { OnedataError, type OneproviderClient } from '../onedata'
import { listDelay, planRead } from './cadence'
import { deriveEvents } from './events'
import { isProviderFailure, ProviderGate, reasonOf, type GateTransition } from './gate'
import type { Scheduler, Timer } from './scheduler'
import { ENDED_HEAD, SpaceLists } from './spaces'
import type { ExecutionEntry, MonitorStore, Op } from './store'
import { PRIORITY, type Tracking, type Work } from './work'

export interface AccountSpec {
  id: string
  label: string
  providerUrl: string
  spaces: string[]
}

export interface AccountView {
  visible: boolean
  paused: boolean
  /** The execution of this account on screen, if any. */
  focus?: string
}

export interface StateChange {
  spaceIds?: string[]
  executionIds?: string[]
  provider?: boolean
}

export interface AccountDeps {
  scheduler: Scheduler
  store: MonitorStore
  connect: () => Promise<OneproviderClient>
  cadence: () => Cadence
  view: () => AccountView
  random: () => number
  deliver: (events: MonitorEvent[]) => void
  changed: (change: StateChange) => void
  log: Logger
}

const SPACE_NAMES_MS = 30 * 60_000

export class AccountMonitor {
  readonly gate: ProviderGate
  readonly spaces = new Map<string, SpaceLists>()
  readonly tracking = new Map<string, Tracking>()
  readonly spaceNames = new Map<string, string>()
  readonly spaceProblems = new Map<string, { id: string; description: string }>()
  private readonly pending = new Set<Promise<void>>()
  private readonly controllers = new Set<AbortController>()
  private timer?: Timer
  private armedAt?: number
  private namesDueAt: number
  private stopped = false
  readonly host: string

  constructor(
    public spec: AccountSpec,
    private readonly deps: AccountDeps
  ) {
    const s = deps.scheduler
    this.gate = new ProviderGate(() => s.now(), deps.cadence, deps.random)
    this.gate.restore(deps.store.provider.unreachable)
    this.host = safeHost(spec.providerUrl)
    this.namesDueAt = s.now()
    for (const [id, e] of deps.store.spaces) this.spaceNames.set(id, e.name)
    this.setSpaces(spec.spaces)
  }

  private get now(): number {
    return this.deps.scheduler.now()
  }
  private get store(): MonitorStore {
    return this.deps.store
  }

  setSpaces(spaceIds: string[]): void {
    this.spec = { ...this.spec, spaces: spaceIds }
    for (const id of spaceIds)
      if (!this.spaces.has(id)) this.spaces.set(id, new SpaceLists(id, this.now))
    for (const id of [...this.spaces.keys()]) if (!spaceIds.includes(id)) this.spaces.delete(id)
    this.pump()
  }

  /** The first look after a restart is over once every watched space was listed completely. */
  private get lookingBack(): boolean {
    return this.store.resumed && [...this.spaces.values()].some((s) => !s.looked)
  }

  track(id: string, catchUp = this.lookingBack): Tracking {
    let t = this.tracking.get(id)
    if (!t) {
      t = { priority: PRIORITY.cadence, catchUp }
      this.tracking.set(id, t)
    }
    return t
  }

  /** Reads an execution's details as soon as the gate allows. */
  want(id: string, priority: number = PRIORITY.asked): void {
    this.due(id, priority)
    this.pump()
  }

  private due(id: string, priority: number, catchUp = this.lookingBack): void {
    const t = this.track(id, catchUp)
    const alreadyDue = t.dueAt !== undefined && t.dueAt <= this.now
    t.priority = alreadyDue ? Math.min(t.priority, priority) : priority
    t.dueAt = this.now
  }

  wantAuditLog(id: string): void {
    const t = this.track(id)
    t.auditWanted ??= 'view'
    this.pump()
  }

  /** The user asked for a refresh of everything: lists now, back-off forgotten. */
  refreshAll(): void {
    this.gate.retryNow()
    for (const s of this.spaces.values())
      for (const p of ['waiting', 'ongoing', 'suspended'] as Phase[]) s.lists[p].dueAt = this.now
    this.pump()
  }

  /** Lists every page of the ended phase again (for a view showing all of them). */
  relistEnded(spaceId: string): void {
    const s = this.spaces.get(spaceId)
    if (!s) return
    s.lists.ended.full = true
    s.lists.ended.dueAt = this.now
    this.pump()
  }

  focusChanged(): void {
    const id = this.deps.view().focus
    if (!id) return
    const entry = this.store.executions.get(id)
    const ended = entry?.details && workflowPhase(entry.details.status) === 'ended'
    if (!ended) this.want(id, PRIORITY.onScreen)
    const t = this.track(id)
    if (!t.audit || (entry && t.audit.changedAt < entry.changedAt)) this.wantAuditLog(id)
  }

  /** Resolves once no request is in flight and nothing due can start. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending])
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.timer?.cancel()
    for (const c of this.controllers) c.abort()
    await this.idle()
  }

  // ---- scheduling -------------------------------------------------------------------------

  pump(): void {
    if (this.stopped || this.deps.view().paused) return
    let work = this.pick()
    while (work && work.dueAt <= this.now && this.gate.canStart(work.resource)) {
      this.launch(work)
      work = this.pick()
    }
    this.arm(work)
  }

  /**
   * The best piece of work to do next, due or not (its `dueAt` says when): among due work the
   * highest priority, then the earliest; else the earliest. A plain scan with numbers only,
   * since it runs after every request over every tracked execution.
   */
  private pick(): Work | undefined {
    const now = this.now
    let best: Work | undefined
    let bestPriority = Infinity
    let bestDue = Infinity
    const better = (priority: number, due: number) => {
      if (!best) return true
      const due1 = due <= now
      const due2 = bestDue <= now
      if (due1 !== due2) return due1
      return due1
        ? priority < bestPriority || (priority === bestPriority && due < bestDue)
        : due < bestDue
    }
    const take = (w: Work) => {
      best = w
      bestPriority = w.priority
      bestDue = w.dueAt
    }
    if (!this.gate.busy('spaces') && better(PRIORITY.lists, this.namesDueAt))
      take({ kind: 'spaces', resource: 'spaces', priority: PRIORITY.lists, dueAt: this.namesDueAt })
    for (const s of this.spaces.values())
      for (const phase of PHASES) {
        const resource = `list:${s.spaceId}:${phase}`
        const dueAt = s.lists[phase].dueAt
        if (better(PRIORITY.lists, dueAt) && !this.gate.busy(resource))
          take({
            kind: 'list',
            resource,
            priority: PRIORITY.lists,
            dueAt,
            spaceId: s.spaceId,
            phase
          })
      }
    for (const [id, t] of this.tracking) {
      if (t.dueAt !== undefined && !t.reading && better(t.priority, t.dueAt))
        take({
          kind: 'details',
          resource: `details:${id}`,
          priority: t.priority,
          dueAt: t.dueAt,
          id
        })
      if (t.auditWanted && !t.auditing) {
        const priority = t.auditWanted === 'view' ? PRIORITY.asked : PRIORITY.cadence
        if (better(priority, now) && this.store.executions.get(id)?.details)
          take({ kind: 'audit', resource: `audit:${id}`, priority, dueAt: now, id })
      }
    }
    return best
  }

  /** One timer for the earliest moment something becomes due (or the back-off ends). */
  /** `next`: what `pick` just found (nothing was started since). */
  private arm(next: Work | undefined): void {
    let at = this.gate.closedUntil() ?? Infinity
    if (next && next.dueAt > this.now) at = Math.min(at, next.dueAt)
    if (!Number.isFinite(at) || at === this.armedAt) return
    this.timer?.cancel()
    this.armedAt = at
    this.timer = this.deps.scheduler.after(at - this.now, () => {
      this.armedAt = undefined
      this.timer = undefined
      this.pump()
    })
  }

  /** When anything is next due (for the visible budget). */
  nextDueAt(): number | undefined {
    const w = this.pick()
    return w ? Math.max(w.dueAt, this.gate.closedUntil() ?? 0) : undefined
  }

  private launch(work: Work): void {
    this.gate.start(work.resource)
    const t = work.kind === 'details' || work.kind === 'audit' ? this.track(work.id) : undefined
    if (t) t[work.kind === 'details' ? 'reading' : 'auditing'] = true
    const job = (async () => {
      let transition: GateTransition | undefined
      try {
        const client = await this.deps.connect()
        await this.perform(work, client)
        transition = this.gate.succeeded(work.resource)
      } catch (err) {
        if (this.stopped) return this.gate.dropped(work.resource)
        if (isProviderFailure(err) || err instanceof AppError) {
          // The provider as a whole (or the account's client) failed: back off.
          transition = this.gate.failed(work.resource, reasonOf(err))
          this.deps.changed({ provider: true })
        } else {
          transition = this.gate.succeeded(work.resource)
          this.resourceFailed(work, err)
        }
      }
      if (transition) this.announce(transition)
    })()
      .catch((err: unknown) => this.deps.log.error('monitor work failed', { error: String(err) }))
      .finally(() => {
        if (t) t[work.kind === 'details' ? 'reading' : 'auditing'] = false
        this.pending.delete(job)
        this.pump()
      })
    this.pending.add(job)
  }

  /** One HTTP call under the monitor's own deadline (its clock, so tests need no sleeps). */
  private async call<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ctl = new AbortController()
    let timedOut = false
    const ms = this.deps.cadence().requestTimeoutMs
    const timer = this.deps.scheduler.after(ms, () => {
      timedOut = true
      ctl.abort()
    })
    this.controllers.add(ctl)
    this.gate.count()
    try {
      return await fn(ctl.signal)
    } catch (err) {
      if (!timedOut) throw err
      throw new OnedataError({
        id: 'network.timeout',
        kind: 'network',
        description: `The provider at ${this.host} did not answer within ${Math.round(ms / 1000)} s.`
      })
    } finally {
      timer.cancel()
      this.controllers.delete(ctl)
    }
  }

  private async perform(work: Work, client: OneproviderClient): Promise<void> {
    switch (work.kind) {
      case 'spaces': {
        const spaces = await this.call((signal) => client.listSpaces({ signal }))
        for (const s of spaces) this.spaceNames.set(s.spaceId, s.name)
        this.namesDueAt = this.now + SPACE_NAMES_MS
        this.deps.changed({ spaceIds: this.spec.spaces })
        return
      }
      case 'list':
        return this.list(client, work.spaceId, work.phase)
      case 'details': {
        const d = await this.call((signal) => client.getExecution(work.id, { signal }))
        return this.takeDetails(work.id, d)
      }
      case 'audit': {
        const entry = this.store.executions.get(work.id)
        const storeId = entry?.details?.systemAuditLogStoreId
        const t = this.track(work.id)
        const purpose = t.auditWanted
        t.auditWanted = undefined
        if (!entry?.details) return
        const entries = storeId
          ? await this.call((signal) => client.dumpAuditLog(storeId, { signal }))
          : []
        return this.takeAuditLog(work.id, entries, purpose)
      }
    }
  }

  private async list(client: OneproviderClient, spaceId: string, phase: Phase): Promise<void> {
    const s = this.spaces.get(spaceId)
    if (!s) return
    const full = phase !== 'ended' || s.lists.ended.full
    const ids: string[] = []
    let token: string | undefined
    for (;;) {
      const page = await this.call((signal) =>
        client.listExecutions(
          spaceId,
          { phase, limit: full ? 1000 : ENDED_HEAD, token },
          { signal }
        )
      )
      ids.push(...page.atmWorkflowExecutions)
      if (!full || page.isLast || !page.nextPageToken) break
      token = page.nextPageToken
    }
    if (!this.spaces.has(spaceId)) return
    this.spaceProblems.delete(spaceId)
    this.takeList(s, phase, ids, full)
  }

  // ---- what answers mean --------------------------------------------------------------------

  private takeList(s: SpaceLists, phase: Phase, ids: string[], complete: boolean): void {
    const wasLooked = this.store.spaces.has(s.spaceId)
    // Decided before this listing may end the first look: what it reveals happened while away.
    const back = this.lookingBack
    const gone = s.take(phase, ids, complete, this.now)
    const ops: Op[] = []
    for (const id of ids) {
      let entry = this.store.executions.get(id)
      if (!entry) {
        entry = {
          spaceId: s.spaceId,
          details: null,
          observations: emptyObservations(),
          changedAt: this.now
        }
        if (wasLooked) entry.fresh = true
        ops.push({ k: 'x', id, e: entry })
      }
      const stored = entry.details ? workflowPhase(entry.details.status) : undefined
      const moved = stored !== undefined && stored !== phase
      if (phase !== 'ended') {
        const t = this.track(id, back)
        if (moved || (t.dueAt === undefined && !t.error)) this.due(id, PRIORITY.cadence, back)
      } else if (entry.details === null ? entry.fresh : moved) {
        this.due(id, PRIORITY.cadence, back)
      }
    }
    // Gone from a complete list and listed nowhere else: moved on or deleted; the details say.
    for (const id of gone)
      if (s.phaseOf(id) === undefined && this.store.executions.has(id))
        this.due(id, PRIORITY.cadence, back)
    if (!wasLooked && s.looked)
      ops.push({
        k: 's',
        id: s.spaceId,
        e: { name: this.spaceNames.get(s.spaceId) ?? '', seenSeq: this.store.seq }
      })
    this.commit(ops, [])
    s.lists[phase].dueAt =
      this.now + listDelay(phase, this.deps.view().visible, this.deps.cadence(), this.deps.random)
    this.deps.changed({ spaceIds: [s.spaceId] })
  }

  private takeDetails(id: string, d: ExecutionDetails): void {
    const entry = this.store.executions.get(id)
    const t = this.track(id)
    const derived = deriveEvents(
      { accountId: this.spec.id, spaceId: d.spaceId, at: this.now },
      entry?.details ?? undefined,
      d,
      entry?.observations ?? emptyObservations(),
      entry?.fresh === true
    )
    const catchUp = t.catchUp
    t.catchUp = false
    t.error = undefined
    t.readAt = this.now
    const changedAt = derived.changed || !entry ? this.now : entry.changedAt
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
    if (phase) this.spaces.get(d.spaceId)?.place(id, phase)
    const view = this.deps.view()
    const plan = planRead({
      phase,
      previousIntervalMs: t.intervalMs,
      changed: derived.changed,
      onScreen: view.focus === id,
      visible: view.visible,
      cadence: this.deps.cadence(),
      random: this.deps.random
    })
    t.dueAt = plan.delayMs === undefined ? undefined : this.now + plan.delayMs
    t.intervalMs = plan.intervalMs
    t.priority = view.focus === id ? PRIORITY.onScreen : PRIORITY.cadence
    if (view.focus === id && (!t.audit || t.audit.changedAt < changedAt)) t.auditWanted ??= 'view'
    const quiet = this.now - changedAt
    if (phase === 'ongoing' && quiet >= this.deps.cadence().stallMs && next.stalledAt !== changedAt)
      t.auditWanted ??= 'stall'
    if (derived.changed) this.deps.changed({ spaceIds: [d.spaceId], executionIds: [id] })
  }

  private takeAuditLog(
    id: string,
    entries: AuditLogEntry[],
    purpose: Tracking['auditWanted']
  ): void {
    const entry = this.store.executions.get(id)
    if (!entry?.details) return
    const t = this.track(id)
    t.audit = { entries, changedAt: entry.changedAt, at: this.now }
    t.auditError = undefined
    const latest = entries.reduce((max, e) => Math.max(max, e.timestamp), 0)
    if (purpose === 'stall' && entry.stalledAt !== entry.changedAt) {
      if (latest > entry.changedAt) {
        this.commit([{ k: 'x', id, e: { ...entry, changedAt: latest } }], [])
      } else if (this.now - entry.changedAt >= this.deps.cadence().stallMs) {
        const d = entry.details
        const event: NewMonitorEvent = {
          type: 'executionStalled',
          at: this.now,
          accountId: this.spec.id,
          spaceId: entry.spaceId,
          executionId: id,
          executionName: d.name,
          status: d.status,
          quietForMs: this.now - entry.changedAt
        }
        this.commit([{ k: 'x', id, e: { ...entry, stalledAt: entry.changedAt } }], [event])
      }
    }
    this.deps.changed({ executionIds: [id] })
  }

  private resourceFailed(work: Work, err: unknown): void {
    const reason = reasonOf(err)
    const status = err instanceof OnedataError ? err.httpStatus : undefined
    if (work.kind === 'details') {
      const t = this.track(work.id)
      if (status === 404) {
        // Deleted: forget it, but say so to whoever asks for it.
        const entry = this.store.executions.get(work.id)
        this.tracking.set(work.id, { priority: PRIORITY.cadence, catchUp: false, error: reason })
        for (const s of this.spaces.values()) s.forget(work.id)
        if (entry) this.commit([{ k: 'x', id: work.id, e: null }], [])
        this.deps.changed({ spaceIds: entry ? [entry.spaceId] : [], executionIds: [work.id] })
        return
      }
      t.error = reason
      // No access stays no access; anything else is tried again, slowly.
      t.dueAt = status === 403 ? undefined : this.now + this.deps.cadence().activeMaxMs
      t.priority = PRIORITY.cadence
      this.deps.changed({ executionIds: [work.id] })
    } else if (work.kind === 'audit') {
      const t = this.track(work.id)
      t.auditError = reason
      this.deps.changed({ executionIds: [work.id] })
    } else if (work.kind === 'list') {
      this.spaceProblems.set(work.spaceId, reason)
      const s = this.spaces.get(work.spaceId)
      if (s) s.lists[work.phase].dueAt = this.now + this.deps.cadence().slowListMs
      this.deps.changed({ spaceIds: [work.spaceId] })
    } else {
      this.namesDueAt = this.now + this.deps.cadence().slowListMs
    }
  }

  private announce(t: GateTransition): void {
    const base = {
      at: this.now,
      accountId: this.spec.id,
      spaceId: null,
      executionId: null,
      provider: this.host
    }
    if (t.kind === 'unreachable')
      this.commit(
        [{ k: 'p', e: { unreachable: { since: t.since, reason: t.reason } } }],
        [{ ...base, type: 'providerUnreachable', reason: t.reason }]
      )
    else
      this.commit(
        [{ k: 'p', e: {} }],
        [{ ...base, type: 'providerReachable', downForMs: this.now - t.since }]
      )
    this.deps.changed({ provider: true })
  }

  /** Commits to the store, then delivers the events: only what is on disk is announced. */
  private commit(ops: Op[], events: NewMonitorEvent[]): void {
    let committed: MonitorEvent[]
    try {
      committed = this.store.commit(ops, events)
    } catch (err) {
      this.deps.log.error('monitor store write failed', { error: (err as Error).message })
      throw err
    }
    if (committed.length) this.deps.deliver(committed)
    this.store.compactIfLarge()
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}
