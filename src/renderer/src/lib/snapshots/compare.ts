// What a comparison shows: the marks on the timeline (run key → label) and the summary line,
// from the pure diff. Kept apart from the components so they are tested as plain functions.
import type { ExecutionDiff } from '../../../../shared/snapshot-diff'
import { runKey } from '../../../../shared/timeline/runs'

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** Each new or changed run of the later state, labelled for the timeline. */
export function comparisonMarks(diff: ExecutionDiff): Map<string, string> {
  const marks = new Map<string, string>()
  for (const r of diff.newRuns) marks.set(runKey(r.laneIndex, r.runNumber), `new: ${r.status}`)
  for (const r of diff.changedRuns)
    marks.set(runKey(r.laneIndex, r.runNumber), `${r.before} → ${r.after}`)
  return marks
}

/** One line that says what changed, e.g. "active → finished · 2 new runs · 14 entries added". */
export function comparisonSummary(diff: ExecutionDiff): string {
  const parts: string[] = []
  if (diff.status) parts.push(`${diff.status.before} → ${diff.status.after}`)
  if (diff.newRuns.length) parts.push(plural(diff.newRuns.length, 'new run'))
  if (diff.changedRuns.length)
    parts.push(`${plural(diff.changedRuns.length, 'run')} changed status`)
  if (diff.goneRuns.length) parts.push(`${plural(diff.goneRuns.length, 'run')} gone`)
  if (diff.addedEntries.length)
    parts.push(`${plural(diff.addedEntries.length, 'audit-log entry', 'audit-log entries')} added`)
  if (diff.missingEntries)
    parts.push(
      `${plural(diff.missingEntries, 'entry', 'entries')} of the earlier log missing from the later one — were the two given the wrong way round?`
    )
  return parts.length ? parts.join(' · ') : 'Nothing changed between the two.'
}

/** "lane 2, run 3" (a run prepared in advance: "lane 2, prepared run"). */
export const runLabel = (laneIndex: number, runNumber: number | null): string =>
  `lane ${laneIndex}, ${runNumber === null ? 'prepared run' : `run ${runNumber}`}`
