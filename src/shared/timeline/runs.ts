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

/** One number for (lane, run number): cheaper to make and hash than a key string, exact far beyond real sizes. */
export const numberKey = (laneIndex: number, runNumber: number) => laneIndex * 2 ** 26 + runNumber

/** The highest run number of the execution (0 when none is numbered). */
export function highestRunNumber(details: Pick<ExecutionDetails, 'lanes'>): number {
  let max = 0
  for (const lane of details.lanes)
    for (const run of lane.runs)
      if (run.runNumber !== null && run.runNumber > max) max = run.runNumber
  return max
}

/** Each list's runs by lane (index 0 is lane 1), oldest first: what the next list starts from. */
const lanesOf = new WeakMap<readonly RunRef[], RunRef[][]>()

/**
 * Every lane run in execution order. Run numbers are global to the execution and a new one is
 * made only by a retry or rerun, while lanes within one run number go first to last — so
 * (run number, lane) is the order in which runs began. A run prepared in advance comes right
 * after the current one. Keys stay unique even if a server sent a run number twice in a lane.
 *
 * Given the list made for the previous details of the same execution, a run that is the same as
 * before keeps its reference object and, when every lane has the same run numbers, the order is
 * not worked out again: a refresh that changed a status makes one new reference.
 */
export function listRuns(
  details: Pick<ExecutionDetails, 'lanes'>,
  previous?: readonly RunRef[]
): RunRef[] {
  const before = previous && lanesOf.get(previous)
  return (before && refreshed(details, previous, before)) ?? fresh(details)
}

function fresh(details: Pick<ExecutionDetails, 'lanes'>): RunRef[] {
  const current = highestRunNumber(details)
  const refs: { ref: RunRef; sortRun: number }[] = []
  const lanes: RunRef[][] = []
  const used = new Set<string>()
  details.lanes.forEach((lane, i) => {
    const laneIndex = i + 1
    const mine: RunRef[] = []
    lanes.push(mine)
    // Runs arrive newest first; walk oldest first so a duplicate gets the suffix, not the original.
    for (let j = lane.runs.length - 1; j >= 0; j--) {
      const run = lane.runs[j]!
      let key = runKey(laneIndex, run.runNumber)
      for (let n = 2; used.has(key); n++) key = `${runKey(laneIndex, run.runNumber)}#${n}`
      used.add(key)
      const ref: RunRef = { key, laneIndex, run, order: 0 }
      mine.push(ref)
      refs.push({ ref, sortRun: run.runNumber ?? current })
    }
  })
  refs.sort((a, b) => a.sortRun - b.sortRun || a.ref.laneIndex - b.ref.laneIndex)
  const list = refs.map(({ ref }, order) => {
    ref.order = order
    return ref
  })
  lanesOf.set(list, lanes)
  return list
}

/** The previous list with changed runs replaced, or undefined when any lane's runs differ in number. */
function refreshed(
  details: Pick<ExecutionDetails, 'lanes'>,
  previous: readonly RunRef[],
  before: RunRef[][]
): RunRef[] | undefined {
  if (details.lanes.length !== before.length) return undefined
  let list: RunRef[] | undefined
  let lanes: RunRef[][] | undefined
  for (let i = 0; i < before.length; i++) {
    const runs = details.lanes[i]!.runs
    const was = before[i]!
    if (runs.length !== was.length) return undefined
    for (let j = 0; j < was.length; j++) {
      const run = runs[runs.length - 1 - j]!
      const ref = was[j]!
      if (run.runNumber !== ref.run.runNumber) return undefined
      if (run === ref.run || sameLaneRun(run, ref.run)) continue
      list ??= previous.slice()
      lanes ??= before.slice()
      if (lanes[i] === was) lanes[i] = was.slice()
      const next: RunRef = { key: ref.key, laneIndex: ref.laneIndex, run, order: ref.order }
      lanes[i]![j] = next
      list[ref.order] = next
    }
  }
  if (!list) return previous as RunRef[]
  lanesOf.set(list, lanes!)
  return list
}

/** Whether two lane runs say the same in every field, their boxes' task ids included. */
function sameLaneRun(a: LaneRun, b: LaneRun): boolean {
  return (
    a.status === b.status &&
    a.runType === b.runType &&
    a.originRunNumber === b.originRunNumber &&
    a.iteratedStoreId === b.iteratedStoreId &&
    a.exceptionStoreId === b.exceptionStoreId &&
    a.isRetriable === b.isRetriable &&
    a.isRerunable === b.isRerunable &&
    sameBoxes(a.parallelBoxes, b.parallelBoxes)
  )
}

function sameBoxes(a: LaneRun['parallelBoxes'], b: LaneRun['parallelBoxes']): boolean {
  return a.every((box, j) => box.schemaId === b[j]?.schemaId) && sameTasks(a, b)
}

/**
 * Whether resolving the audit log against these runs gives what it gave for the previous ones:
 * the same keys in the same order with the same task execution ids. A refresh that only
 * changed statuses can keep the previous resolution. Compares in place, building nothing.
 */
export function sameStructure(a: readonly RunRef[], b: readonly RunRef[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x === y) continue
    if (x.key !== y.key) return false
    if (!sameTasks(x.run.parallelBoxes, y.run.parallelBoxes)) return false
  }
  return true
}

function sameTasks(a: LaneRun['parallelBoxes'], b: LaneRun['parallelBoxes']): boolean {
  if (a.length !== b.length) return false
  for (let j = 0; j < a.length; j++) {
    const tx = a[j]!.taskRegistry
    const ty = b[j]!.taskRegistry
    for (const k in tx) if (tx[k] !== ty[k]) return false
    for (const k in ty) if (!(k in tx)) return false
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
