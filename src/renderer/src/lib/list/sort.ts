// Sorting the execution list on any column, stably (ties keep the server's order, newest
// first). Rows without a value for the column (details not loaded, never started, …) go last
// in either direction; statuses the spec does not list go after the known ones, by the text sent.
import { WORKFLOW_STATUSES } from '../../../../shared/statuses'
import { duration, progress, userLabel, type ColumnId, type ListRow, type People } from './columns'

export interface SortState {
  column: ColumnId
  direction: 'asc' | 'desc'
}

type Key = [group: number, value: number | string] | undefined

const STATUS_RANK = new Map<string, number>(WORKFLOW_STATUSES.map((s, i) => [s, i]))
const nonZero = (t: number): Key => (t ? [0, t] : undefined)

function keyOf(row: ListRow, column: ColumnId, people: People, nowSec: number): Key {
  const d = row.details
  if (!d) return undefined
  switch (column) {
    case 'name':
      return [0, d.name]
    case 'status': {
      const rank = STATUS_RANK.get(d.status)
      return rank === undefined ? [1, d.status] : [0, rank]
    }
    case 'progress': {
      const p = progress(d)
      return p ? [0, p.lane / p.of] : undefined
    }
    case 'scheduled':
      return nonZero(d.scheduleTime)
    case 'started':
      return nonZero(d.startTime)
    case 'finished':
      return nonZero(d.finishTime)
    case 'duration': {
      const s = duration(d, nowSec)
      return s === undefined ? undefined : [0, s]
    }
    case 'user':
      return [0, userLabel(d.userId, people)]
  }
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return collator.compare(String(a), String(b))
}

export function sortRows(
  rows: readonly ListRow[],
  sort: SortState,
  people: People,
  nowSec: number
): ListRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1
  const keyed = rows.map((row, index) => ({
    row,
    index,
    key: keyOf(row, sort.column, people, nowSec)
  }))
  keyed.sort((a, b) => {
    if (!a.key || !b.key) return a.key ? -1 : b.key ? 1 : a.index - b.index
    if (a.key[0] !== b.key[0]) return a.key[0] - b.key[0]
    return sign * compareValues(a.key[1], b.key[1]) || a.index - b.index
  })
  return keyed.map((k) => k.row)
}
