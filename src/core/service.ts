// The application service: one function per IPC channel, used by Electron's main process, the
// browser harness and tests. It owns accounts, provider clients and the demo provider; tokens
// stay here and never appear in what it returns.
import { join } from 'node:path'
import type {
  Channel,
  DemoProviderName,
  EventName,
  Events,
  Request,
  Responses
} from '../shared/ipc'
import type { AppNotification } from '../shared/notifications'
import { safeExternalUrl } from '../shared/urls'
import { Accounts } from './accounts/accounts'
import { InboxMemoryFile } from './inbox-memory'
import type { TokenVault } from './accounts/vault'
import { CaChoices, type ChooseFile } from './accounts/ca-choices'
import { clientFor } from './accounts/client'
import type { VerifyInput } from './accounts/verify'
import { controlExecution, repeatLaneRun } from './control'
import { scheduleHandlers } from './schedule'
import { AppError } from './errors'
import { silentLogger, type Logger } from './log'
import { Monitor } from './monitor/monitor'
import type { Scheduler } from './monitor/scheduler'
import { NotificationCenter } from './notifications/center'
import { OnezoneClient, type OneproviderClient } from './onedata'
import { readCa } from './accounts/verify'
import { PreferencesFile } from './preferences'
import { createSnapshotApp, type SnapshotApp } from './snapshots/app'
import type { AccountReport } from '../shared/accounts'

export type Handlers = { [C in Channel]: (request: Request<C>) => Promise<Responses[C]> }

/** A running demo provider (main and the harness pass the simulator's; core never imports it). */
export interface DemoProvider {
  url: string
  /** The Onezone that knows the demo's users, spaces and workflow schemas. */
  onezoneUrl?: string
  token: string
  stop(): Promise<void>
}

export interface ServiceOptions {
  dataDir: string
  vault: TokenVault
  log?: Logger
  /** Opens an http(s) URL in the system browser (main: shell.openExternal). */
  openExternal?: (url: string) => Promise<void>
  startDemo?: (which: DemoProviderName) => Promise<DemoProvider>
  verify?: (input: VerifyInput) => Promise<AccountReport>
  /** The monitor's and the notifications' clock (tests: virtual time). */
  scheduler?: Scheduler
  /** Shows a desktop notification (main: Electron's Notification); the history keeps them all. */
  showNotification?: (n: AppNotification) => void
  /** Shows a file dialog for a CA certificate (main: dialog.showOpenDialog; harness: --ca-file). */
  chooseCaFile?: ChooseFile
  /** A save dialog for a snapshot (main: dialog.showSaveDialog; harness: --snapshot-file). */
  chooseSnapshotTarget?: (suggestedName: string) => Promise<string | undefined>
  /** An open dialog for a snapshot file (main: dialog.showOpenDialog; harness: --open-file). */
  chooseSnapshotFile?: ChooseFile
  /** Shows a file in the system's file manager (main: shell.showItemInFolder). */
  showInFolder?: (path: string) => void
}

export interface Service {
  handlers: Handlers
  accounts: Accounts
  /** The one poller every view, the tray and the notifications read from. */
  monitor: Monitor
  notifications: NotificationCenter
  preferences: PreferencesFile
  snapshots: SnapshotApp
  /** A client for an account (cached until the account is removed). */
  client(accountId: string): Promise<OneproviderClient>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
  emit<E extends EventName>(event: E, payload: Events[E]): void
  close(): Promise<void>
}

/** A demo provider's account has the provider's name as its id, and is kept in memory only. */
const DEMO_LABELS: Record<DemoProviderName, string> = {
  demo: 'Demo provider',
  'demo-2': 'Demo provider 2'
}
const isDemo = (id: string): id is DemoProviderName => Object.hasOwn(DEMO_LABELS, id)

export function createService(opts: ServiceOptions): Service {
  const log = opts.log ?? silentLogger
  const accounts = new Accounts(opts.dataDir, opts.vault, log, opts.verify)
  // Repairs what an interrupted run left; the notices wait for it, the monitor follows it.
  const opened = accounts.open()
  const caFiles = new CaChoices(opts.chooseCaFile)
  const clients = new Map<string, Promise<OneproviderClient>>()
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const demos = new Map<DemoProviderName, Promise<DemoProvider>>()
  const stopDemo = async (which: DemoProviderName) => {
    const running = demos.get(which)
    demos.delete(which)
    await running?.then((d) => d.stop()).catch(() => undefined)
  }
  const emit = <E extends EventName>(event: E, payload: Events[E]) => {
    for (const l of listeners.get(event) ?? []) l(payload)
  }

  const preferences = new PreferencesFile(opts.dataDir)
  const inbox = new InboxMemoryFile(opts.dataDir, log)
  const monitor = new Monitor({
    dataDir: opts.dataDir,
    scheduler: opts.scheduler,
    cadence: preferences.get().cadence,
    log,
    // The monitor's own clients: it backs off itself, so they do not retry.
    connect: async (accountId) => {
      const { account, token } = await accounts.credentials(accountId)
      return clientFor(account.providerUrl, token, account.caPath, { retry: { retries: 0 } })
    },
    connectZone: async (accountId) => {
      const { account, token } = await accounts.credentials(accountId)
      if (!account.onezoneUrl) return undefined
      return new OnezoneClient({ url: account.onezoneUrl, token, ca: readCa(account.caPath).ca })
    }
  })
  preferences.onChange((p) => monitor.setCadence(p.cadence))
  const notifications = new NotificationCenter({
    file: join(opts.dataDir, 'notifications.json'),
    scheduler: monitor.scheduler,
    preferences: () => preferences.get(),
    naming: {
      space: (accountId, spaceId) => monitor.spaceName(accountId, spaceId),
      lane: (accountId, executionId, laneIndex) =>
        monitor.laneName(accountId, executionId, laneIndex),
      account: (accountId) => accounts.list().find((a) => a.id === accountId)?.label
    },
    show: opts.showNotification,
    log
  })
  monitor.onChange((c) => emit('monitor:changed', c))
  monitor.onEvent((e) => emit('monitor:event', e))
  const snapshots = createSnapshotApp({
    dataDir: opts.dataDir,
    monitor: {
      execution: (accountId, executionId) => monitor.execution(accountId, executionId),
      client: (accountId) => client(accountId),
      host: (accountId) => new URL(accounts.find(accountId).providerUrl).host,
      ids: (accountId, spaceId, phase) => monitor.ids(accountId, spaceId, phase),
      now: () => monitor.scheduler.now()
    },
    autoSave: () => preferences.get().autoSaveSnapshots,
    log,
    chooseSaveFile: opts.chooseSnapshotTarget,
    chooseOpenFile: opts.chooseSnapshotFile,
    showInFolder: opts.showInFolder,
    onChanged: () => emit('snapshots:changed', {})
  })
  monitor.onEvent((e) => snapshots.autoSaver.onEvent(e))
  notifications.onChange((h) =>
    emit('notifications:changed', {
      unread: h.unread,
      ...(h.items[0] ? { latest: h.items[0] } : {}),
      ...(h.pausedUntil !== undefined ? { pausedUntil: h.pausedUntil } : {})
    })
  )
  /** Monitors every account (the demo one in memory only), then catches up notifications. */
  const syncMonitor = () => {
    monitor.setAccounts(
      accounts.list().map((a) => ({
        id: a.id,
        label: a.label,
        providerUrl: a.providerUrl,
        spaces: a.spaces,
        persist: !a.demo
      }))
    )
    notifications.catchUp(monitor)
  }
  syncMonitor()
  notifications.attach(monitor)
  void opened.then(syncMonitor, () => undefined)

  const client = (accountId: string): Promise<OneproviderClient> => {
    let pending = clients.get(accountId)
    if (!pending) {
      pending = (async () => {
        const { account, token } = await accounts.credentials(accountId)
        return clientFor(account.providerUrl, token, account.caPath)
      })()
      clients.set(accountId, pending)
      pending.catch(() => clients.delete(accountId))
    }
    return pending
  }

  const dropClient = async (accountId: string) => {
    const pending = clients.get(accountId)
    clients.delete(accountId)
    await pending?.then((c) => c.close()).catch(() => undefined)
  }

  /** After an action the monitor reads the execution at once; the views hear of it. */
  const refreshAfterAction = (accountId: string, executionId: string) => {
    try {
      monitor.refresh(accountId, executionId)
    } catch {
      // An account the monitor does not watch (its store is held elsewhere): nothing to refresh.
    }
  }

  const handlers: Handlers = {
    'accounts.list': async () => accounts.list(),
    'accounts.add': async ({ caFile, ...fields }) => {
      const ca = caFile ? caFiles.get(caFile) : undefined
      const added = await accounts.add({
        ...fields,
        ...(ca ? { caPath: ca.path, caPem: ca.pem } : {})
      })
      if (caFile) caFiles.forget(caFile)
      syncMonitor()
      return added
    },
    'accounts.update': async ({ accountId, caFile, onezoneUrl, ...fields }) => {
      const ca = caFile ? caFiles.get(caFile) : caFile === null ? null : undefined
      const updated = await accounts.update(accountId, {
        ...fields,
        ...(onezoneUrl !== undefined ? { onezoneUrl } : {}),
        ...(ca !== undefined ? { ca } : {})
      })
      if (caFile) caFiles.forget(caFile)
      // The monitor and the clients start again on the changed URLs, CA or token.
      await monitor.release(accountId)
      await dropClient(accountId)
      syncMonitor()
      return updated
    },
    'accounts.chooseCa': async () => caFiles.choose(),
    'accounts.remove': async ({ accountId }) => {
      await accounts.remove(accountId)
      await monitor.forget(accountId)
      await dropClient(accountId)
      if (isDemo(accountId)) await stopDemo(accountId)
      return { removed: true }
    },
    'accounts.test': async ({ accountId }) => accounts.test(accountId),
    'accounts.setSpaces': async ({ accountId, spaceIds }) => {
      const account = await accounts.setSpaces(accountId, spaceIds)
      syncMonitor()
      return account
    },
    'demo.start': async ({ which = 'demo' }) => {
      const start = opts.startDemo
      if (!start) throw new AppError('demo.unavailable', 'The demo provider is not available here.')
      let pending = demos.get(which)
      if (!pending) {
        pending = start(which)
        demos.set(which, pending)
        pending.catch(() => demos.delete(which))
      }
      const provider = await pending
      const existing = accounts.list().find((a) => a.id === which)
      if (existing) return existing
      accounts.addDemo(
        {
          id: which,
          label: DEMO_LABELS[which],
          providerUrl: provider.url,
          ...(provider.onezoneUrl ? { onezoneUrl: provider.onezoneUrl } : {}),
          spaces: [],
          demo: true
        },
        provider.token
      )
      const spaces = await (await client(which)).listSpaces()
      const account = await accounts.setSpaces(
        which,
        spaces.map((s) => s.spaceId)
      )
      syncMonitor()
      return account
    },
    'spaces.list': async ({ accountId }) => {
      const account = accounts.find(accountId)
      const spaces = await (await client(accountId)).listSpaces()
      return spaces.map((s) => ({ ...s, watched: account.spaces.includes(s.spaceId) }))
    },
    'executions.list': async ({ accountId, spaceId, phase, limit, pageToken }) =>
      (await client(accountId)).listExecutions(spaceId, { phase, limit, token: pageToken }),
    'executions.get': async ({ accountId, executionId }) =>
      (await client(accountId)).getExecution(executionId),
    'executions.act': async ({ accountId, executionId, action }) => {
      const { note } = await controlExecution(await client(accountId), executionId, action)
      log.info('execution action', { accountId, executionId, action })
      refreshAfterAction(accountId, executionId)
      return { done: true, ...(note ? { note } : {}) }
    },
    'executions.repeat': async ({ accountId, executionId, type, laneIndex, laneRunNumber }) => {
      const { note } = await repeatLaneRun(
        await client(accountId),
        executionId,
        type,
        laneIndex,
        laneRunNumber
      )
      log.info('lane run repeated', { accountId, executionId, type, laneIndex, laneRunNumber })
      refreshAfterAction(accountId, executionId)
      return { done: true, ...(note ? { note } : {}) }
    },
    'executions.auditLog': async ({ accountId, executionId }) => {
      const c = await client(accountId)
      const d = await c.getExecution(executionId)
      if (!d.systemAuditLogStoreId) return []
      return c.dumpAuditLog(d.systemAuditLogStoreId)
    },
    ...snapshots.handlers,
    ...scheduleHandlers({ credentials: (id) => accounts.credentials(id), provider: client, log }),
    'monitor.overview': async () => monitor.overview(),
    'monitor.execution': async ({ accountId, executionId }) =>
      monitor.execution(accountId, executionId),
    'monitor.ids': async ({ accountId, spaceId, phase, relist }) =>
      monitor.ids(accountId, spaceId, phase, relist),
    'monitor.details': async ({ accountId, executionIds }) =>
      monitor.details(accountId, executionIds),
    'monitor.view': async ({ visible, focus }) => {
      monitor.setView({ visible, focus })
      return { done: true }
    },
    'monitor.refresh': async ({ accountId, executionId }) => {
      if (executionId && !accountId)
        throw new AppError('monitor.badRefresh', 'Name the account of the execution to refresh.')
      monitor.refresh(accountId, executionId)
      return { done: true }
    },
    'monitor.pause': async ({ paused }) => {
      monitor.setPaused(paused)
      return { paused }
    },
    'monitor.markSeen': async ({ accountId, spaceId }) => {
      monitor.markSeen(accountId, spaceId)
      return { done: true }
    },
    'notifications.list': async () => notifications.history(),
    'notifications.markRead': async ({ ids }) => {
      notifications.markRead(ids)
      return notifications.history()
    },
    'notifications.pause': async ({ forMs }) => {
      notifications.pause(forMs)
      return notifications.history()
    },
    'inbox.get': async () => inbox.get(),
    'inbox.set': async (memory) => inbox.set(memory),
    'settings.get': async () => preferences.get(),
    'settings.set': async (patch) => preferences.set(patch),
    'app.notices': async () =>
      [...(await opened), preferences.problem, notifications.problem, ...monitor.problems].filter(
        (p): p is string => p !== undefined
      ),
    'app.openExternal': async ({ url }) => {
      const safe = safeExternalUrl(url)
      if (!safe) throw new AppError('app.urlRefused', 'Only http and https links are opened.')
      if (!opts.openExternal) return { opened: false }
      await opts.openExternal(safe)
      return { opened: true }
    }
  }

  return {
    handlers,
    accounts,
    monitor,
    notifications,
    preferences,
    snapshots,
    client,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener as (payload: unknown) => void)
      return () => set.delete(listener as (payload: unknown) => void)
    },
    emit,
    async close() {
      notifications.stop()
      await monitor.stop()
      await snapshots.autoSaver.idle()
      await Promise.all([...clients.keys()].map(dropClient))
      await Promise.all([...demos.keys()].map(stopDemo))
    }
  }
}
