// The monitor's events: the one definition used by the monitor, the notifications, the tray, the
// CLI (`lanewatch monitor --json` prints them as JSON lines) and the renderer (pushed over IPC).
// Each is committed to the monitor's store together with the state it was derived from, so it is
// announced exactly once, even across a restart.

interface EventBase {
  /** Per account, increasing: the order in which the monitor committed its events. */
  seq: number
  /** When the monitor saw it (ms since the epoch). */
  at: number
  accountId: string
  /**
   * Found on the monitor's first look after a start: it happened while the monitor was not
   * running. Consumers aggregate these instead of announcing each.
   */
  catchUp?: boolean
}

interface ExecutionEventBase extends EventBase {
  spaceId: string
  executionId: string
  /** The workflow schema's name at scheduling time, as the details say. */
  executionName: string
}

interface RunFields {
  /** 1-based lane index. */
  laneIndex: number
  runNumber: number
  /** The run this one repeats, for a retry or rerun; null for a regular run. */
  originRunNumber: number | null
  runType: string
}

export interface ExecutionStatusChanged extends ExecutionEventBase {
  type: 'executionStatusChanged'
  /** null when the execution was first seen after the space was already being watched. */
  from: string | null
  status: string
}

export interface LaneRunStarted extends ExecutionEventBase, RunFields {
  type: 'laneRunStarted'
  /** Always `active`: a lane run starts when it enters `active`. */
  status: string
}

export interface LaneRunStopped extends ExecutionEventBase, RunFields {
  type: 'laneRunStopped'
  /** failed, finished, cancelled, crashed, paused, interrupted (or a status sent as is). */
  status: string
  /** From the first moment the monitor saw it active to now; null when it never saw it active. */
  ranForMs: number | null
}

export interface RunAdded extends ExecutionEventBase, RunFields {
  type: 'runAdded'
  originRunNumber: number
  status: string
}

export interface ExecutionEnded extends ExecutionEventBase {
  type: 'executionEnded'
  status: string
  /** From the execution's start time to its finish time, when the server set both. */
  ranForMs: number | null
}

export interface ExecutionStalled extends ExecutionEventBase {
  type: 'executionStalled'
  status: string
  /** How long neither its details nor its audit log changed. */
  quietForMs: number
}

interface ProviderEventBase extends EventBase {
  spaceId: null
  executionId: null
  /** The provider's host (never a token). */
  provider: string
}

export interface ProviderUnreachable extends ProviderEventBase {
  type: 'providerUnreachable'
  reason: { id: string; description: string }
}

export interface ProviderReachable extends ProviderEventBase {
  type: 'providerReachable'
  /** Since the provider was announced unreachable. */
  downForMs: number
}

export type MonitorEvent =
  | ExecutionStatusChanged
  | LaneRunStarted
  | LaneRunStopped
  | RunAdded
  | ExecutionEnded
  | ExecutionStalled
  | ProviderUnreachable
  | ProviderReachable

/** An event as it is built, before the store gives it its sequence number. */
export type NewMonitorEvent = MonitorEvent extends infer E
  ? E extends MonitorEvent
    ? Omit<E, 'seq'>
    : never
  : never

/** Statuses that count as failures for notifications, the tray and the inbox. */
export const FAILURE_STATUSES: readonly string[] = ['failed', 'crashed']

/** A failure worth telling: a lane run or an execution that ended failed or crashed. */
export function isFailureEvent(e: MonitorEvent): boolean {
  return (
    (e.type === 'laneRunStopped' || e.type === 'executionEnded') &&
    FAILURE_STATUSES.includes(e.status)
  )
}
