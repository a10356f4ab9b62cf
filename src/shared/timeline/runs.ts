// The lane runs of an execution in the order they ran, each with a key that stays the same
// across refreshes (lane index + run number), so selections and drawn bars survive updates.
import type { ExecutionDetails, LaneRun } from '../execution'

export interface RunRef {
  /** Stable and unique within the execution: `2:3` (lane 2, run 3), `3:ahead` (in advance). */
  key: string
  /** 1-based, as the REST API's `laneIndex`. */
  laneIndex: number
  run: LaneRun
  /** Position in the execution order (0-based). */
  order: number
}

/** The key of a lane run; a run prepared in advance (no number yet) is `ahead`. */
export const runKey = (laneIndex: number, runNumber: number | null): string =>
  `${laneIndex}:${runNumber ?? 'ahead'}`

/** The highest run number of the execution (0 when none is numbered). */
export function highestRunNumber(details: Pick<ExecutionDetails, 'lanes'>): number {
  let max = 0
  for (const lane of details.lanes)
    for (const run of lane.runs)
      if (run.runNumber !== null && run.runNumber > max) max = run.runNumber
  return max
}

/**
 * Every lane run in execution order. Run numbers are global to the execution and a new one is
 * made only by a retry or rerun, while lanes within one run number go first to last — so
 * (run number, lane) is the order in which runs began. A run prepared in advance comes right
 * after the current one. Keys stay unique even if a server sent a run number twice in a lane.
 */
export function listRuns(details: Pick<ExecutionDetails, 'lanes'>): RunRef[] {
  const current = highestRunNumber(details)
  const refs: { ref: RunRef; sortRun: number }[] = []
  const used = new Set<string>()
  details.lanes.forEach((lane, i) => {
    const laneIndex = i + 1
    // Runs arrive newest first; walk oldest first so a duplicate gets the suffix, not the original.
    for (let j = lane.runs.length - 1; j >= 0; j--) {
      const run = lane.runs[j]!
      let key = runKey(laneIndex, run.runNumber)
      for (let n = 2; used.has(key); n++) key = `${runKey(laneIndex, run.runNumber)}#${n}`
      used.add(key)
      refs.push({ ref: { key, laneIndex, run, order: 0 }, sortRun: run.runNumber ?? current })
    }
  })
  refs.sort((a, b) => a.sortRun - b.sortRun || a.ref.laneIndex - b.ref.laneIndex)
  return refs.map(({ ref }, order) => {
    ref.order = order
    return ref
  })
}

/**
 * Whether resolving the audit log against these runs gives what it gave for the previous ones:
 * the same keys in the same order with the same task execution ids. A refresh that only
 * changed statuses can keep the previous resolution. Compares in place, building nothing.
 */
export function sameStructure(a: readonly RunRef[], b: readonly RunRef[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x.key !== y.key) return false
    const bx = x.run.parallelBoxes
    const by = y.run.parallelBoxes
    if (bx.length !== by.length) return false
    for (let j = 0; j < bx.length; j++) {
      const tx = bx[j]!.taskRegistry
      const ty = by[j]!.taskRegistry
      for (const k in tx) if (tx[k] !== ty[k]) return false
      for (const k in ty) if (!(k in tx)) return false
    }
  }
  return true
}

/** The newest run of a lane: its highest run number, else the run prepared in advance. */
function newestOfLane(runs: readonly RunRef[], laneIndex: number): RunRef | undefined {
  let newest: RunRef | undefined
  for (const r of runs) {
    if (r.laneIndex !== laneIndex) continue
    if (!newest || (r.run.runNumber ?? 0) > (newest.run.runNumber ?? 0)) newest = r
  }
  return newest
}

/**
 * The selection after new details arrived, as the official GUI keeps it: a user looking at the
 * newest run of a lane follows a new run there (a retry or rerun); any other selection stays.
 * A selected run that disappeared (a run prepared in advance got its number) gives way to the
 * newest run of its lane.
 */
export function followSelection(
  before: readonly RunRef[],
  after: readonly RunRef[],
  selected: string | undefined
): string | undefined {
  if (selected === undefined) return undefined
  const was = before.find((r) => r.key === selected)
  const still = after.some((r) => r.key === selected)
  if (!was) return still ? selected : undefined
  const wasNewest = newestOfLane(before, was.laneIndex)?.key === selected
  if (still && !wasNewest) return selected
  return newestOfLane(after, was.laneIndex)?.key ?? (still ? selected : undefined)
}
