// Schemas of what Oneprovider's automation REST API returns (spec §2.2, §2.3, §2.11), and the
// domain types inferred from them. Tolerant where real servers and the reference pages are odd:
// statuses outside the enums pass through as strings, `runNumber`/`originRunNumber` may be null,
// and `parallelBoxes` may arrive as a single object instead of an array.
import { z } from 'zod'
import { looseObject } from './bounded'
import type { LaneRunStatus, LaneRunType, WorkflowStatus } from './statuses'

const status = z.string().min(1)
const timestamp = z.number().int().nonnegative()
const runNumber = z.number().int().positive().nullable()

export const parallelBoxSchema = z.object({
  schemaId: z.string(),
  taskRegistry: z.record(z.string(), z.string())
})

export const laneRunSchema = z.object({
  runNumber,
  originRunNumber: runNumber,
  runType: z
    .string()
    .min(1)
    .transform((s) => s as LaneRunType),
  status: status.transform((s) => s as LaneRunStatus),
  iteratedStoreId: z.string().nullable(),
  exceptionStoreId: z.string().nullable(),
  // The reference page's example shows a single box object; real servers send an array.
  parallelBoxes: z.preprocess(
    (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? [v] : v),
    z.array(parallelBoxSchema)
  ),
  isRetriable: z.boolean(),
  isRerunable: z.boolean()
})
export type LaneRun = z.infer<typeof laneRunSchema>

export const laneSchema = z.object({
  schemaId: z.string(),
  runs: z.array(laneRunSchema)
})
export type Lane = z.infer<typeof laneSchema>

export const executionDetailsSchema = z.object({
  atmWorkflowExecutionId: z.string().min(1),
  atmWorkflowSchemaSnapshotId: z.string(),
  name: z.string(),
  atmInventoryId: z.string(),
  spaceId: z.string(),
  userId: z.string(),
  status: status.transform((s) => s as WorkflowStatus),
  scheduleTime: timestamp,
  startTime: timestamp,
  suspendTime: timestamp,
  finishTime: timestamp,
  lambdaSnapshotRegistry: z.record(z.string(), z.string()),
  storeRegistry: z.record(z.string(), z.string()),
  systemAuditLogStoreId: z.string().nullable(),
  lanes: z.array(laneSchema)
})
export type ExecutionDetails = z.infer<typeof executionDetailsSchema>

export const executionListPageSchema = z.object({
  atmWorkflowExecutions: z.array(z.string()),
  nextPageToken: z.string().nullable(),
  isLast: z.boolean()
})
export type ExecutionListPage = z.infer<typeof executionListPageSchema>

export const scheduleResponseSchema = z.object({ atmWorkflowExecutionId: z.string().min(1) })

export const auditLogEntrySchema = z.object({
  index: z.string(),
  timestamp: z.number(),
  // Real servers omit `source` for system entries (it is the default).
  source: z.string().optional(),
  severity: z.string(),
  content: looseObject(
    {
      description: z.string().optional(),
      details: z.unknown().optional(),
      referencedElements: z.unknown().optional()
    },
    ['details', 'referencedElements']
  )
})
export type AuditLogEntry = z.infer<typeof auditLogEntrySchema>
export const auditLogDumpSchema = z.array(auditLogEntrySchema)

export interface ScheduleRequest {
  spaceId: string
  atmWorkflowSchemaId: string
  atmWorkflowSchemaRevisionNumber: number
  storeInitialContentOverlay?: Record<string, unknown>
  logLevel?: string
  callback?: string
}

/** The largest lane index a request may name: workflows have a handful of lanes. */
export const LANE_INDEX_MAX = 10_000
/** The largest run number a request may name (the server's numbers are 32-bit). */
export const RUN_NUMBER_MAX = 2 ** 31 - 1

/** Selects one lane run for retry and rerun: a 1-based lane index and a run number. */
export interface LaneRunSelector {
  laneIndex: number
  laneRunNumber: number
}
