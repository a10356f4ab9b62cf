// Compact, aligned human output. Every piece of text from the server goes through cleanText.
import type { ExecutionDetails } from '../shared/execution'
import type { WorkflowNames } from '../shared/observations'
import { formatTime } from '../shared/format'
import { workflowPhase } from '../shared/statuses'
import { cleanText } from './text'

/** Columns padded to their widest cell; the last column is not padded. Cells are cleaned. */
export function table(headers: string[], cells: string[][]): string {
  const rows = cells.map((r) => r.map(cleanText))
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(headers), ...rows.map(line)].join('\n')
}

/** POSIX seconds as local time; 0 (never) as `-`. */
export const time = (seconds: number): string => formatTime(seconds)

export function timeMs(ms: number): string {
  const d = new Date(ms)
  return `${time(Math.floor(ms / 1000))}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

/** A status with its phase, or marked as unknown when the spec does not list it. */
export function statusLabel(status: string): string {
  const phase = workflowPhase(status)
  const shown = cleanText(status)
  return phase ? `${shown} (${phase})` : `${shown} (status unknown to Lanewatch)`
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no')

/** The execution; lanes and boxes are named where the workflow schema's names are known. */
export function renderDetails(d: ExecutionDetails, names?: WorkflowNames): string {
  const c = cleanText
  const named = (known: Record<string, string> | undefined, id: string) =>
    known && Object.hasOwn(known, id) ? ` ${c(known[id]!)}` : ''
  const head = [
    `${c(d.name)}  ${c(d.atmWorkflowExecutionId)}`,
    `status     ${statusLabel(d.status)}`,
    `space      ${c(d.spaceId)}    user ${c(d.userId)}    inventory ${c(d.atmInventoryId)}`,
    `scheduled  ${time(d.scheduleTime)}   started ${time(d.startTime)}   suspended ${time(d.suspendTime)}   finished ${time(d.finishTime)}`
  ]
  const lanes = d.lanes.map((lane, i) => {
    const title = `Lane ${i + 1}${named(names?.lanes, lane.schemaId)}  (schema ${c(lane.schemaId)})`
    if (!lane.runs.length) return `${title}\n  no runs`
    const rows = lane.runs.map((r) => [
      r.runNumber === null ? 'ahead' : String(r.runNumber),
      r.runType,
      r.originRunNumber === null ? '-' : String(r.originRunNumber),
      r.status,
      yesNo(r.isRetriable),
      yesNo(r.isRerunable),
      r.parallelBoxes
        .map(
          (b, j) =>
            `box ${j + 1}${named(names?.parallelBoxes, b.schemaId)}: ${Object.values(b.taskRegistry).join(', ') || '(no tasks)'}`
        )
        .join('; ') || '-'
    ])
    const runs = table(['RUN', 'TYPE', 'ORIGIN', 'STATUS', 'RETRIABLE', 'RERUNABLE', 'TASKS'], rows)
    return `${title}\n${runs.replace(/^/gm, '  ')}`
  })
  return [...head, '', ...lanes].join('\n')
}
