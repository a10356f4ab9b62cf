// Filters of the execution list: text (name or id), status (as sent) and "only mine". Filters
// that need details apply only to rows whose details are loaded; the summary says so while
// details are still arriving ("filters apply to 1,200 of 10,000 loaded").
import type { ListRow, People } from './columns'

export interface ListFilters {
  /** Matched case-insensitively against the name and the id. */
  text: string
  /** Statuses to keep, as sent; empty keeps every status. */
  statuses: readonly string[]
  onlyMine: boolean
}

export const NO_FILTERS: ListFilters = { text: '', statuses: [], onlyMine: false }

export interface FilterSummary {
  total: number
  /** Rows whose details are known. */
  loaded: number
  shown: number
  /** A filter that needs details is on (status, only mine, or text that could match a name). */
  needsDetails: boolean
  /** "Only mine" is on but who the user is is not known, so it is not applied. */
  onlyMineUnknown: boolean
}

export function filterRows(
  rows: readonly ListRow[],
  filters: ListFilters,
  people: People
): { rows: ListRow[]; summary: FilterSummary } {
  const text = filters.text.trim().toLowerCase()
  const statuses = new Set(filters.statuses)
  const mine = filters.onlyMine && people.currentUserId !== undefined
  const needsDetails = text !== '' || statuses.size > 0 || mine
  const kept = rows.filter((r) => {
    const d = r.details
    if (text && !r.id.toLowerCase().includes(text) && !d?.name.toLowerCase().includes(text))
      return false
    if (statuses.size && (!d || !statuses.has(d.status))) return false
    if (mine && d?.userId !== people.currentUserId) return false
    return true
  })
  return {
    rows: kept,
    summary: {
      total: rows.length,
      loaded: rows.filter((r) => r.details).length,
      shown: kept.length,
      needsDetails,
      onlyMineUnknown: filters.onlyMine && people.currentUserId === undefined
    }
  }
}

const n = (x: number) => x.toLocaleString('en-US')
const executions = (x: number) => `${n(x)} execution${x === 1 ? '' : 's'}`

/** One sentence for the list's status line. */
export function describeSummary(s: FilterSummary): string {
  const parts: string[] = []
  if (!s.needsDetails) parts.push(executions(s.total))
  else if (s.shown === s.total) parts.push(`All ${executions(s.total)} match`)
  else parts.push(`${n(s.shown)} of ${executions(s.total)} match`)
  if (s.loaded < s.total)
    parts.push(
      s.needsDetails
        ? `filters apply to ${n(s.loaded)} of ${n(s.total)} loaded`
        : `details of ${n(s.loaded)} loaded`
    )
  return parts.join('; ')
}

/**
 * Why "only mine" is not applied, shown next to the filters while it is on: who the user is comes
 * from the account's Onezone, which the account may not have or which has not answered yet.
 */
export function onlyMineUnknownText(hasOnezone: boolean): string {
  return hasOnezone
    ? '“Only mine” is not applied yet: the account’s Onezone has not said who you are, so Lanewatch cannot tell which executions are yours. It asks again every few minutes.'
    : '“Only mine” is not applied: Lanewatch cannot tell which executions are yours without the account’s Onezone URL. Add it with “Edit…” in the sidebar.'
}

/** The statuses present among loaded rows, as sent, for the status filter's choices. */
export function statusesPresent(rows: readonly ListRow[]): string[] {
  return [...new Set(rows.flatMap((r) => (r.details ? [r.details.status] : [])))].sort()
}
