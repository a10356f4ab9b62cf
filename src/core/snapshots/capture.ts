// Takes a snapshot of an execution from its provider: the details and the whole workflow audit
// log through the client, names from Onezone when there is one to ask, and the observations the
// caller has (the monitor's, or none). Only the provider's host is kept — never the token.
import type { Observations } from '../../shared/observations'
import { emptyWorkflowNames } from '../../shared/observations'
import type { Snapshot } from '../../shared/snapshot'
import { OnedataError, type OneproviderClient, type OnezoneClient } from '../onedata'
import { workflowNames } from './names'
import { writeSnapshot, type WrittenSnapshot } from './write'

export interface CaptureOptions {
  provider: OneproviderClient
  /** Onezone of the account, when it has one: the source of lane, box and task names. */
  onezone?: OnezoneClient
  executionId: string
  /** What the monitor observed of this execution; `emptyObservations()` when nothing. */
  observations: Observations
  now?: () => number
  signal?: AbortSignal
}

export interface Capture {
  snapshot: Snapshot
  /** What could not be included, in sentences (e.g. names, when Onezone could not be asked). */
  warnings: string[]
}

export async function captureSnapshot(opts: CaptureOptions): Promise<Capture> {
  const call = { signal: opts.signal }
  const execution = await opts.provider.getExecution(opts.executionId, call)
  const auditLog = execution.systemAuditLogStoreId
    ? await opts.provider.dumpAuditLog(execution.systemAuditLogStoreId, call)
    : []
  const warnings: string[] = []
  let names = emptyWorkflowNames()
  if (opts.onezone) {
    try {
      const found = await workflowNames(opts.onezone, execution, call)
      if (found) names = found
      else
        warnings.push(
          'No revision of a workflow schema in Onezone matches this execution; lanes are saved without names.'
        )
    } catch (err) {
      if (opts.signal?.aborted) throw err
      const why = err instanceof OnedataError ? err.userMessage() : String(err)
      warnings.push(`Lane, box and task names were not saved: Onezone could not be asked (${why}).`)
    }
  }
  return {
    snapshot: {
      savedAt: (opts.now ?? Date.now)(),
      provider: { host: opts.provider.host },
      execution,
      observations: opts.observations,
      names,
      auditLog
    },
    warnings
  }
}

/** Takes a snapshot and writes it to `path` atomically. */
export async function saveSnapshot(
  path: string,
  opts: CaptureOptions
): Promise<Capture & { written: WrittenSnapshot }> {
  const capture = await captureSnapshot(opts)
  return { ...capture, written: await writeSnapshot(path, capture.snapshot) }
}
