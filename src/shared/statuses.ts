// Statuses and phases of workflow executions and lane runs (spec §4.1–§4.3).
// A server may send a status this list does not know: such values are carried through as
// plain strings and never mapped to a known one, so every helper here accepts `string`.

export const PHASES = ['waiting', 'ongoing', 'suspended', 'ended'] as const
export type Phase = (typeof PHASES)[number]

/** Each workflow status the spec lists (§4.1) and its phase, in the order of the lifecycle. */
const WORKFLOW_PHASE = {
  scheduled: 'waiting',
  resuming: 'waiting',
  active: 'ongoing',
  stopping: 'ongoing',
  paused: 'suspended',
  interrupted: 'suspended',
  finished: 'ended',
  failed: 'ended',
  cancelled: 'ended',
  crashed: 'ended'
} as const satisfies Record<string, Phase>
export type KnownWorkflowStatus = keyof typeof WORKFLOW_PHASE
export const WORKFLOW_STATUSES = Object.keys(WORKFLOW_PHASE) as readonly KnownWorkflowStatus[]
/** A workflow status as sent: one of the known ones, or any other string. */
export type WorkflowStatus = KnownWorkflowStatus | (string & {})

/** A lane run has the workflow's statuses and two of its own while it is prepared (§4.2). */
const LANE_RUN_PHASE = {
  ...WORKFLOW_PHASE,
  preparing: 'waiting',
  enqueued: 'waiting'
} as const satisfies Record<string, Phase>
export type KnownLaneRunStatus = keyof typeof LANE_RUN_PHASE
export type LaneRunStatus = KnownLaneRunStatus | (string & {})

/** Task execution statuses (spec §4.3); only the simulator tracks tasks (REST has no task state). */
export type KnownTaskStatus =
  | 'pending'
  | 'resuming'
  | 'active'
  | 'stopping'
  | 'finished'
  | 'failed'
  | 'skipped'
  | 'cancelled'
  | 'interrupted'
  | 'paused'

export const LANE_RUN_TYPES = ['regular', 'rerun', 'retry'] as const
export type KnownLaneRunType = (typeof LANE_RUN_TYPES)[number]
export type LaneRunType = KnownLaneRunType | (string & {})

export const LOG_LEVELS = [
  'emergency',
  'alert',
  'critical',
  'error',
  'warning',
  'notice',
  'info',
  'debug'
] as const
export type LogLevel = (typeof LOG_LEVELS)[number]
/** Syslog-style severity numbers: an entry is stored when its number ≤ the execution's level. */
export const LOG_LEVEL_NUMBER: Record<LogLevel, number> = {
  emergency: 0,
  alert: 1,
  critical: 2,
  error: 3,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7
}

function known<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value)
}

export const isKnownWorkflowStatus = (s: string): s is KnownWorkflowStatus =>
  Object.hasOwn(WORKFLOW_PHASE, s)
export const isKnownLaneRunStatus = (s: string): s is KnownLaneRunStatus =>
  Object.hasOwn(LANE_RUN_PHASE, s)
export const isPhase = (s: string): s is Phase => known(PHASES, s)
export const isLogLevel = (s: string): s is LogLevel => known(LOG_LEVELS, s)

/** The phase of a workflow status, or undefined for a status the spec does not list. */
export function workflowPhase(status: string): Phase | undefined {
  return isKnownWorkflowStatus(status) ? WORKFLOW_PHASE[status] : undefined
}

/** The phase of a lane-run status, or undefined for a status the spec does not list. */
export function laneRunPhase(status: string): Phase | undefined {
  return isKnownLaneRunStatus(status) ? LANE_RUN_PHASE[status] : undefined
}

/** Lane-run statuses in which the run has stopped: ended or suspended. */
export function isLaneRunStopped(status: string): boolean {
  const phase = laneRunPhase(status)
  return phase === 'ended' || phase === 'suspended'
}
