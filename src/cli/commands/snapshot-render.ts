// Human and JSON output for `lanewatch snapshot`. A snapshot may come from anyone, so every text
// in it is cleaned before it reaches a terminal: control characters (escape sequences,
// carriage returns, bidirectional overrides) are shown as \uXXXX instead of acting.
import type { AuditLogEntry } from '../../shared/execution'
import { formatTime } from '../../shared/format'
import type { Snapshot, SnapshotHeader } from '../../shared/snapshot'
import type { ExecutionDiff, RunSummary } from '../../shared/snapshot-diff'
import { renderDetails, table, timeMs } from '../format'
import { cleanDeep, cleanText } from '../text'

const savedTime = (ms: number) => formatTime(Math.floor(ms / 1000))

function entryLine(e: AuditLogEntry): string {
  const text = e.content.description ?? JSON.stringify(e.content)
  return cleanText(`${timeMs(e.timestamp)}  ${e.severity.padEnd(9)} ${text}`)
}

const LAST_ENTRIES = 10

export function renderSnapshot(file: string, header: SnapshotHeader, s: Snapshot): string {
  const safe = cleanDeep({ execution: s.execution, names: s.names })
  const workflow = safe.names.workflow
  const log = s.auditLog
  const lines = [
    `snapshot   ${cleanText(file)}  (format ${header.version})`,
    `saved      ${savedTime(s.savedAt)} from ${cleanText(s.provider.host)}`,
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
  const diff = cleanDeep(unsafe)
  const side = (label: string, s: DiffSide) =>
    cleanText(`${label}  ${s.file}  saved ${savedTime(s.savedAt)}  status ${s.status}`)
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
