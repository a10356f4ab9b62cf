// The snapshot file (`.lanewatch`): one execution saved for offline review — its details, its
// whole workflow audit log, what the monitor observed and the names from the workflow schema.
//
// Layout: a header line of JSON (format, version, SHA-256 and length of the body, and a summary
// for listing files without reading them whole), then the body: gzip of one JSON document whose
// audit-log entries are written one per line, so it can be read a line at a time.
import { z } from 'zod'
import { auditLogEntrySchema, executionDetailsSchema } from './execution'
import { observationsSchema, workflowNamesSchema } from './observations'

export const SNAPSHOT_FORMAT = 'lanewatch-snapshot'
/** The format version this build writes and the newest it reads. */
export const SNAPSHOT_VERSION = 1
/** The header line is short; anything longer is not a snapshot. */
export const SNAPSHOT_HEADER_MAX_BYTES = 16 * 1024
/** The summary's name is cut to this length so the header stays small. */
export const SUMMARY_NAME_MAX = 256

const ms = z.number().int().nonnegative()

export const snapshotSummarySchema = z.object({
  executionId: z.string().min(1),
  name: z.string().max(SUMMARY_NAME_MAX),
  status: z.string().min(1),
  providerHost: z.string().min(1)
})
/** What a library lists without opening the body: taken from the header. */
export type SnapshotSummary = z.infer<typeof snapshotSummarySchema>

export const snapshotHeaderSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.number().int().positive(),
  /** Hex SHA-256 of the body bytes (the gzip stream after the header line). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bodyBytes: z.number().int().nonnegative(),
  savedAt: ms,
  summary: snapshotSummarySchema
})
export type SnapshotHeader = z.infer<typeof snapshotHeaderSchema>

/** Where the execution came from: the provider's host only, never a token or other secret. */
export const snapshotProviderSchema = z.object({ host: z.string().min(1) })

/** The body without its audit log (the first line of the body). */
export const snapshotHeadSchema = z.object({
  savedAt: ms,
  provider: snapshotProviderSchema,
  execution: executionDetailsSchema,
  observations: observationsSchema,
  names: workflowNamesSchema
})
export type SnapshotHead = z.infer<typeof snapshotHeadSchema>

export const snapshotSchema = snapshotHeadSchema.extend({
  /** The whole workflow audit log, oldest first, as the provider sent it. */
  auditLog: z.array(auditLogEntrySchema)
})
export type Snapshot = z.infer<typeof snapshotSchema>

/** The header's summary of a snapshot. */
export function summarize(s: Snapshot): SnapshotSummary {
  return {
    executionId: s.execution.atmWorkflowExecutionId,
    name: s.execution.name.slice(0, SUMMARY_NAME_MAX),
    status: s.execution.status,
    providerHost: s.provider.host
  }
}
