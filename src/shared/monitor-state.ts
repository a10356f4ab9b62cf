// What the monitor knows, as the views, the tray and the inbox read it through the contract.
// Everything here comes from the monitor's cache: reading it costs no request to a provider.
import type { SpaceAccess } from './access'
import type { AuditLogEntry, ExecutionDetails } from './execution'
import type { Observations, WorkflowNames } from './observations'
import type { Phase } from './statuses'

export interface Problem {
  id: string
  description: string
  /** network, tls, server, response: what failed. */
  kind?: string
  httpStatus?: number
}

/** Longest user id and name the contract carries (Onezone's are far shorter). */
export const USER_ID_MAX = 200
export const USER_NAME_MAX = 200

/** The account's own user, as the account's Onezone names it. */
export interface AccountUser {
  userId: string
  name?: string
}

/** A provider (one per account) and its request budget. */
export interface ProviderStatus {
  accountId: string
  label: string
  /** Host of the provider (never a token). */
  host: string
  reachable: boolean
  /** Why it is unreachable or what the last request got, while requests fail. */
  problem?: Problem
  unreachableSince?: number
  backingOff: boolean
  /** When the next request goes out while backing off. */
  retryAt?: number
  requestsLastMinute: number
  /** When the next refresh of anything of this provider is due. */
  nextRefreshAt?: number
  inFlight: number
  /**
   * Who the account's user is, from its Onezone; absent without a Onezone, until the lookup
   * answered, and when it failed ("only mine" and "you" need it).
   */
  user?: AccountUser
}

export interface SpaceStatus {
  accountId: string
  spaceId: string
  name: string
  /** How many executions each phase lists; null until listed. */
  counts: Record<Phase, number | null>
  /** Failed or crashed lane runs and executions since the user last looked at the space. */
  failuresSinceSeen: number
  listedAt?: number
  /** Why the space cannot be listed (e.g. no privilege to view its executions). */
  problem?: Problem
}

/** One execution in a list, a menu or a tooltip. */
export interface ExecutionSummary {
  accountId: string
  spaceId: string
  executionId: string
  name: string
  status: string
  /** null for a status the spec does not list. */
  phase: Phase | null
  /** POSIX seconds, as the server sent them; 0 = never. */
  scheduleTime: number
  startTime: number
  finishTime: number
}

export interface MonitorOverview {
  now: number
  paused: boolean
  visible: boolean
  providers: ProviderStatus[]
  spaces: SpaceStatus[]
  /** Waiting and ongoing executions, most recently started first. */
  active: ExecutionSummary[]
  /** Executions that ended in the last day, most recent first (a few). */
  recentlyEnded: ExecutionSummary[]
  unseenFailures: number
  /** Things the user must be told, such as a damaged store that was rebuilt. */
  problems: string[]
}

/** All ids a phase lists in a space (every page), and how many have cached details. */
export interface PhaseIds {
  ids: string[]
  /** False until every page was read at least once (ended lists are long). */
  complete: boolean
  listedAt?: number
  loaded: number
}

export interface CachedDetails {
  details: ExecutionDetails | null
  /** Why the details could not be read (e.g. no access to the inventory). */
  error?: Problem
}

/** A lane run of an earlier execution of the same workflow, as the monitor saw it run. */
export interface LaneDurationSample {
  executionId: string
  laneIndex: number
  runNumber: number
  status: string
  durationMs: number
  /** When it stopped (ms since the epoch). */
  endedAt: number
}

/** Everything the execution view shows of one execution. */
export interface ExecutionState {
  accountId: string
  executionId: string
  spaceId?: string
  details: ExecutionDetails | null
  error?: Problem
  /** When the details were last read (ms since the epoch). */
  readAt?: number
  observations: Observations
  /** null until read; refreshed when the execution changes while it is on screen. */
  auditLog: AuditLogEntry[] | null
  auditLogError?: Problem
  names: WorkflowNames
  laneSamples: LaneDurationSample[]
  /** The provider the account reads, as the account names it (never a token). */
  provider?: { label: string; host: string }
  /** The scheduling user's name from the account's Onezone, when known. */
  userName?: string
  /** The account's privileges in the execution's space from Onezone; absent when unknown. */
  access?: SpaceAccess
  /** The log level the execution was scheduled with, when known (REST does not return it). */
  logLevel?: string
}
