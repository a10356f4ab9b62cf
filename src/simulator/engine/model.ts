// The live state of executions in the simulator (spec §4): what REST shows, plus what the engine
// needs to move runs forward (items waiting for a parallel box, task records, pending events,
// stopping reasons, retries left, held points).
import type {
  KnownLaneRunStatus,
  KnownLaneRunType,
  KnownTaskStatus,
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
export const STOP_REASONS = Object.keys(STOP_REASON_PRIORITY) as [StopReason, ...StopReason[]]

export const STATUS_AFTER_STOP: Record<StopReason, KnownLaneRunStatus> = {
  op_worker_stopping: 'paused',
  pause: 'paused',
  interrupt: 'interrupted',
  failure: 'failed',
  cancel: 'cancelled',
  crash: 'crashed'
}

/** Tasks stop for a reason of their own (op-worker's infer_task_stopping_reason/1). */
export type TaskStopReason = 'pause' | 'interrupt' | 'failure' | 'cancel'
export const TASK_STOP_REASON: Record<StopReason, TaskStopReason> = {
  op_worker_stopping: 'pause',
  pause: 'pause',
  interrupt: 'interrupt',
  failure: 'interrupt',
  cancel: 'cancel',
  crash: 'interrupt'
}
export const TASK_STOP_PRIORITY: Record<TaskStopReason, number> = {
  pause: 0,
  interrupt: 1,
  failure: 2,
  cancel: 3
}
export const TASK_STATUS_AFTER_STOP: Record<TaskStopReason, KnownTaskStatus> = {
  pause: 'paused',
  interrupt: 'interrupted',
  failure: 'failed',
  cancel: 'cancelled'
}

/** Named points of an execution's life where it can be held (op-worker's test runner steps). */
export const HOLD_POINTS = [
  'beforeLanePreparation',
  'beforeRunCreation',
  'afterRunCreation',
  'beforeFirstItem',
  'afterAllItems',
  'beforeWorkflowStopped'
] as const
export type HoldPoint = (typeof HOLD_POINTS)[number]

/** One place an execution waits at, until released. */
export interface Held {
  point: HoldPoint
  executionId: string
  lane: number
  run: number | null
  since: number
  resume: () => void
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
  content: {
    description: string
    details?: Record<string, unknown>
    referencedElements?: Record<string, unknown>
  }
}

export interface Store {
  id: string
  executionId: string
  type: 'list' | 'singleValue' | 'exception' | 'auditLog'
  name: string
  items: Item[]
  value?: unknown
  entries: AuditEntry[]
}

/** A task execution: op-worker's task record (status and item counters; not in REST). */
export interface TaskRun {
  schemaId: string
  executionId: string
  name: string
  /** 1-based positions, as in the audit log's `[…, PBox: i, Task: j]`. */
  box: number
  index: number
  filePipe: boolean
  auditLogStoreId: string
  status: KnownTaskStatus
  stoppingReason?: TaskStopReason
  /** It has had an item (it was active at least once). */
  started: boolean
  processed: number
  failed: number
  inProcessing: number
}

export interface BoxRun {
  schemaId: string
  itemMs: number
  tasks: TaskRun[]
  /** Every item has passed (or failed before) this box: its tasks have ended. */
  done: boolean
}

/** An item waiting to enter a parallel box (0-based) of a run. */
export interface QueuedItem {
  item: Item
  box: number
}

export interface InFlight extends QueuedItem {
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
  /** Prepared in advance: its preparation entries read `Run: ?` even once it is numbered. */
  inAdvance: boolean
  /** Preparation finished (the run was enqueued at least once). */
  prepared: boolean
  /** Item processing has begun (the run was active at least once). */
  started: boolean
  queue: QueuedItem[]
  inFlight: Map<number, InFlight>
  /** The next stage change of this run … */
  pending?: ScheduledEvent
  /** … or the point it is held at. */
  held?: Held
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

/** A preparation to fail: of the current run unless a lane and/or run (null: in advance) is named. */
export interface PreparationFailure {
  stage: 'beforeRunCreation' | 'afterRunCreation'
  lane?: number
  run?: number | null
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
  failPreparations: PreparationFailure[]
  extraFailures: ExtraFailure[]
  /** `${taskSchemaId}:${position}` → how many times the item was processed by the task. */
  attempts: Map<string, number>
  /** The workflow's stopped handling, after its current run ended or stopped … */
  pendingStop?: ScheduledEvent
  /** … or the point it is held at. */
  heldStop?: Held
  /** Preparations in advance held before they began (no run exists yet). */
  heldAhead: Held[]
  /** Stopped by an engine exception: op-worker then writes no `Stopped execution.`. */
  abrupt?: 'crash' | 'interrupt'
  /** Resume this long after an interruption ends. */
  autoResumeAfterMs?: number
}
