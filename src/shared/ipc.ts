// The one IPC contract: every channel's name, request schema and response type, and the events
// main pushes to windows. Main binds handlers by iterating it, the preload and the harness shim
// expose it as `window.lanewatch`, and the service implements one function per channel.
import { z } from 'zod'
import {
  accountLabel,
  serviceUrl,
  type Account,
  type AccountReport,
  type ChosenCaFile
} from './accounts'
import type { AuditLogEntry, ExecutionDetails, ExecutionListPage } from './execution'
import { EXECUTION_ACTIONS } from './actions'
import type { SpaceSummary } from './provider'
import { LOG_LEVELS, PHASES } from './statuses'
import type { Inventory } from './onezone'
import type { RevisionView, WorkflowSummary } from './workflow-catalog'

const id = z.string().min(1).max(200)

/** The built-in demo providers: each its own simulator, with its own account (`demo`, `demo-2`). */
export const DEMO_PROVIDERS = ['demo', 'demo-2'] as const
export type DemoProviderName = (typeof DEMO_PROVIDERS)[number]
const accountId = id

export const contract = {
  'accounts.list': { request: z.object({}).strict() },
  'accounts.add': {
    request: z
      .object({
        label: accountLabel,
        providerUrl: serviceUrl('provider'),
        onezoneUrl: serviceUrl('Onezone').optional(),
        /** A handle from accounts.chooseCa: the window never names a file itself. */
        caFile: z.string().min(1).max(100).optional(),
        // Travels towards main once, to be stored in the keychain; never sent back.
        token: z.string().trim().min(1, 'paste an access token').max(10_000)
      })
      .strict()
  },
  /** Shows main's file dialog for a CA certificate; main reads the file and keeps its path. */
  'accounts.chooseCa': { request: z.object({}).strict() },
  'accounts.remove': { request: z.object({ accountId }).strict() },
  'accounts.test': { request: z.object({ accountId }).strict() },
  'accounts.setSpaces': {
    request: z.object({ accountId, spaceIds: z.array(id).max(1000) }).strict()
  },
  /** Starts a demo provider (the first by default) and answers its in-memory account. */
  'demo.start': { request: z.object({ which: z.enum(DEMO_PROVIDERS).optional() }).strict() },
  'spaces.list': { request: z.object({ accountId }).strict() },
  'executions.list': {
    request: z
      .object({
        accountId,
        spaceId: id,
        phase: z.enum(PHASES),
        limit: z.number().int().min(1).max(1000).optional(),
        pageToken: z.string().min(1).max(2000).optional()
      })
      .strict()
  },
  'executions.get': { request: z.object({ accountId, executionId: id }).strict() },
  'executions.act': {
    request: z.object({ accountId, executionId: id, action: z.enum(EXECUTION_ACTIONS) }).strict()
  },
  'executions.repeat': {
    request: z
      .object({
        accountId,
        executionId: id,
        type: z.enum(['retry', 'rerun']),
        laneIndex: z.number().int().min(1),
        laneRunNumber: z.number().int().min(1)
      })
      .strict()
  },
  'executions.auditLog': { request: z.object({ accountId, executionId: id }).strict() },
  // Scheduling: inventories, workflow schemas and a revision's stores from the account's
  // Onezone; submit checks the overlay against the revision before sending.
  'schedule.inventories': { request: z.object({ accountId }).strict() },
  'schedule.workflows': { request: z.object({ accountId, inventoryId: id }).strict() },
  'schedule.revision': {
    request: z
      .object({ accountId, atmWorkflowSchemaId: id, revisionNumber: z.number().int().min(1) })
      .strict()
  },
  'schedule.submit': {
    request: z
      .object({
        accountId,
        spaceId: id,
        atmWorkflowSchemaId: id,
        revisionNumber: z.number().int().min(1),
        overlay: z.record(z.string(), z.unknown()).optional(),
        logLevel: z.enum(LOG_LEVELS).optional(),
        callback: z.string().max(2000).optional()
      })
      .strict()
  },
  'app.openExternal': { request: z.object({ url: z.string().max(2000) }).strict() },
  /** Things the user must be told once, such as a damaged settings file that was moved aside. */
  'app.notices': { request: z.object({}).strict() }
} as const

export type Channel = keyof typeof contract
export const CHANNELS = Object.keys(contract) as Channel[]
export type Request<C extends Channel> = z.infer<(typeof contract)[C]['request']>

/** What each channel answers with when it succeeds. */
export interface Responses {
  'accounts.list': Account[]
  'accounts.add': { account: Account; report: AccountReport }
  /** null when the dialog was cancelled. */
  'accounts.chooseCa': ChosenCaFile | null
  'accounts.remove': { removed: true }
  'accounts.test': AccountReport
  'accounts.setSpaces': Account
  'demo.start': Account
  'spaces.list': (SpaceSummary & { watched: boolean })[]
  'executions.list': ExecutionListPage
  'executions.get': ExecutionDetails
  'executions.act': { done: true }
  'executions.repeat': { done: true }
  'executions.auditLog': AuditLogEntry[]
  'schedule.inventories': Inventory[]
  'schedule.workflows': WorkflowSummary[]
  'schedule.revision': RevisionView
  /** `notes`: what only the provider can check (files exist in the space, …). */
  /** `executionId` is null when the provider accepted it but its answer could not be read. */
  'schedule.submit': { executionId: string | null; notes: string[] }
  'app.openExternal': { opened: boolean }
  'app.notices': string[]
}

/** An error as it crosses IPC: plain data, never an exception. */
export interface IpcError {
  id: string
  description: string
  details?: Record<string, unknown>
  httpStatus?: number
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError }

/** Events main pushes to windows. */
export interface Events {
  'monitor:changed': { accountId: string; executionId: string }
  'run:ended': {
    accountId: string
    executionId: string
    laneIndex: number
    runNumber: number
    status: string
  }
  navigate: { view: 'execution'; accountId: string; executionId: string }
}
export type EventName = keyof Events
export const EVENT_NAMES: EventName[] = ['monitor:changed', 'run:ended', 'navigate']

/** `accounts.list` → ['accounts', 'list']: the path of a channel's method on window.lanewatch. */
export function methodPath(channel: Channel): [string, string] {
  const [group, method] = channel.split('.') as [string, string]
  return [group, method]
}

type Split<C extends string> = C extends `${infer G}.${infer M}` ? [G, M] : never
type Groups = Split<Channel>[0]
type MethodsOf<G extends string> = {
  [C in Channel as Split<C>[0] extends G ? Split<C>[1] : never]: (
    request: Request<C>
  ) => Promise<IpcResult<Responses[C]>>
}

/** `window.lanewatch`: domain methods generated from the contract, and `on` for events. */
export type LanewatchApi = { [G in Groups]: MethodsOf<G> } & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}

/**
 * Builds the API object from a transport: used by the preload (ipcRenderer) and by the
 * browser harness's shim (WebSocket), so both expose exactly the contract.
 */
export function buildApi(
  invoke: (channel: Channel, request: unknown) => Promise<unknown>,
  subscribe: (event: EventName, listener: (payload: unknown) => void) => () => void
): LanewatchApi {
  const api: Record<string, unknown> = {}
  for (const channel of CHANNELS) {
    const [group, method] = methodPath(channel)
    const target = (api[group] ??= {}) as Record<string, unknown>
    target[method] = (request: unknown) => invoke(channel, request ?? {})
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!EVENT_NAMES.includes(event)) throw new Error(`unknown event "${String(event)}"`)
    return subscribe(event, listener)
  }
  return api as LanewatchApi
}
