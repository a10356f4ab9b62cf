// A snapshot of an execution as the monitor has it: the cached details, audit log, observations
// and names — what the user sees — reading from the provider only what the cache lacks. Also the
// other way round: a loaded snapshot as the state the execution view shows, marked offline.
import { basename } from 'node:path'
import type { ExecutionState, PhaseIds } from '../../shared/monitor-state'
import type { Snapshot } from '../../shared/snapshot'
import type { OpenedSnapshot } from '../../shared/snapshot-library'
import type { Phase } from '../../shared/statuses'
import type { OneproviderClient } from '../onedata'
import type { Capture } from './capture'
import type { LoadedSnapshot } from './read'

export interface MonitorSource {
  /** The monitor's cached state of an execution (throws for an account it does not watch). */
  execution(accountId: string, executionId: string): ExecutionState
  /** A client for the account, for what the cache lacks. */
  client(accountId: string): Promise<OneproviderClient>
  /** The account's provider host (never a token). */
  host(accountId: string): string
  /** The ids a phase of a watched space lists (throws for a space not watched). */
  ids(accountId: string, spaceId: string, phase: Phase): PhaseIds
  now(): number
}

/** Details and the audit log: from the cache when it has both, otherwise read together. */
async function content(src: MonitorSource, state: ExecutionState, executionId: string) {
  if (state.details && state.auditLog) return { execution: state.details, auditLog: state.auditLog }
  const c = await src.client(state.accountId)
  const execution = await c.getExecution(executionId)
  const auditLog = execution.systemAuditLogStoreId
    ? await c.dumpAuditLog(execution.systemAuditLogStoreId)
    : []
  return { execution, auditLog }
}

export async function captureFromMonitor(
  src: MonitorSource,
  accountId: string,
  executionId: string
): Promise<Capture> {
  const state = src.execution(accountId, executionId)
  const { execution, auditLog } = await content(src, state, executionId)
  const warnings: string[] = []
  if (!state.names.workflow)
    warnings.push('Lane, box and task names were not known yet; the snapshot has none.')
  const snapshot: Snapshot = {
    savedAt: src.now(),
    provider: { host: src.host(accountId) },
    execution,
    observations: state.observations,
    names: state.names,
    auditLog
  }
  return { snapshot, warnings }
}

/** The snapshot as the execution view shows it: no account, nothing to refresh. */
export function executionStateOf(s: Snapshot): ExecutionState {
  return {
    // Offline: no account stands behind it; the view makes no monitor call for it.
    accountId: '',
    executionId: s.execution.atmWorkflowExecutionId,
    spaceId: s.execution.spaceId,
    details: s.execution,
    readAt: s.savedAt,
    observations: s.observations,
    auditLog: s.auditLog,
    names: s.names,
    laneSamples: [],
    provider: { label: s.provider.host, host: s.provider.host }
  }
}

export function openedSnapshot(loaded: LoadedSnapshot, path: string): OpenedSnapshot {
  return {
    state: executionStateOf(loaded.snapshot),
    offline: {
      savedAt: new Date(loaded.snapshot.savedAt).toISOString(),
      fileName: basename(path),
      providerHost: loaded.snapshot.provider.host
    }
  }
}
