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
import { isWithinLimits } from './bounded'
import {
  LANE_INDEX_MAX,
  RUN_NUMBER_MAX,
  type AuditLogEntry,
  type ExecutionDetails,
  type ExecutionListPage
} from './execution'
import { EXECUTION_ACTIONS } from './actions'
import { inboxMemorySchema, type InboxMemory } from './inbox'
import type { MonitorEvent } from './monitor'
import { preferencesPatchSchema, type Preferences } from './monitor-settings'
import type { CachedDetails, ExecutionState, MonitorOverview, PhaseIds } from './monitor-state'
import type { AppNotification, NavigateTarget, NotificationHistory } from './notifications'
import type { SpaceSummary } from './provider'
import type {
  Library,
  OpenedSnapshot,
  OutsideSnapshotFile,
  GoneExecution,
  SavedExecution,
  SavedSnapshot,
  SnapshotComparison
} from './snapshot-library'
import { LOG_LEVELS, PHASES } from './statuses'
import type { Inventory } from './onezone'
import type { RevisionView, WorkflowSummary } from './workflow-catalog'
import { OVERLAY_LIMITS, OVERLAY_TOO_LARGE, REVISION_NUMBER_MAX } from './schedule'

const id = z.string().min(1).max(200)

/** The built-in demo providers: each its own simulator, with its own account (`demo`, `demo-2`). */
export const DEMO_PROVIDERS = ['demo', 'demo-2'] as const
export type DemoProviderName = (typeof DEMO_PROVIDERS)[number]
const accountId = id
const revisionNumber = z.number().int().min(1).max(REVISION_NUMBER_MAX)
/** A snapshot in the history, by its file name there. */
const historyFile = z.string().min(1).max(255)
const snapshotSource = z.union([
  z.object({ file: historyFile }).strict(),
  z.object({ handle: z.string().min(1).max(100) }).strict()
])

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
  /** Edits an account: fields left out stay; a new token replaces the one in the keychain. */
  'accounts.update': {
    request: z
      .object({
        accountId,
        label: accountLabel.optional(),
        providerUrl: serviceUrl('provider').optional(),
        /** An empty string removes the Onezone URL. */
        onezoneUrl: z.union([z.literal(''), serviceUrl('Onezone')]).optional(),
        /** A handle from accounts.chooseCa, or null to stop trusting the chosen CA file. */
        caFile: z.string().min(1).max(100).nullable().optional(),
        token: z.string().trim().min(1, 'paste an access token').max(10_000).optional()
      })
      .strict()
  },
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
        laneIndex: z.number().int().min(1).max(LANE_INDEX_MAX),
        laneRunNumber: z.number().int().min(1).max(RUN_NUMBER_MAX)
      })
      .strict()
  },
  'executions.auditLog': { request: z.object({ accountId, executionId: id }).strict() },
  // Scheduling: inventories, workflow schemas and a revision's stores from the account's
  // Onezone; submit checks the overlay against the revision before sending.
  'schedule.inventories': { request: z.object({ accountId }).strict() },
  'schedule.workflows': { request: z.object({ accountId, inventoryId: id }).strict() },
  'schedule.revision': {
    request: z.object({ accountId, atmWorkflowSchemaId: id, revisionNumber }).strict()
  },
  'schedule.submit': {
    request: z
      .object({
        accountId,
        spaceId: id,
        atmWorkflowSchemaId: id,
        revisionNumber,
        overlay: z
          .record(id, z.unknown())
          .refine((o) => isWithinLimits(o, OVERLAY_LIMITS), OVERLAY_TOO_LARGE)
          .optional(),
        logLevel: z.enum(LOG_LEVELS).optional(),
        callback: z.string().max(2000).optional()
      })
      .strict()
  },
  // The monitor's cache: reading it costs no request to a provider.
  /** Providers with their request budget, watched spaces with counts, running executions. */
  'monitor.overview': { request: z.object({}).strict() },
  /** Everything the execution view shows; asks the monitor for what it lacks (then pushes). */
  'monitor.execution': { request: z.object({ accountId, executionId: id }).strict() },
  /** Every id a phase lists in a watched space; `relist` reads every ended page again. */
  'monitor.ids': {
    request: z
      .object({ accountId, spaceId: id, phase: z.enum(PHASES), relist: z.boolean().optional() })
      .strict()
  },
  /** Cached details of these executions; missing ones are read first, a few at a time. */
  'monitor.details': {
    request: z.object({ accountId, executionIds: z.array(id).min(1).max(500) }).strict()
  },
  /** What is on screen: the window's visibility and the execution shown (null: none). */
  'monitor.view': {
    request: z
      .object({
        visible: z.boolean(),
        focus: z.object({ accountId, executionId: id }).strict().nullable()
      })
      .strict()
  },
  /** Refresh now: one execution (after an action), an account, or everything. */
  'monitor.refresh': {
    request: z.object({ accountId: accountId.optional(), executionId: id.optional() }).strict()
  },
  'monitor.pause': { request: z.object({ paused: z.boolean() }).strict() },
  /** The user looked at a space: its failures are no longer unseen. */
  'monitor.markSeen': { request: z.object({ accountId, spaceId: id }).strict() },
  'notifications.list': { request: z.object({}).strict() },
  /** Marks notifications read (all of them without ids). */
  'notifications.markRead': {
    request: z.object({ ids: z.array(z.string().min(1).max(300)).max(100).optional() }).strict()
  },
  /** Pauses desktop notifications for a while (at most a day); null resumes them. */
  'notifications.pause': {
    request: z
      .object({
        forMs: z
          .number()
          .int()
          .min(60_000)
          .max(24 * 60 * 60_000)
          .nullable()
      })
      .strict()
  },
  // Snapshots: the local history (files named by their name in it), files from outside (by a
  // handle from snapshots.choose or snapshots.admit), offline review and comparisons.
  /** Saves the execution as the monitor has it into the history; `chooseFile`: also to a file. */
  'snapshots.save': {
    request: z.object({ accountId, executionId: id, chooseFile: z.boolean().optional() }).strict()
  },
  'snapshots.list': { request: z.object({}).strict() },
  'snapshots.delete': { request: z.object({ file: historyFile }).strict() },
  /** Shows the file in the system's file manager. */
  'snapshots.reveal': { request: z.object({ file: historyFile }).strict() },
  /** Main's open dialog for a snapshot file: a handle and the file's name, null if cancelled. */
  'snapshots.choose': { request: z.object({}).strict() },
  /** A file dropped on the window (its path from the preload), checked before it is read. */
  'snapshots.admit': { request: z.object({ path: z.string().min(1).max(4096) }).strict() },
  /** Loads a snapshot for offline review: no account, keychain or network needed. */
  'snapshots.open': { request: z.object({ source: snapshotSource }).strict() },
  /** Compares an earlier snapshot with a later one, or with the live execution. */
  'snapshots.compare': {
    request: z
      .object({
        before: snapshotSource,
        after: z.union([
          snapshotSource,
          z.object({ live: z.object({ accountId, executionId: id }).strict() }).strict()
        ])
      })
      .strict()
  },
  /**
   * The account's executions the history holds (newest snapshot each), for the list's "saved"
   * mark. Execution ids are unique, so the answer covers the account's provider; `spaceId` is
   * accepted for the caller's convenience and does not narrow it.
   */
  'snapshots.saved': { request: z.object({ accountId, spaceId: id.optional() }).strict() },
  /** Executions of a watched space the server no longer lists, from the history. */
  'snapshots.gone': { request: z.object({ accountId, spaceId: id }).strict() },
  'settings.get': { request: z.object({}).strict() },
  /** Changes some settings: cadences, notification rules, mutes, tray and login. */
  'settings.set': { request: preferencesPatchSchema },
  /** What the inbox showed last (account, space, phase, filters, sort), for the next start. */
  'inbox.get': { request: z.object({}).strict() },
  'inbox.set': { request: inboxMemorySchema },
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
  'accounts.update': { account: Account; report: AccountReport }
  'accounts.remove': { removed: true }
  'accounts.test': AccountReport
  'accounts.setSpaces': Account
  'demo.start': Account
  'spaces.list': (SpaceSummary & { watched: boolean })[]
  'executions.list': ExecutionListPage
  'executions.get': ExecutionDetails
  /** `note`: the provider accepted the change but its answer could not be read. */
  'executions.act': ActionDone
  'executions.repeat': ActionDone
  'executions.auditLog': AuditLogEntry[]
  'schedule.inventories': Inventory[]
  'schedule.workflows': WorkflowSummary[]
  'schedule.revision': RevisionView
  /** `notes`: what only the provider can check (files exist in the space, …). */
  /** `executionId` is null when the provider accepted it but its answer could not be read. */
  'schedule.submit': { executionId: string | null; notes: string[] }
  'monitor.overview': MonitorOverview
  'monitor.execution': ExecutionState
  'monitor.ids': PhaseIds
  'monitor.details': Record<string, CachedDetails>
  'monitor.view': { done: true }
  'monitor.refresh': { done: true }
  'monitor.pause': { paused: boolean }
  'monitor.markSeen': { done: true }
  'notifications.list': NotificationHistory
  'notifications.markRead': NotificationHistory
  'notifications.pause': NotificationHistory
  'snapshots.save': SavedSnapshot
  'snapshots.list': Library
  'snapshots.delete': { deleted: true }
  'snapshots.reveal': { shown: boolean }
  'snapshots.choose': OutsideSnapshotFile | null
  'snapshots.admit': OutsideSnapshotFile
  'snapshots.open': OpenedSnapshot
  'snapshots.compare': SnapshotComparison
  'snapshots.saved': SavedExecution[]
  'snapshots.gone': GoneExecution[]
  'settings.get': Preferences
  'settings.set': Preferences
  'inbox.get': InboxMemory
  'inbox.set': InboxMemory
  'app.openExternal': { opened: boolean }
  'app.notices': string[]
}

/** A change the provider accepted; `note` tells the user when its answer could not be read. */
export interface ActionDone {
  done: true
  note?: string
}

/** An error as it crosses IPC: plain data, never an exception. */
export interface IpcError {
  id: string
  description: string
  details?: Record<string, unknown>
  httpStatus?: number
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError }

/** Events main pushes to windows. Views refetch from the monitor's cache when they arrive. */
export interface Events {
  /** The monitor's cached state changed: these spaces and executions, or the provider's state. */
  'monitor:changed': {
    accountId: string
    spaceIds: string[]
    executionIds: string[]
    provider: boolean
  }
  /** Each monitor event, once. */
  'monitor:event': MonitorEvent
  /** The notification history changed (a new one arrived, some were read, a pause). */
  'notifications:changed': { unread: number; latest?: AppNotification; pausedUntil?: number }
  /** Open a view: a notification or a tray entry was clicked. */
  navigate: NavigateTarget
  /** The snapshot history changed (a save, an automatic save, a delete). */
  'snapshots:changed': Record<string, never>
}
export type EventName = keyof Events
export const EVENT_NAMES: EventName[] = [
  'monitor:changed',
  'monitor:event',
  'notifications:changed',
  'navigate',
  'snapshots:changed'
]

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
  /** In the app only (the preload): the path of a file dropped on the window, '' if none. */
  pathForFile?: (file: File) => string
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
