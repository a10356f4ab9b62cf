// The live state of executions in the simulator (spec §4): what REST shows, plus what the engine
// needs to move runs forward (queues of items, pending events, stopping reasons, retries left).
import type {
  KnownLaneRunStatus,
  KnownLaneRunType,
  KnownWorkflowStatus,
  LogLevel
} from '../../shared/statuses'
import type { ScheduledEvent } from '../clock'
import type { LaneDef, RevisionDef, WorkflowSchemaDef } from './world'

/** Why a lane run is stopping, with op-worker's priorities: a higher one overrides a lower one. */
export const STOP_REASON_PRIORITY = {
  op_worker_stopping: 0,
  pause: 1,
  interrupt: 2,
  failure: 3,
  cancel: 4,
  crash: 5
} as const
export type StopReason = keyof typeof STOP_REASON_PRIORITY

export const STATUS_AFTER_STOP: Record<StopReason, KnownLaneRunStatus> = {
  op_worker_stopping: 'paused',
  pause: 'paused',
  interrupt: 'interrupted',
  failure: 'failed',
  cancel: 'cancelled',
  crash: 'crashed'
}

/** One item of a store; `position` is its place in the lane's original input. */
export interface Item {
  position: number
  value: unknown
}

export interface AuditEntry {
  index: string
  timestamp: number
  severity: LogLevel
  content: { description: string; details?: Record<string, unknown> }
}

export interface Store {
  id: string
  executionId: string
  type: 'list' | 'exception' | 'auditLog'
  name: string
  items: Item[]
  entries: AuditEntry[]
}

export interface TaskRun {
  schemaId: string
  executionId: string
  processed: number
  failed: number
  inProcessing: number
}

export interface BoxRun {
  schemaId: string
  tasks: TaskRun[]
}

export interface InFlight {
  item: Item
  done: ScheduledEvent
}

export interface Run {
  laneIndex: number
  runNumber: number | null
  originRunNumber: number | null
  runType: KnownLaneRunType
  status: KnownLaneRunStatus
  stoppingReason?: StopReason
  iteratedStoreId: string | null
  exceptionStoreId: string | null
  boxes: BoxRun[]
  /** Preparation finished: stores and task executions exist. */
  prepared: boolean
  /** Item processing has begun (the run was active at least once). */
  started: boolean
  queue: Item[]
  inFlight: Map<number, InFlight>
  failedItems: number
  /** The next stage change of this run (preparing → enqueued, …, all processed → ended). */
  pending?: ScheduledEvent
}

export interface LaneState {
  def: LaneDef
  /** Newest first, as the REST API lists them. */
  runs: Run[]
  retriesLeft: number
}

export interface ExtraFailure {
  task?: string
  items: number[]
  times?: number
}

export interface Execution {
  id: string
  schema: WorkflowSchemaDef
  revision: RevisionDef
  spaceId: string
  userId: string
  status: KnownWorkflowStatus
  scheduleTime: number
  startTime: number
  suspendTime: number
  finishTime: number
  lambdaSnapshotRegistry: Record<string, string>
  storeRegistry: Record<string, string>
  systemAuditLogStoreId: string
  lanes: LaneState[]
  /** 0-based index of the lane being executed. */
  currentLane: number
  /** Run numbers are global to the execution; this is the newest one. */
  currentRunNum: number
  logLevel: LogLevel
  callback?: string
  discarded: boolean
  failNextPreparation: boolean
  extraFailures: ExtraFailure[]
  /** `${taskSchemaId}:${position}` → how many times the item was processed by the task. */
  attempts: Map<string, number>
  /** The workflow's own stopping step (after the last run ended). */
  pendingStop?: ScheduledEvent
  /** Resume this long after an interruption ends (as after a provider restart). */
  autoResumeAfterMs?: number
}
