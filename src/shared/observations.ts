// What the app itself saw and knows about an execution beyond one REST answer: the moments the
// monitor first saw each status (REST gives no per-run times), and the names of lanes, parallel
// boxes and tasks taken from the workflow schema revision in Onezone. The monitor produces
// them, the timeline reads them and snapshots carry them.
import { z } from 'zod'

const ms = z.number().int().nonnegative()

/** The first moment (ms since the epoch) the monitor saw the execution in a status. */
export const observedExecutionStatusSchema = z.object({ status: z.string().min(1), at: ms })

/** The first moment the monitor saw a numbered lane run (1-based lane index) in a status. */
export const observedRunStatusSchema = z.object({
  laneIndex: z.number().int().positive(),
  runNumber: z.number().int().positive(),
  status: z.string().min(1),
  at: ms
})
export type ObservedRunStatus = z.infer<typeof observedRunStatusSchema>

/** Everything observed of one execution, oldest first within each list. */
export const observationsSchema = z.object({
  execution: z.array(observedExecutionStatusSchema),
  runs: z.array(observedRunStatusSchema)
})
export type Observations = z.infer<typeof observationsSchema>

export const emptyObservations = (): Observations => ({ execution: [], runs: [] })

/**
 * Names from the workflow schema revision, keyed by schema id: a lane's `schemaId`, a parallel
 * box's `schemaId` and the keys of a box's `taskRegistry` in the execution details.
 */
export const workflowNamesSchema = z.object({
  /** The workflow schema and revision the execution was scheduled from, when known. */
  workflow: z
    .object({
      schemaId: z.string().min(1),
      revisionNumber: z.number().int().positive(),
      name: z.string()
    })
    .optional(),
  lanes: z.record(z.string(), z.string()),
  parallelBoxes: z.record(z.string(), z.string()),
  tasks: z.record(z.string(), z.string())
})
export type WorkflowNames = z.infer<typeof workflowNamesSchema>

export const emptyWorkflowNames = (): WorkflowNames => ({
  lanes: {},
  parallelBoxes: {},
  tasks: {}
})
