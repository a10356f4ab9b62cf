// The monitor of one account (one provider): lists the phases of every watched space, reads
// details only where something can change, keeps the store, and derives the events. All its
// requests pass the provider's gate (concurrency cap, one per resource, back-off).
import type { MonitorEvent } from '../../shared/monitor'
import type { Cadence } from '../../shared/monitor-settings'
import { workflowPhase, type Phase } from '../../shared/statuses'
import { AppError } from '../errors'
import type { Logger } from '../log'
import { OnedataError, type OneproviderClient } from '../onedata'
import { Answers } from './answers'
import { earlyMs, wakeAt } from './cadence'
import { isProviderFailure, ProviderGate, reasonOf, type GateTransition } from './gate'
import { underDeadline } from './deadline'
import { DueQueue } from './due-queue'
import type { Scheduler, Timer } from './scheduler'
import { readList } from './listing'
import { SpaceLists } from './spaces'
import type { MonitorStore } from './store'
import { pickWork, PRIORITY, type Tracking, type Work } from './work'

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
/** How often requests alone (no other change) tell views the request budget moved. */
export const BUDGET_TOLD_MS = 5000

export class AccountMonitor {
  readonly gate: ProviderGate
  readonly spaces = new Map<string, SpaceLists>()
  readonly tracking = new Map<string, Tracking>()
  /** The executions' next readings (mirrors `dueAt` and `priority` of those not being read). */
  private readonly reads = new DueQueue()
  /** Executions whose audit log is wanted (their `auditWanted` says why). */
  private readonly audits = new Set<string>()
  readonly spaceNames = new Map<string, string>()
  readonly spaceProblems = new Map<string, { id: string; description: string }>()
  private readonly pending = new Set<Promise<void>>()
  private readonly controllers = new Set<AbortController>()
  private timer?: Timer
  private armedAt?: number
  namesDueAt: number
  private stopped = false
  private budgetToldAt = -Infinity
  readonly host: string
  private readonly answers = new Answers(this)

  constructor(
    public spec: AccountSpec,
    readonly deps: AccountDeps
  ) {
    const s = deps.scheduler
    this.gate = new ProviderGate(() => s.now(), deps.cadence, deps.random)
    this.gate.restore(deps.store.provider.unreachable)
    this.host = safeHost(spec.providerUrl)
    this.namesDueAt = s.now()
    for (const [id, e] of deps.store.spaces) this.spaceNames.set(id, e.name)
    this.setSpaces(spec.spaces)
  }

  get now(): number {
    return this.deps.scheduler.now()
  }
  get store(): MonitorStore {
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
  get lookingBack(): boolean {
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

  due(id: string, priority: number, catchUp = this.lookingBack): void {
    const t = this.track(id, catchUp)
    const alreadyDue = t.dueAt !== undefined && t.dueAt <= this.now
    t.priority = alreadyDue ? Math.min(t.priority, priority) : priority
    t.dueAt = this.now
    this.schedule(id)
  }

  /** Puts an execution's next reading (its tracking's `dueAt`, `priority`) in the queue. */
  schedule(id: string): void {
    const t = this.tracking.get(id)
    if (t?.dueAt === undefined || t.reading) this.reads.delete(id)
    else this.reads.set(id, t.dueAt, t.priority)
  }

  /** Asks for an execution's audit log (unless it is already wanted, for whichever reason). */
  wantAudit(id: string, why: NonNullable<Tracking['auditWanted']>): void {
    const t = this.track(id)
    t.auditWanted ??= why
    this.audits.add(id)
  }

  wantAuditLog(id: string): void {
    this.wantAudit(id, 'view')
    this.pump()
  }

  /** A refresh of everything (asked for, or the window `shown` again): lists now, no back-off. */
  refreshAll(shown = false): void {
    this.gate.retryNow()
    if (shown) this.answers.shown()
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
    // With every slot taken, the next request to end pumps again: no need to look now (a scan
    // over every tracked execution, after every request, is most of the monitor's own work).
    if (this.gate.full()) return
    // Hidden, work due within half a tick goes out now, with the rest (see `earlyMs`).
    const horizon = this.now + earlyMs(this.deps.view().visible, this.deps.cadence())
    let work = this.pick(horizon)
    while (work && work.dueAt <= horizon && this.gate.canStart(work.resource)) {
      this.launch(work)
      if (this.gate.full()) return
      work = this.pick(horizon)
    }
    this.arm(work, horizon)
  }

  /** The best piece of work to do next (see `pickWork`), counting what is due by `now`. */
  private pick(now = this.now): Work | undefined {
    return pickWork({
      now,
      busy: (resource) => this.gate.busy(resource),
      namesDueAt: this.namesDueAt,
      spaces: this.spaces.values(),
      reads: this.reads,
      audits: this.audits,
      tracking: this.tracking,
      hasDetails: (id) => this.store.executions.get(id)?.details != null
    })
  }

  /** `next`: what `pick` just found for `horizon` (nothing was started since). */
  private arm(next: Work | undefined, horizon: number): void {
    const visible = this.deps.view().visible
    const cadence = this.deps.cadence()
    const closed = this.gate.closedUntil()
    let at = closed === undefined ? Infinity : wakeAt(closed, visible, cadence, true)
    if (next && next.dueAt > horizon) at = Math.min(at, wakeAt(next.dueAt, visible, cadence))
    if (!Number.isFinite(at) || at === this.armedAt) return
    this.timer?.cancel()
    this.armedAt = at
    this.timer = this.deps.scheduler.after(at - this.now, () => {
      this.armedAt = undefined
      this.timer = undefined
      this.pump()
    })
  }

  /**
   * When the next request goes out (for the visible budget). Hidden, that is the tick it waits
   * for, not its own due time: work goes out up to half a tick late, which would read as overdue.
   */
  nextDueAt(): number | undefined {
    const w = this.pick()
    if (!w) return undefined
    const closed = this.gate.closedUntil()
    const { visible, paused } = this.deps.view()
    // Due and waiting for a slot (or paused): it is as late as it says.
    if (closed === undefined && w.dueAt <= this.now && (paused || this.gate.full())) return w.dueAt
    const cadence = this.deps.cadence()
    const at =
      closed !== undefined && closed >= w.dueAt
        ? wakeAt(closed, visible, cadence, true)
        : wakeAt(w.dueAt, visible, cadence)
    return Math.max(at, this.now)
  }

  /**
   * The status bar and the tray show requests in the last minute and the next refresh; a quiet
   * provider changes nothing else, so the budget is told on its own, at most every few seconds.
   */
  private tellBudget(): void {
    // Paused, nothing goes out: a request finishing after the pause tells nothing new.
    if (this.stopped || this.deps.view().paused) return
    if (this.now - this.budgetToldAt < BUDGET_TOLD_MS) return
    this.budgetToldAt = this.now
    this.deps.changed({ provider: true })
  }

  private launch(work: Work): void {
    this.gate.start(work.resource)
    const t = work.kind === 'details' || work.kind === 'audit' ? this.track(work.id) : undefined
    if (t) t[work.kind === 'details' ? 'reading' : 'auditing'] = true
    if (work.kind === 'details') this.reads.delete(work.id)
    const job = (async () => {
      let transition: GateTransition | undefined
      try {
        const client = await this.client()
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
          this.answers.resourceFailed(work, err)
        }
      }
      if (transition) this.answers.announce(transition)
      this.tellBudget()
    })()
      .catch((err: unknown) => this.deps.log.error('monitor work failed', { error: String(err) }))
      .finally(() => {
        if (t) t[work.kind === 'details' ? 'reading' : 'auditing'] = false
        // What the reading decided (or, after a failure, the same time again); a deleted
        // execution's tracking was replaced meanwhile.
        if (work.kind === 'details') this.schedule(work.id)
        this.pending.delete(job)
        this.pump()
      })
    this.pending.add(job)
  }

  /**
   * The account's client under the same deadline as a request: a keychain that never answers
   * (a locked keyring waiting for its prompt) must not hold the slots for ever. The connection
   * stays asked for; once it comes, the next request after the back-off uses it.
   */
  private client(): Promise<OneproviderClient> {
    const ms = this.deps.cadence().requestTimeoutMs
    return underDeadline(
      this.deps.scheduler,
      ms,
      this.controllers,
      () => this.deps.connect(),
      () =>
        this.timeout(
          `The connection to the provider at ${this.host} was not ready within ${Math.round(ms / 1000)} s (its token could not be read in time).`
        )
    )
  }

  /** One HTTP call under the monitor's own deadline (its clock, so tests need no sleeps). */
  private call<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ms = this.deps.cadence().requestTimeoutMs
    this.gate.count()
    return underDeadline(this.deps.scheduler, ms, this.controllers, fn, () =>
      this.timeout(`The provider at ${this.host} did not answer within ${Math.round(ms / 1000)} s.`)
    )
  }

  private timeout(description: string): OnedataError {
    return new OnedataError({ id: 'network.timeout', kind: 'network', description })
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
        const stored = this.store.executions.get(work.id)?.details
        const t = this.track(work.id)
        const seen = stored ? t.digest : undefined
        const r = await this.call((signal) =>
          client.getExecutionUnlessSame(work.id, seen, { signal })
        )
        // The same answer as last time stands for the details stored from it.
        const d = r.value ?? this.store.executions.get(work.id)?.details
        if (!d) return
        this.answers.takeDetails(work.id, d)
        this.track(work.id).digest = r.digest
        return
      }
      case 'audit': {
        const entry = this.store.executions.get(work.id)
        const storeId = entry?.details?.systemAuditLogStoreId
        const t = this.track(work.id)
        const purpose = t.auditWanted
        t.auditWanted = undefined
        this.audits.delete(work.id)
        if (!entry?.details) return
        const entries = storeId
          ? await this.call((signal) => client.dumpAuditLog(storeId, { signal }))
          : []
        return this.answers.takeAuditLog(work.id, entries, purpose)
      }
    }
  }

  private async list(client: OneproviderClient, spaceId: string, phase: Phase): Promise<void> {
    const s = this.spaces.get(spaceId)
    if (!s) return
    const full = phase !== 'ended' || s.lists.ended.full
    const { ids, whole } = await readList(client, spaceId, phase, full, (fn) => this.call(fn))
    if (!this.spaces.has(spaceId)) return
    this.spaceProblems.delete(spaceId)
    this.answers.takeList(s, phase, ids, whole)
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}
