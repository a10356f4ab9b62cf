// The state of one execution list: its rows (ids from the listing, details as they arrive), the
// filters, the sort, the selection and the scroll position, with the rows to show and the
// summary derived from them. What the user chose can be remembered and restored, so coming
// back from an execution returns to the same place, and filters and sort survive a restart.
import { z } from 'zod'
import type { ExecutionDetails } from '../../../../shared/execution'
import type { AccountUser } from '../../../../shared/monitor-state'
import type { GoneExecution } from '../../../../shared/snapshot-library'
import { COLUMNS, type ListRow, type People } from './columns'
import {
  describeSummary,
  filterRows,
  NO_FILTERS,
  statusesPresent,
  type ListFilters
} from './filter'
import { sortRows, type SortState } from './sort'
import { stepSelection } from './window'

export const DEFAULT_SORT: SortState = { column: 'scheduled', direction: 'desc' }

const memorySchema = z.object({
  filters: z.object({
    text: z.string().max(500),
    statuses: z.array(z.string().max(100)).max(100),
    onlyMine: z.boolean()
  }),
  sort: z.object({
    column: z.enum(COLUMNS.map((c) => c.id) as [string, ...string[]]),
    direction: z.enum(['asc', 'desc'])
  }),
  selectedId: z.string().max(200).optional(),
  scrollTop: z.number().nonnegative().finite()
})
/** What is remembered of a list; plain JSON, so it can be kept in settings. */
export type ListMemory = {
  filters: ListFilters
  sort: SortState
  selectedId?: string
  scrollTop: number
}

/** A remembered list state read back from storage, or undefined when it is not one. */
export function parseListMemory(value: unknown): ListMemory | undefined {
  const parsed = memorySchema.safeParse(value)
  return parsed.success ? (parsed.data as ListMemory) : undefined
}

export class ListView {
  /** Raw state: 10,000 rows are replaced as a whole, never proxied item by item. */
  rows = $state.raw<ListRow[]>([])
  filters = $state<ListFilters>({ ...NO_FILTERS })
  sort = $state<SortState>({ ...DEFAULT_SORT })
  selectedId = $state<string>()
  scrollTop = $state(0)
  people = $state<People>({})
  /** POSIX seconds: relative times and running durations are as of this moment. */
  now = $state(Math.floor(Date.now() / 1000))

  readonly filtered = $derived(filterRows(this.rows, this.filters, this.people))
  readonly shown = $derived(sortRows(this.filtered.rows, this.sort, this.people, this.now))
  readonly summary = $derived(describeSummary(this.filtered.summary))
  readonly statuses = $derived(statusesPresent(this.rows))
  readonly selected = $derived(this.rows.find((r) => r.id === this.selectedId))

  /**
   * The ids the server lists now, in its order (details already known are kept), then the
   * executions it no longer lists that the local history holds, marked saved.
   */
  setIds(ids: readonly string[], gone: readonly GoneExecution[] = []): void {
    // A lookup local to this call, not state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const known = new Map(this.rows.map((r) => [r.id, r]))
    const listed = ids.map((id) => {
      const row = known.get(id)
      return row && !row.saved ? row : { id }
    })
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const seen = new Set(ids)
    const saved = gone
      .filter((g) => !seen.has(g.executionId))
      .map((g) => ({
        id: g.executionId,
        details: g.details,
        saved: { savedAt: g.savedAt, file: g.file }
      }))
    this.rows = saved.length ? [...listed, ...saved] : listed
  }

  /** Details (or why they could not be read) for some rows, all at once. */
  update(
    details: readonly ExecutionDetails[],
    errors: Readonly<Record<string, string>> = {}
  ): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const byId = new Map(details.map((d) => [d.atmWorkflowExecutionId, d]))
    this.rows = this.rows.map((r) => {
      if (r.saved) return r
      const d = byId.get(r.id)
      if (d) return { id: r.id, details: d }
      const error = errors[r.id]
      return error === undefined ? r : { id: r.id, error }
    })
  }

  /**
   * Who the account's user is (from the provider's status), for "only mine" and "you". Set only
   * when it changed: each overview brings a new status, and a new `people` re-filters every row.
   */
  knowUser(user: AccountUser | undefined): void {
    if (user?.userId === this.people.currentUserId) return
    this.people = { ...this.people, currentUserId: user?.userId }
  }

  /** Moves the selection among the rows shown (j/k, arrows). */
  step(delta: number): void {
    const next = stepSelection(
      this.shown.map((r) => r.id),
      this.selectedId,
      delta
    )
    if (next !== undefined) this.selectedId = next
  }

  remember(): ListMemory {
    return {
      filters: { ...this.filters, statuses: [...this.filters.statuses] },
      sort: { ...this.sort },
      ...(this.selectedId !== undefined ? { selectedId: this.selectedId } : {}),
      scrollTop: this.scrollTop
    }
  }

  restore(memory: ListMemory): void {
    this.filters = { ...memory.filters, statuses: [...memory.filters.statuses] }
    this.sort = { ...memory.sort }
    this.selectedId = memory.selectedId
    this.scrollTop = memory.scrollTop
  }
}
