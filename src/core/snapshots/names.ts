// Names of lanes, parallel boxes and tasks for an execution, from its workflow schema in Onezone.
// REST details carry no schema id or revision number (spec §2.3), so the revision is found by
// matching: among the schemas of the execution's inventory, the revisions whose lanes have the
// execution's lane schema ids in order, and whose boxes and tasks include every box and task the
// runs name. A schema named as the execution is preferred, then the newest revision.
import type { ExecutionDetails } from '../../shared/execution'
import { emptyWorkflowNames, type WorkflowNames } from '../../shared/observations'
import type { WorkflowRevision, WorkflowSchema } from '../../shared/onezone'
import type { CallOptions, OnezoneClient } from '../onedata'

const CONCURRENCY = 4

interface Candidate {
  schema: WorkflowSchema
  revisionNumber: number
  revision: WorkflowRevision
}

/** Whether a revision has the execution's lanes, and every box and task its runs name. */
export function revisionMatches(details: ExecutionDetails, revision: WorkflowRevision): boolean {
  if (revision.lanes.length !== details.lanes.length) return false
  return details.lanes.every((lane, i) => {
    const schema = revision.lanes[i]!
    if (schema.id !== lane.schemaId) return false
    const boxes = new Map(
      schema.parallelBoxes.map((b) => [b.id, new Set(b.tasks.map((t) => t.id))])
    )
    return lane.runs.every((run) =>
      run.parallelBoxes.every((box) => {
        const tasks = boxes.get(box.schemaId)
        return tasks !== undefined && Object.keys(box.taskRegistry).every((t) => tasks.has(t))
      })
    )
  })
}

/** The names a revision gives, keyed by schema id. */
export function namesOf(revision: WorkflowRevision): WorkflowNames {
  const names = emptyWorkflowNames()
  for (const lane of revision.lanes) {
    names.lanes[lane.id] = lane.name
    for (const box of lane.parallelBoxes) {
      names.parallelBoxes[box.id] = box.name
      for (const task of box.tasks) names.tasks[task.id] = task.name
    }
  }
  return names
}

/** The best candidate: a schema named as the execution first, then the newest revision. */
export function pickRevision(
  details: ExecutionDetails,
  schemas: WorkflowSchema[]
): { chosen: Candidate; unique: boolean } | undefined {
  const candidates: Candidate[] = schemas.flatMap((schema) =>
    Object.entries(schema.revisionRegistry)
      .map(([n, revision]) => ({ schema, revisionNumber: Number(n), revision }))
      .filter(
        (c) =>
          Number.isInteger(c.revisionNumber) &&
          c.revisionNumber > 0 &&
          revisionMatches(details, c.revision)
      )
  )
  const rank = (c: Candidate) => (c.schema.name === details.name ? 1 : 0)
  candidates.sort((a, b) => rank(b) - rank(a) || b.revisionNumber - a.revisionNumber)
  const chosen = candidates[0]
  return chosen && { chosen, unique: candidates.length === 1 }
}

/**
 * The names for an execution, or undefined when no revision matches. The workflow (schema id and
 * revision number) is recorded only when exactly one revision matches; the names come from the
 * best match either way.
 */
export async function workflowNames(
  zone: OnezoneClient,
  details: ExecutionDetails,
  o?: CallOptions
): Promise<WorkflowNames | undefined> {
  const ids = await zone.listWorkflowSchemaIds(details.atmInventoryId, o)
  const schemas: WorkflowSchema[] = []
  for (let i = 0; i < ids.length; i += CONCURRENCY)
    schemas.push(
      ...(await Promise.all(
        ids.slice(i, i + CONCURRENCY).map((id) => zone.getWorkflowSchema(id, o))
      ))
    )
  const pick = pickRevision(details, schemas)
  if (!pick) return undefined
  const { chosen, unique } = pick
  return {
    ...(unique
      ? {
          workflow: {
            schemaId: chosen.schema.atmWorkflowSchemaId,
            revisionNumber: chosen.revisionNumber,
            name: chosen.schema.name
          }
        }
      : {}),
    ...namesOf(chosen.revision)
  }
}
