// Human and JSON output for `lanewatch snapshot`. A snapshot may come from anyone, so every text
// in it is made printable before it reaches a terminal: control characters (escape sequences,
// carriage returns, bidirectional overrides) are shown as \uXXXX instead of acting.
import type { AuditLogEntry } from '../../shared/execution'
import { formatTime } from '../../shared/format'
import type { Snapshot, SnapshotHeader } from '../../shared/snapshot'
import type { ExecutionDiff, RunSummary } from '../../shared/snapshot-diff'
import { renderDetails, table, timeMs } from '../format'

// C0 and C1 controls, DEL, line/paragraph separators and bidirectional controls.
const CONTROL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/** A text from a server or a file, safe to print on one line. */
export const printable = (text: string): string => text.replace(CONTROL, escape)

/** The value with every string (keys included) made printable. */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T
  if (Array.isArray(value)) return value.map(printableDeep) as T
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [printable(k), printableDeep(v)])
    ) as T
  return value
}

// JSON.stringify escapes C0 controls inside strings; its own newlines lay out the text.
const UNESCAPED_BY_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** JSON whose text holds no raw control character: the same data, with such characters escaped. */
export const safeJson = (value: unknown): string =>
  JSON.stringify(value, null, 2).replace(UNESCAPED_BY_JSON, escape)

const savedTime = (ms: number) => formatTime(Math.floor(ms / 1000))

function entryLine(e: AuditLogEntry): string {
  const text = e.content.description ?? JSON.stringify(e.content)
  return printable(`${timeMs(e.timestamp)}  ${e.severity.padEnd(9)} ${text}`)
}

const LAST_ENTRIES = 10

export function renderSnapshot(file: string, header: SnapshotHeader, s: Snapshot): string {
  const safe = printableDeep({ execution: s.execution, names: s.names })
  const workflow = safe.names.workflow
  const log = s.auditLog
  const lines = [
    `snapshot   ${printable(file)}  (format ${header.version})`,
    `saved      ${savedTime(s.savedAt)} from ${printable(s.provider.host)}`,
    workflow
      ? `workflow   ${workflow.name} revision ${workflow.revisionNumber} (schema ${workflow.schemaId})`
      : Object.keys(safe.names.lanes).length
        ? 'workflow   names from Onezone (the revision could not be told apart)'
        : 'workflow   names not known (saved without Onezone)',
    `observed   ${s.observations.execution.length} execution and ${s.observations.runs.length} lane-run status changes`,
    '',
    renderDetails(safe.execution, safe.names),
    '',
    log.length
      ? `Audit log: ${log.length} entries${log.length > LAST_ENTRIES ? `, the last ${LAST_ENTRIES}` : ''} (--json prints them all)`
      : 'Audit log: empty',
    ...log.slice(-LAST_ENTRIES).map((e) => `  ${entryLine(e)}`)
  ]
  return lines.join('\n')
}

export interface DiffSide {
  file: string
  savedAt: number
  status: string
}

const run = (r: { runNumber: number | null }) =>
  r.runNumber === null ? 'ahead' : String(r.runNumber)
const runRows = (runs: RunSummary[]) =>
  runs.map((r) => [
    String(r.laneIndex),
    run(r),
    r.runType,
    r.originRunNumber === null ? '-' : String(r.originRunNumber),
    r.status
  ])
const RUN_HEADERS = ['LANE', 'RUN', 'TYPE', 'ORIGIN', 'STATUS']
const indent = (text: string) => text.replace(/^/gm, '  ')
const MAX_ENTRIES = 50

export function renderDiff(from: DiffSide, to: DiffSide, unsafe: ExecutionDiff): string {
  const diff = printableDeep(unsafe)
  const side = (label: string, s: DiffSide) =>
    printable(`${label}  ${s.file}  saved ${savedTime(s.savedAt)}  status ${s.status}`)
  const lines = [`${diff.name}  ${diff.executionId}`, side('from', from), side('to  ', to)]
  if (to.savedAt < from.savedAt)
    lines.push(
      'note: the second snapshot was saved before the first; the first is read as earlier.'
    )
  lines.push('')
  if (diff.status) lines.push(`Execution status: ${diff.status.before} → ${diff.status.after}`)
  if (diff.newRuns.length)
    lines.push(
      `New runs (${diff.newRuns.length}):`,
      indent(table(RUN_HEADERS, runRows(diff.newRuns)))
    )
  if (diff.changedRuns.length)
    lines.push(
      `Runs whose status changed (${diff.changedRuns.length}):`,
      indent(
        table(
          ['LANE', 'RUN', 'BEFORE', 'AFTER'],
          diff.changedRuns.map((c) => [String(c.laneIndex), run(c), c.before, c.after])
        )
      )
    )
  if (diff.goneRuns.length)
    lines.push(
      `Runs no longer listed (${diff.goneRuns.length}):`,
      indent(table(RUN_HEADERS, runRows(diff.goneRuns)))
    )
  const added = diff.addedEntries
  if (added.length) {
    lines.push(`Audit log: ${added.length} entries added`)
    lines.push(...added.slice(0, MAX_ENTRIES).map((e) => `  ${entryLine(e)}`))
    if (added.length > MAX_ENTRIES)
      lines.push(`  … and ${added.length - MAX_ENTRIES} more (--json lists them all)`)
  }
  if (diff.missingEntries)
    lines.push(
      `Audit log: ${diff.missingEntries} entries of the first are missing from the second.`
    )
  if (lines[lines.length - 1] === '') lines.push('No changes.')
  return lines.join('\n')
}
