// What the schedule dialog shows of Onezone's workflow schemas: a summary per schema with its
// revisions, one revision's stores, the search by name and description, and the revision offered
// first.
import type { StoreSchema } from './schedule'
import type { WorkflowSchema } from './onezone'

export interface RevisionSummary {
  revisionNumber: number
  /** draft, stable or deprecated, as sent */
  state?: string
  description?: string
}

export interface WorkflowSummary {
  atmWorkflowSchemaId: string
  name: string
  summary: string
  atmInventoryId: string
  /** Newest first. */
  revisions: RevisionSummary[]
}

export interface RevisionView extends RevisionSummary {
  atmWorkflowSchemaId: string
  stores: StoreSchema[]
  laneNames: string[]
}

/** Revision numbers are the registry's keys; anything not a positive whole number is skipped. */
function revisionEntries(schema: WorkflowSchema) {
  return Object.entries(schema.revisionRegistry)
    .map(([key, revision]) => ({ n: Number(key), revision }))
    .filter(({ n }) => Number.isInteger(n) && n > 0)
    .sort((a, b) => b.n - a.n)
}

export function summarizeSchema(schema: WorkflowSchema): WorkflowSummary {
  return {
    atmWorkflowSchemaId: schema.atmWorkflowSchemaId,
    name: schema.name,
    summary: schema.summary ?? '',
    atmInventoryId: schema.atmInventoryId,
    revisions: revisionEntries(schema).map(({ n, revision }) => ({
      revisionNumber: n,
      ...(revision.state !== undefined ? { state: revision.state } : {}),
      ...(revision.description ? { description: revision.description } : {})
    }))
  }
}

export function revisionView(
  schema: WorkflowSchema,
  revisionNumber: number
): RevisionView | undefined {
  const found = revisionEntries(schema).find(({ n }) => n === revisionNumber)
  if (!found) return undefined
  const { revision } = found
  return {
    atmWorkflowSchemaId: schema.atmWorkflowSchemaId,
    revisionNumber,
    ...(revision.state !== undefined ? { state: revision.state } : {}),
    ...(revision.description ? { description: revision.description } : {}),
    stores: revision.stores,
    laneNames: revision.lanes.map((l) => l.name)
  }
}

/** The revision to offer first: the newest stable one, else the newest not deprecated, else the newest. */
export function preferredRevision(summary: WorkflowSummary): number | undefined {
  const r = summary.revisions
  return (r.find((x) => x.state === 'stable') ?? r.find((x) => x.state !== 'deprecated') ?? r[0])
    ?.revisionNumber
}

/**
 * Schemas matching every word of the query in their name, summary or a revision's description;
 * those whose name matches come first, then by name. An empty query keeps all, by name.
 */
export function findWorkflows(list: readonly WorkflowSummary[], query: string): WorkflowSummary[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  const byName = (a: WorkflowSummary, b: WorkflowSummary) =>
    a.name.localeCompare(b.name) || a.atmWorkflowSchemaId.localeCompare(b.atmWorkflowSchemaId)
  if (!words.length) return [...list].sort(byName)
  const scored = list.flatMap((w) => {
    const name = w.name.toLowerCase()
    const text = [name, w.summary, ...w.revisions.map((r) => r.description ?? '')]
      .join('\n')
      .toLowerCase()
    if (!words.every((word) => text.includes(word))) return []
    const score = words.every((word) => name.includes(word)) ? 0 : 1
    return [{ w, score }]
  })
  return scored.sort((a, b) => a.score - b.score || byName(a.w, b.w)).map((s) => s.w)
}
