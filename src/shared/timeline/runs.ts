// The lane runs of an execution in the order they ran, each with a key that stays the same
// across refreshes (lane index + run number), so selections and drawn bars survive updates.
import type { ExecutionDetails, LaneRun } from '../execution'
import { changesSince, recordChanges } from './changes'

export interface RunRef {
  /** Stable and unique within the execution: `2:3` (lane 2, run 3), `3:ahead` (in advance). */
  key: string
  /** 1-based, as the REST API's `laneIndex`. */
  laneIndex: number
  /**
   * The lane run. In a list made from a previous one (`listRuns(details, previous)`), a run the
   * timeline draws alike (`sameDrawnRun`) keeps the object it was first listed with: its stores,
   * flags and tasks may since have changed, and are read from the details, not from here.
   */
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
 * Given the list made for the previous details of the same execution, a run the timeline draws
 * as before keeps its reference object and, when every lane has the same run numbers, the order
 * is not worked out again: a refresh that changed a status makes one new reference.
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

/**
 * The previous list with changed runs replaced, or undefined when any lane's runs differ in
 * number. One pass over the runs, comparing what the timeline draws of each and building
 * nothing for a run that did not change.
 */
function refreshed(
  details: Pick<ExecutionDetails, 'lanes'>,
  previous: readonly RunRef[],
  before: RunRef[][]
): RunRef[] | undefined {
  if (details.lanes.length !== before.length) return undefined
  let list: RunRef[] | undefined
  let lanes: RunRef[][] | undefined
  const changed: number[] = []
  for (let i = 0; i < before.length; i++) {
    const runs = details.lanes[i]!.runs
    const was = before[i]!
    const last = runs.length - 1
    if (runs.length !== was.length) return undefined
    for (let j = 0; j < was.length; j++) {
      const run = runs[last - j]!
      const ref = was[j]!
      if (run.runNumber !== ref.run.runNumber) return undefined
      if (run === ref.run || sameDrawnRun(run, ref.run)) continue
      list ??= previous.slice()
      lanes ??= before.slice()
      if (lanes[i] === was) lanes[i] = was.slice()
      const next: RunRef = { key: ref.key, laneIndex: ref.laneIndex, run, order: ref.order }
      lanes[i]![j] = next
      list[ref.order] = next
      changed.push(ref.order)
    }
  }
  if (!list) return previous as RunRef[]
  lanesOf.set(list, lanes!)
  recordChanges(list, previous, changed)
  return list
}

/**
 * Whether the timeline draws two lane runs alike: the same number, type, origin and status,
 * which are all it places, shapes, colours, names and links a run by. Stores, the retry and
 * rerun flags and tasks are not drawn; what needs them reads the current details.
 */
export function sameDrawnRun(a: LaneRun, b: LaneRun): boolean {
  return (
    a.status === b.status &&
    a.runNumber === b.runNumber &&
    a.runType === b.runType &&
    a.originRunNumber === b.originRunNumber
  )
}

/**
 * Whether two lists name the same runs in the same order: resolving the audit log by lane and
 * run number then gives the same as before (task ids are compared apart, `sameTasks`, and only
 * when the log names tasks). Compares in place, building nothing.
 */
export function sameStructure(a: readonly RunRef[], b: readonly RunRef[]): boolean {
  if (a.length !== b.length) return false
  const changed = changesSince(b, a) ?? changesSince(a, b)
  if (changed) return changed.every((i) => a[i]!.key === b[i]!.key)
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x !== y && x.key !== y.key) return false
  }
  return true
}

/**
 * Each reference of a list made for `details` with its lane run as the details have it now: a
 * reference kept from an earlier list holds the run as first seen, alike in what is drawn but
 * not necessarily in its stores, flags or tasks. Without details, the references' own runs.
 */
function currentRuns(
  details: Pick<ExecutionDetails, 'lanes'> | undefined,
  runs: readonly RunRef[],
  each: (ref: RunRef, run: LaneRun) => void
): void {
  const lanes = details && lanesOf.get(runs)
  if (
    !details ||
    !lanes ||
    lanes.length !== details.lanes.length ||
    lanes.some((l, i) => l.length !== details.lanes[i]!.runs.length)
  ) {
    for (const ref of runs) each(ref, ref.run)
    return
  }
  lanes.forEach((refs, i) => {
    const current = details.lanes[i]!.runs
    for (let j = 0; j < refs.length; j++) each(refs[j]!, current[current.length - 1 - j]!)
  })
}

/** Each task execution id of the details' runs, with the key of the run that holds it. */
export function taskOwners(
  details: Pick<ExecutionDetails, 'lanes'> | undefined,
  runs: readonly RunRef[]
): Map<string, string> {
  const owners = new Map<string, string>()
  currentRuns(details, runs, ({ key }, run) => {
    for (const box of run.parallelBoxes)
      for (const t in box.taskRegistry) owners.set(box.taskRegistry[t]!, key)
  })
  return owners
}

/** Whether two readings of an execution have the same runs holding the same task execution ids. */
export function sameTasks(
  a: Pick<ExecutionDetails, 'lanes'>,
  b: Pick<ExecutionDetails, 'lanes'>
): boolean {
  if (a === b) return true
  if (a.lanes.length !== b.lanes.length) return false
  for (let i = 0; i < a.lanes.length; i++) {
    const x = a.lanes[i]!.runs
    const y = b.lanes[i]!.runs
    if (x.length !== y.length) return false
    for (let j = 0; j < x.length; j++)
      if (!sameBoxTasks(x[j]!.parallelBoxes, y[j]!.parallelBoxes)) return false
  }
  return true
}

function sameBoxTasks(a: LaneRun['parallelBoxes'], b: LaneRun['parallelBoxes']): boolean {
  if (a.length !== b.length) return false
  for (let j = 0; j < a.length; j++) {
    const tx = a[j]!.taskRegistry
    const ty = b[j]!.taskRegistry
    let count = 0
    for (const k in tx) {
      if (tx[k] !== ty[k]) return false
      count++
    }
    for (const _ in ty) count--
    if (count !== 0) return false
  }
  return true
}

const KEY = /^(\d+):(\d+|ahead)(?:#(\d+))?$/

/**
 * The lane run a key names, as the details have it now (its current stores, flags and tasks),
 * found in its lane alone: `2:3` is lane 2's run 3, `2:3#2` the second run 3 of lane 2 (oldest
 * first, as `listRuns` numbers duplicates).
 */
export function findRun(
  details: Pick<ExecutionDetails, 'lanes'>,
  key: string
): { laneIndex: number; run: LaneRun } | undefined {
  const match = KEY.exec(key)
  if (!match) return undefined
  const laneIndex = Number(match[1])
  const runs = details.lanes[laneIndex - 1]?.runs
  if (!runs) return undefined
  const runNumber = match[2] === 'ahead' ? null : Number(match[2])
  let nth = match[3] === undefined ? 1 : Number(match[3])
  if (nth < 2 && match[3] !== undefined) return undefined
  for (let j = runs.length - 1; j >= 0; j--)
    if (runs[j]!.runNumber === runNumber && --nth === 0) return { laneIndex, run: runs[j]! }
  return undefined
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
