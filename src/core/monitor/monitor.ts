// The monitor: one poller for every watched space of every account, that every view, the tray,
// the notifications, the timeline and snapshots read from. Electron-free; its clock and timers
// are injectable so it runs in virtual time under tests and the CLI alike.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { MonitorEvent } from '../../shared/monitor'
import { cadenceSchema, type Cadence } from '../../shared/monitor-settings'
import type {
  CachedDetails,
  ExecutionState,
  MonitorOverview,
  PhaseIds
} from '../../shared/monitor-state'
import type { Phase } from '../../shared/statuses'
import { AppError } from '../errors'
import { silentLogger, type Logger } from '../log'
import type { OneproviderClient, OnezoneClient } from '../onedata'
import { AccessCache } from './access'
import { NamesCache } from './names'
import { AccountMonitor, type StateChange } from './account'
import { executionSummaries, providerStatus, spaceStatuses } from './overview'
import { cachedDetails, executionState, phaseIds } from './queries'
import { realScheduler, type Scheduler } from './scheduler'
import { MonitorStore } from './store'
import { lockFolder, type StoreFiles } from './store-files'
import { PRIORITY } from './work'

export interface MonitoredAccount {
  id: string
  label: string
  providerUrl: string
  spaces: string[]
  /** Keep the store on disk (not for the demo provider, which starts afresh each time). */
  persist: boolean
}

export interface MonitorOptions {
  /** Stores go to `<dataDir>/monitor/<accountId>/`; without it everything stays in memory. */
  dataDir?: string
  scheduler?: Scheduler
  /** A client for an account's provider; the monitor closes it when done with the account. */
  connect: (accountId: string) => Promise<OneproviderClient>
  /** The account's Onezone, when it has one: where lane, box and task names come from. */
  connectZone?: (accountId: string) => Promise<OnezoneClient | undefined>
  cadence?: Cadence
  random?: () => number
  log?: Logger
  /** For tests: file operations that can fail half-way. */
  files?: StoreFiles
}

export type MonitorChange = Required<StateChange> & { accountId: string }

export interface ViewState {
  visible: boolean
  focus?: { accountId: string; executionId: string }
}

interface Watched {
  mon: AccountMonitor
  store: MonitorStore
  names: NamesCache
  access: AccessCache
  client?: Promise<OneproviderClient>
  /** The client once it came (closing it is waited for; one still coming is closed on arrival). */
  connected?: OneproviderClient
  release(): void
}

export class Monitor {
  readonly scheduler: Scheduler
  private readonly watched = new Map<string, Watched>()
  private readonly eventListeners = new Set<(e: MonitorEvent) => void>()
  private readonly changeListeners = new Set<(c: MonitorChange) => void>()
  private readonly pendingChanges = new Map<string, Required<StateChange>>()
  private view: ViewState = { visible: true }
  private paused = false
  private cadence: Cadence
  private readonly log: Logger
  private readonly random: () => number
  /** Damaged stores that were rebuilt, in sentences for the user. */
  readonly problems: string[] = []

  constructor(private readonly opts: MonitorOptions) {
    this.scheduler = opts.scheduler ?? realScheduler
    this.cadence = opts.cadence ?? cadenceSchema.parse({})
    this.log = opts.log ?? silentLogger
    this.random = opts.random ?? Math.random
  }

  /**
   * Starts, updates and stops the account monitors to match this list. An account whose store
   * another process holds is left out and reported (in `problems`); others go on.
   */
  setAccounts(accounts: MonitoredAccount[]): void {
    for (const [id, w] of this.watched)
      if (!accounts.some((a) => a.id === id)) void this.drop(id, w)
    for (const a of accounts) {
      const w = this.watched.get(a.id)
      if (w) {
        w.mon.spec = { ...w.mon.spec, label: a.label }
        w.mon.setSpaces(a.spaces)
        continue
      }
      try {
        this.watch(a)
      } catch (err) {
        if (!(err instanceof AppError) || err.id !== 'monitor.busy') throw err
        if (!this.problems.includes(err.description)) this.problems.push(err.description)
        this.log.warn('account not monitored', { accountId: a.id, problem: err.description })
      }
    }
  }

  /** Stops monitoring an account and keeps its store, so it can start again on a changed account. */
  async release(accountId: string): Promise<void> {
    const w = this.watched.get(accountId)
    if (w) await this.drop(accountId, w)
  }

  /** Stops monitoring an account and deletes its store (the account was removed). */
  async forget(accountId: string): Promise<void> {
    const w = this.watched.get(accountId)
    if (w) await this.drop(accountId, w)
    if (this.opts.dataDir)
      rmSync(join(this.opts.dataDir, 'monitor', accountId), { recursive: true, force: true })
  }

  /** The name of a lane of an execution (1-based), when Onezone told it. */
  laneName(accountId: string, executionId: string, laneIndex: number): string | undefined {
    const w = this.watched.get(accountId)
    const d = w?.store.executions.get(executionId)?.details
    return d && w ? w.names.lane(d, laneIndex) : undefined
  }

  spaceName(accountId: string, spaceId: string): string | undefined {
    return this.watched.get(accountId)?.mon.spaceNames.get(spaceId)
  }

  private watch(a: MonitoredAccount): void {
    const dir =
      a.persist && this.opts.dataDir ? join(this.opts.dataDir, 'monitor', a.id) : undefined
    const release = dir ? lockFolder(dir, `the account "${a.label}"`) : () => {}
    const store = new MonitorStore(dir, this.opts.files)
    if (store.problem) {
      this.problems.push(`${a.label}: ${store.problem}`)
      this.log.warn('monitor store rebuilt', { accountId: a.id, problem: store.problem })
    }
    const w: Watched = { store, release } as Watched
    w.names = new NamesCache(
      async () => (await this.opts.connectZone?.(a.id)) ?? undefined,
      () => this.scheduler.now(),
      (executionId) => this.changed(a.id, { executionIds: [executionId] })
    )
    w.access = new AccessCache(
      async () => (await this.opts.connectZone?.(a.id)) ?? undefined,
      () => this.scheduler.now(),
      (arrival) => this.changed(a.id, arrival)
    )
    w.mon = new AccountMonitor(
      { id: a.id, label: a.label, providerUrl: a.providerUrl, spaces: [] },
      {
        scheduler: this.scheduler,
        store,
        connect: () => {
          if (!w.client) {
            const client = this.opts.connect(a.id)
            w.client = client
            client.then(
              (c) => (w.connected = c),
              () => (w.client = undefined)
            )
          }
          return w.client
        },
        cadence: () => this.cadence,
        view: () => ({
          visible: this.view.visible,
          paused: this.paused,
          focus: this.view.focus?.accountId === a.id ? this.view.focus.executionId : undefined
        }),
        random: this.random,
        deliver: (events) => this.deliver(events),
        changed: (change) => this.changed(a.id, change),
        log: this.log
      }
    )
    this.watched.set(a.id, w)
    w.mon.setSpaces(a.spaces)
  }

  private async drop(id: string, w: Watched): Promise<void> {
    this.watched.delete(id)
    await w.mon.stop()
    w.store.close()
    w.release()
    // A client never ready (a keychain that does not answer) must not hold up the stop.
    if (w.connected) await w.connected.close().catch(() => undefined)
    else void w.client?.then((c) => c.close()).catch(() => undefined)
  }

  onEvent(listener: (e: MonitorEvent) => void): () => void {
    this.eventListeners.add(listener)
    return () => void this.eventListeners.delete(listener)
  }

  onChange(listener: (c: MonitorChange) => void): () => void {
    this.changeListeners.add(listener)
    return () => void this.changeListeners.delete(listener)
  }

  private deliver(events: MonitorEvent[]): void {
    for (const e of events)
      for (const l of this.eventListeners) {
        try {
          l(e)
        } catch (err) {
          this.log.error('monitor event listener failed', { error: String(err) })
        }
      }
  }

  /** Changes are coalesced: one notice per account per turn of the event loop. */
  private changed(accountId: string, c: StateChange): void {
    let pending = this.pendingChanges.get(accountId)
    if (!pending) {
      pending = { spaceIds: [], executionIds: [], provider: false }
      this.pendingChanges.set(accountId, pending)
      queueMicrotask(() => {
        this.pendingChanges.delete(accountId)
        const out: MonitorChange = {
          accountId,
          spaceIds: [...new Set(pending!.spaceIds)],
          executionIds: [...new Set(pending!.executionIds)],
          provider: pending!.provider
        }
        for (const l of this.changeListeners) l(out)
      })
    }
    pending.spaceIds.push(...(c.spaceIds ?? []))
    pending.executionIds.push(...(c.executionIds ?? []))
    pending.provider ||= c.provider === true
  }

  private account(accountId: string): Watched {
    const w = this.watched.get(accountId)
    if (!w)
      throw new AppError('monitor.unknownAccount', `No monitored account with id ${accountId}.`)
    return w
  }

  /** What the renderer says: is the window visible, which execution is on screen. */
  setView(view: { visible?: boolean; focus?: ViewState['focus'] | null }): void {
    const before = this.view
    this.view = {
      visible: view.visible ?? before.visible,
      ...(view.focus === null
        ? {}
        : view.focus
          ? { focus: view.focus }
          : before.focus
            ? { focus: before.focus }
            : {})
    }
    const f = this.view.focus
    const shown = this.view.visible && !before.visible
    if (
      f &&
      (shown ||
        f.accountId !== before.focus?.accountId ||
        f.executionId !== before.focus?.executionId)
    )
      this.watched.get(f.accountId)?.mon.focusChanged()
    if (shown) for (const w of this.watched.values()) w.mon.refreshAll(true)
  }

  getView(): ViewState {
    return this.view
  }

  setPaused(paused: boolean): void {
    this.paused = paused
    for (const [id, w] of this.watched) {
      w.mon.pump()
      this.changed(id, { provider: true })
    }
  }

  isPaused(): boolean {
    return this.paused
  }

  setCadence(cadence: Cadence): void {
    this.cadence = cadence
    for (const w of this.watched.values()) w.mon.pump()
  }

  /** Refresh now: one execution (after an action), or everything (lists and back-off). */
  refresh(accountId?: string, executionId?: string): void {
    if (accountId && executionId) {
      const w = this.account(accountId)
      w.mon.want(executionId, PRIORITY.onScreen)
      if (this.view.focus?.executionId === executionId) w.mon.wantAuditLog(executionId)
      return
    }
    for (const [id, w] of this.watched) if (!accountId || id === accountId) w.mon.refreshAll()
  }

  overview(): MonitorOverview {
    const now = this.scheduler.now()
    const out: MonitorOverview = {
      now,
      paused: this.paused,
      visible: this.view.visible,
      providers: [],
      spaces: [],
      active: [],
      recentlyEnded: [],
      unseenFailures: 0,
      problems: [...this.problems]
    }
    for (const w of this.watched.values()) {
      // Reading the account's user asks Onezone for it the first time; it arrives as a change.
      out.providers.push(providerStatus(w.mon, w.access.user()))
      out.spaces.push(...spaceStatuses(w.mon, w.store))
      const s = executionSummaries(w.mon, w.store, now)
      out.active.push(...s.active)
      out.recentlyEnded.push(...s.recentlyEnded)
    }
    out.recentlyEnded.sort((a, b) => b.finishTime - a.finishTime)
    out.unseenFailures = out.spaces.reduce((n, s) => n + s.failuresSinceSeen, 0)
    return out
  }

  /** One execution as the execution view shows it; reading it asks for what is missing. */
  execution(accountId: string, executionId: string): ExecutionState {
    const w = this.account(accountId)
    return executionState(
      w.mon,
      w.store,
      { names: w.names, access: w.access },
      accountId,
      executionId
    )
  }

  /** Every id a phase lists in a watched space; `relist` reads all pages of it again. */
  ids(accountId: string, spaceId: string, phase: Phase, relist = false): PhaseIds {
    const { mon, store } = this.account(accountId)
    return phaseIds(mon, store, spaceId, phase, relist)
  }

  /** Cached details of these executions; those missing are read first, a few at a time. */
  details(accountId: string, executionIds: string[]): Record<string, CachedDetails> {
    const { mon, store } = this.account(accountId)
    return cachedDetails(mon, store, executionIds)
  }

  /** The user looked at a space: its failures are no longer unseen. */
  markSeen(accountId: string, spaceId: string): void {
    const { store } = this.account(accountId)
    const space = store.spaces.get(spaceId)
    if (!space || space.seenSeq === store.seq) return
    store.commit([{ k: 's', id: spaceId, e: { ...space, seenSeq: store.seq } }], [])
    this.changed(accountId, { spaceIds: [spaceId] })
  }

  /** Events of an account committed after `seq` (the last few hundred are kept). */
  eventsAfter(accountId: string, seq: number): MonitorEvent[] {
    return this.watched.get(accountId)?.store.eventsAfter(seq) ?? []
  }

  /** The sequence number of an account's last event (0: none yet). */
  lastSeq(accountId: string): number {
    return this.watched.get(accountId)?.store.seq ?? 0
  }

  accountIds(): string[] {
    return [...this.watched.keys()]
  }

  /** Resolves once no request is in flight anywhere (Onezone lookups of names included). */
  async idle(): Promise<void> {
    for (;;) {
      const all = [...this.watched.values()]
      await Promise.all(
        all.map((w) => Promise.all([w.mon.idle(), w.names.settled(), w.access.settled()]))
      )
      await Promise.resolve()
      if (all.every((w) => w.mon.gate.state().inFlight === 0)) return
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.watched].map(([id, w]) => this.drop(id, w)))
  }
}
