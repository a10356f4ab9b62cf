// The application service: one function per IPC channel, used by Electron's main process, the
// browser harness and tests. It owns accounts, provider clients and the demo provider; tokens
// stay here and never appear in what it returns.
import type {
  Channel,
  DemoProviderName,
  EventName,
  Events,
  Request,
  Responses
} from '../shared/ipc'
import { safeExternalUrl } from '../shared/urls'
import { Accounts } from './accounts/accounts'
import type { TokenVault } from './accounts/vault'
import { CaChoices, type ChooseFile } from './accounts/ca-choices'
import { clientFor } from './accounts/client'
import type { VerifyInput } from './accounts/verify'
import { controlExecution, repeatLaneRun } from './control'
import { scheduleHandlers } from './schedule'
import { AppError } from './errors'
import { silentLogger, type Logger } from './log'
import type { OneproviderClient } from './onedata'
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
  /** Shows a file dialog for a CA certificate (main: dialog.showOpenDialog; harness: --ca-file). */
  chooseCaFile?: ChooseFile
}

export interface Service {
  handlers: Handlers
  accounts: Accounts
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
  // Repairs what an interrupted run left; the notices wait for it.
  void accounts.open()
  const caFiles = new CaChoices(opts.chooseCaFile)
  const clients = new Map<string, Promise<OneproviderClient>>()
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const demos = new Map<DemoProviderName, Promise<DemoProvider>>()
  const stopDemo = async (which: DemoProviderName) => {
    const running = demos.get(which)
    demos.delete(which)
    await running?.then((d) => d.stop()).catch(() => undefined)
  }

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

  const handlers: Handlers = {
    'accounts.list': async () => accounts.list(),
    'accounts.add': async ({ caFile, ...fields }) => {
      const ca = caFile ? caFiles.get(caFile) : undefined
      const added = await accounts.add({
        ...fields,
        ...(ca ? { caPath: ca.path, caPem: ca.pem } : {})
      })
      if (caFile) caFiles.forget(caFile)
      return added
    },
    'accounts.chooseCa': async () => caFiles.choose(),
    'accounts.remove': async ({ accountId }) => {
      await accounts.remove(accountId)
      await dropClient(accountId)
      if (isDemo(accountId)) await stopDemo(accountId)
      return { removed: true }
    },
    'accounts.test': async ({ accountId }) => accounts.test(accountId),
    'accounts.setSpaces': async ({ accountId, spaceIds }) =>
      accounts.setSpaces(accountId, spaceIds),
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
      return accounts.setSpaces(
        which,
        spaces.map((s) => s.spaceId)
      )
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
      await controlExecution(await client(accountId), executionId, action)
      log.info('execution action', { accountId, executionId, action })
      return { done: true }
    },
    'executions.repeat': async ({ accountId, executionId, type, laneIndex, laneRunNumber }) => {
      await repeatLaneRun(await client(accountId), executionId, type, laneIndex, laneRunNumber)
      log.info('lane run repeated', { accountId, executionId, type, laneIndex, laneRunNumber })
      return { done: true }
    },
    'executions.auditLog': async ({ accountId, executionId }) => {
      const c = await client(accountId)
      const d = await c.getExecution(executionId)
      if (!d.systemAuditLogStoreId) return []
      return c.dumpAuditLog(d.systemAuditLogStoreId)
    },
    ...scheduleHandlers({ credentials: (id) => accounts.credentials(id), provider: client, log }),
    'app.notices': async () => accounts.open(),
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
    client,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener as (payload: unknown) => void)
      return () => set.delete(listener as (payload: unknown) => void)
    },
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) l(payload)
    },
    async close() {
      await Promise.all([...clients.keys()].map(dropClient))
      await Promise.all([...demos.keys()].map(stopDemo))
    }
  }
}
