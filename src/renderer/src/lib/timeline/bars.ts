// The bars of one lane: where each of its runs goes in SVG pixels, its shape and look, and
// where lineage links meet it. A bar whose run and place did not change keeps its object from
// the previous layout, so a refresh touches only what moved.
import type { Expectation } from '../../../../shared/timeline/expected'
import { isOverdue, measuredDuration } from '../../../../shared/timeline/expected'
import type { RunTimes } from '../../../../shared/timeline/times'
import { BAR_HEIGHT, barTop, round, type Frame } from './frame'
import { runLabel, type LabelContext } from './labels'
import { barPath, isFailure, runShape, statusLook, type RunShape, type StatusLook } from './looks'

const MIN_BAR_PX = 3
const NO_PAUSES: Bar['pauses'] = []

export interface Bar {
  key: string
  /** Position in execution order (0-based). */
  order: number
  laneIndex: number
  runNumber: number | null
  x: number
  y: number
  w: number
  h: number
  path: string
  shape: RunShape
  look: StatusLook
  status: string
  /** Some of its times are placed by run order, not measured. */
  ordinal: boolean
  open: boolean
  dimmed: boolean
  overdue: boolean
  /** Where processing began, when known and inside the bar. */
  activeX?: number
  pauses: { x: number; w: number }[]
  /** The run's times the bar was drawn from (for its accessible name). */
  times: RunTimes
  /** The run repeats a run that is not among the execution's runs. */
  missingOrigin: boolean
  /** What else its accessible name says: a bar is kept only while this holds for it. */
  scope: LabelScope
  /** Its accessible name, made when first read (only drawn bars are named). */
  readonly label: string
}

/**
 * Whether a bar is wide enough to show more than its outline (status fill, glyph, number), or
 * flagged overdue: thousands of slivers are drawn as outlines only.
 */
export const isDecorated = (bar: Pick<Bar, 'w' | 'overdue'>): boolean => bar.w >= 8 || bar.overdue

/** The lane's and the moment's part of a bar's accessible name. */
export type LabelScope = Pick<LabelContext, 'axis' | 'names' | 'laneSchemaId'> & { now: number }

/** What a lane's bars depend on besides its runs. */
export interface BarContext {
  frame: Frame
  failedOnly: boolean
  /** Keys of repeats whose origin run is missing. */
  missing: ReadonlySet<string>
  expectation: Expectation | undefined
  scope: LabelScope
}

/** A lane's runs laid out: bars in view, and every run's ends for links (in view or not). */
export interface LaneBars {
  /** The lane's runs, in execution order, as they were laid out. */
  runs: readonly RunTimes[]
  /** The bars of the runs in view, in execution order. */
  bars: Bar[]
  /** Each run's bar by key (runs in view only). */
  byKey: Map<string, Bar>
  /** Each run's position in `runs` by key. */
  index: Map<string, number>
  /** Where links meet each run: its ends as drawn, and whether it is dimmed. */
  x0: Float64Array
  x1: Float64Array
  dimmed: Uint8Array
  /** Some run is still going: it grows with the present moment. */
  open: boolean
}

/** Whether a run's times and facts are the same as when its bar was made. */
function sameRun(a: RunTimes, b: RunTimes): boolean {
  if (a === b) return true
  if (
    a.run.status !== b.run.status ||
    a.run.runType !== b.run.runType ||
    a.run.originRunNumber !== b.run.originRunNumber ||
    a.run.runNumber !== b.run.runNumber ||
    a.order !== b.order ||
    a.laneIndex !== b.laneIndex ||
    a.open !== b.open ||
    a.start.at !== b.start.at ||
    a.start.source !== b.start.source ||
    a.end.at !== b.end.at ||
    a.end.source !== b.end.source ||
    a.active?.at !== b.active?.at ||
    a.suspended.length !== b.suspended.length
  )
    return false
  return a.suspended.every((s, i) => s.from === b.suspended[i]!.from && s.to === b.suspended[i]!.to)
}

/**
 * Lays out one lane's runs. `previous` is the lane's layout in the previous frame when only the
 * runs may have changed (same scale, view, width, filter, expectations and lineage): a run's
 * bar is then kept when its run is the same and, if it is still going, the moment is too.
 */
export function layoutLane(
  runs: readonly RunTimes[],
  context: BarContext,
  previous: LaneBars | undefined,
  sameNow: boolean
): LaneBars {
  const { frame } = context
  const n = runs.length
  const lane: LaneBars = {
    runs,
    bars: [],
    byKey: new Map(),
    index: new Map(),
    x0: new Float64Array(n),
    x1: new Float64Array(n),
    dimmed: new Uint8Array(n),
    open: false
  }
  for (let i = 0; i < n; i++) {
    const run = runs[i]!
    lane.index.set(run.key, i)
    lane.open ||= run.open
    const at = previous?.index.get(run.key)
    const kept = at === undefined ? undefined : previous!.byKey.get(run.key)
    const isMissing = context.missing.has(run.key)
    if (
      kept &&
      sameRun(kept.times, run) &&
      kept.missingOrigin === isMissing &&
      (!run.open || sameNow)
    ) {
      lane.x0[i] = previous!.x0[at!]!
      lane.x1[i] = previous!.x1[at!]!
      lane.dimmed[i] = previous!.dimmed[at!]!
      lane.bars.push(kept)
      lane.byKey.set(run.key, kept)
      continue
    }
    const x0 = frame.x(frame.scale.toPosition(run.start.at))
    const x1 = Math.max(frame.x(frame.scale.toPosition(run.end.at)), x0 + MIN_BAR_PX)
    // Links meet the bars exactly where they are drawn (rounded as the bars are).
    lane.x0[i] = round(x0)
    lane.x1[i] = round(x0) + round(x1 - x0)
    const look = statusLook(run.run.status, run.run.runNumber === null)
    const dimmed = context.failedOnly && !isFailure(look)
    lane.dimmed[i] = dimmed ? 1 : 0
    if (x1 < frame.plotX0 || x0 > frame.plotX1) continue
    const made = makeBar(run, x0, x1, look, dimmed, isMissing, context)
    lane.bars.push(made)
    lane.byKey.set(run.key, made)
  }
  return lane
}

function makeBar(
  run: RunTimes,
  x0: number,
  x1: number,
  look: StatusLook,
  dimmed: boolean,
  missingOrigin: boolean,
  { frame, expectation, scope }: BarContext
): Bar {
  const { x, scale } = frame
  const y = barTop(run.laneIndex)
  const shape = runShape(run.run.runType)
  const duration = measuredDuration(run)
  const activeX = run.active ? x(scale.toPosition(run.active.at)) : undefined
  return {
    key: run.key,
    order: run.order,
    laneIndex: run.laneIndex,
    runNumber: run.run.runNumber,
    x: round(x0),
    y,
    w: round(x1 - x0),
    h: BAR_HEIGHT,
    path: barPath(shape, round(x0), y, round(x1 - x0), BAR_HEIGHT),
    shape,
    look,
    status: run.run.status,
    ordinal: run.start.source === 'ordinal' || run.end.source === 'ordinal',
    open: run.open,
    dimmed,
    overdue: duration !== undefined && isOverdue(duration, expectation),
    activeX:
      activeX !== undefined && activeX > x0 + 2 && activeX < x1 - 1 ? round(activeX) : undefined,
    pauses: run.suspended.length
      ? run.suspended.map((s) => {
          const px = x(scale.toPosition(s.from))
          return { x: round(px), w: round(Math.max(2, x(scale.toPosition(s.to)) - px)) }
        })
      : NO_PAUSES,
    times: run,
    missingOrigin,
    scope,
    get label() {
      return labelOf(this)
    }
  }
}

const labels = new WeakMap<Bar, string>()

/**
 * The accessible name of a drawn bar. Made only for bars that are drawn and kept with the bar
 * object, which survives refreshes that do not change the run.
 */
function labelOf(bar: Bar): string {
  const cached = labels.get(bar)
  if (cached !== undefined) return cached
  const { now, ...scope } = bar.scope
  const label = runLabel(bar.times, now, {
    ...scope,
    overdue: bar.overdue,
    missingOrigin: bar.missingOrigin
  })
  labels.set(bar, label)
  return label
}
