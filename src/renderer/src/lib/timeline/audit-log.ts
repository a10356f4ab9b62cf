// The audit-log panel's logic: rows newest first, a severity threshold, text search, the runs
// each entry names, and the window of rows a scrolled viewport shows (so thousands of entries
// scroll smoothly with only a screenful in the DOM).
import { isLogLevel, LOG_LEVEL_NUMBER, type LogLevel } from '../../../../shared/statuses'
import type { ResolvedLog } from '../../../../shared/timeline/resolve'

export interface LogRow {
  /** The entry's index as sent; unique within one audit log. */
  id: string
  at: number
  severity: string
  text: string
  /** Runs the entry names (keys), its subject first. */
  runKeys: string[]
  /** Lower-case text searched: description, severity and details. */
  haystack: string
}

function detailsText(details: unknown): string {
  if (details === undefined) return ''
  try {
    return JSON.stringify(details)
  } catch {
    return ''
  }
}

/** Every entry as a row, newest first. */
export function logRows(log: ResolvedLog): LogRow[] {
  const rows: LogRow[] = []
  const seen = new Set<string>()
  for (let i = log.entries.length - 1; i >= 0; i--) {
    const { parsed, runKeys } = log.entries[i]!
    const { entry } = parsed
    const text = typeof entry.content.description === 'string' ? entry.content.description : ''
    // A repeated index (a server fault) must not break keyed rendering.
    let id = entry.index
    for (let n = 2; seen.has(id); n++) id = `${entry.index}#${n}`
    seen.add(id)
    rows.push({
      id,
      at: entry.timestamp,
      severity: entry.severity,
      text,
      runKeys,
      haystack: `${text} ${entry.severity} ${detailsText(entry.content.details)}`.toLowerCase()
    })
  }
  return rows
}

export interface LogFilter {
  /** Show entries at least this severe; undefined shows all. */
  minSeverity?: LogLevel
  search?: string
}

/**
 * Rows that pass the filter. A severity the spec does not list cannot be ranked, so it is
 * never hidden by the threshold.
 */
export function filterRows(rows: readonly LogRow[], filter: LogFilter): LogRow[] {
  const limit = filter.minSeverity ? LOG_LEVEL_NUMBER[filter.minSeverity] : undefined
  const needle = filter.search?.trim().toLowerCase() ?? ''
  return rows.filter(
    (r) =>
      (limit === undefined || !isLogLevel(r.severity) || LOG_LEVEL_NUMBER[r.severity] <= limit) &&
      (!needle || r.haystack.includes(needle))
  )
}

export interface RowWindow {
  start: number
  end: number
  padTop: number
  padBottom: number
}

/** The rows [start, end) to render for a scroll position, with a few extra above and below. */
export function visibleWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 8
): RowWindow {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight)
  const shown = Math.ceil(Math.max(viewportHeight, rowHeight) / rowHeight)
  const start = Math.max(0, Math.min(count, first - overscan))
  const end = Math.max(start, Math.min(count, first + shown + overscan))
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight }
}

/** "Lane 2, run 3" from a run key ("2:3", "3:ahead"). */
export function runKeyTitle(key: string): string {
  const [lane, run] = key.split('#')[0]!.split(':')
  return run === 'ahead' ? `Lane ${lane}, run prepared in advance` : `Lane ${lane}, run ${run}`
}
