// Where everything of the timeline goes, in SVG pixels: one row per lane, a bar per lane run on
// a shared (possibly compressed) time axis, lineage links, ticks, compressed-gap marks and the
// "now" line. Pure: the component only draws what this returns. Bars that did not change keep
// their object from the previous layout, so a refresh touches only what moved.
import type { Lane } from '../../../../shared/execution'
import type { WorkflowNames } from '../../../../shared/observations'
import {
  describeExpectation,
  isOverdue,
  measuredDuration,
  type Expectation
} from '../../../../shared/timeline/expected'
import { formatDuration } from '../../../../shared/timeline/format'
import { buildScale, ordinalScale, type TimeScale } from '../../../../shared/timeline/gaps'
import type { Lineage } from '../../../../shared/timeline/lineage'
import type { ExecutionTimeline, RunTimes } from '../../../../shared/timeline/times'
import { runLabel } from './labels'
import { barPath, isFailure, runShape, statusLook, type RunShape, type StatusLook } from './looks'
import { timeTicks, type Tick } from './ticks'

export const ROW_HEIGHT = 30
export const BAR_HEIGHT = 18
export const AXIS_HEIGHT = 36
export const LABEL_WIDTH = 190
const RIGHT_PAD = 30
const MIN_BAR_PX = 3

export interface View {
  from: number
  to: number
}

export interface Bar {
  key: string
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
  label: string
}

export interface Row {
  laneIndex: number
  y: number
  title: string
  name?: string
  hint?: string
}

export interface Link {
  key: string
  /** The repeating run's key. */
  from: string
  d: string
  type: string
  dimmed: boolean
}

export interface Layout {
  width: number
  height: number
  plotX0: number
  plotX1: number
  axis: 'time' | 'order'
  scale: TimeScale
  view: View
  rows: Row[]
  bars: Bar[]
  links: Link[]
  ticks: Tick[]
  gaps: { x: number; w: number; label: string }[]
  nowX?: number
  /** What each bar was made from, so the next layout can keep bars whose inputs are the same. */
  memo: Memo
}

interface Memo {
  names: WorkflowNames | undefined
  expectations: ReadonlyMap<number, Expectation> | undefined
  now: number
  axis: 'time' | 'order'
  runs: Map<string, { run: RunTimes; missing: boolean; bar: Bar }>
  links: Map<string, Link>
}

export interface GeometryInput {
  timeline: ExecutionTimeline
  lineage: Lineage
  lanes: readonly Pick<Lane, 'schemaId'>[]
  names?: WorkflowNames
  expectations?: ReadonlyMap<number, Expectation>
  width: number
  compress: boolean
  failedOnly: boolean
  view?: View
}

/** The scale of a timeline: run slots on the ordinal axis, (compressed) time otherwise. */
export function scaleOf(t: ExecutionTimeline, compress: boolean): TimeScale {
  if (t.axis === 'order') return ordinalScale(t.runs.length)
  const intervals = t.runs.map((r) => ({ from: r.start.at, to: r.end.at }))
  return buildScale(intervals, { from: t.from, to: t.to }, { compress })
}

/** The whole timeline with a little room at both ends. */
export function fullView(scale: TimeScale): View {
  const length = scale.length > 0 ? scale.length : 1000
  return { from: -length * 0.01, to: length * 1.01 }
}

/** Whether a run's times and facts are the same as in the previous layout. */
function sameRun(a: RunTimes, b: RunTimes): boolean {
  if (
    a.run.status !== b.run.status ||
    a.run.runType !== b.run.runType ||
    a.run.originRunNumber !== b.run.originRunNumber ||
    a.run.runNumber !== b.run.runNumber ||
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

export function layoutTimeline(input: GeometryInput, previous?: Layout): Layout {
  const { timeline: t, width } = input
  const scale = scaleOf(t, input.compress)
  const view = input.view ?? fullView(scale)
  const plotX0 = LABEL_WIDTH
  const plotX1 = Math.max(plotX0 + 40, width - RIGHT_PAD)
  const k = (plotX1 - plotX0) / Math.max(view.to - view.from, 1e-9)
  const x = (position: number) => plotX0 + (position - view.from) * k
  const rowY = (laneIndex: number) => AXIS_HEIGHT + (laneIndex - 1) * ROW_HEIGHT
  const barTop = (laneIndex: number) => rowY(laneIndex) + (ROW_HEIGHT - BAR_HEIGHT) / 2

  const rows: Row[] = input.lanes.map((lane, i) => {
    const name = input.names?.lanes[lane.schemaId]
    const e = input.expectations?.get(i + 1)
    return {
      laneIndex: i + 1,
      y: rowY(i + 1),
      title: `Lane ${i + 1}`,
      ...(name ? { name } : {}),
      ...(e ? { hint: describeExpectation(e) } : {})
    }
  })

  const missing = new Set(input.lineage.missing.map((m) => m.key))
  const old = previous?.memo
  const reusable =
    old &&
    old.names === input.names &&
    old.expectations === input.expectations &&
    old.axis === t.axis
      ? old.runs
      : undefined
  const memo: Memo = {
    names: input.names,
    expectations: input.expectations,
    now: t.now,
    axis: t.axis,
    runs: new Map(),
    links: new Map()
  }
  const ends = new Map<string, { x0: number; x1: number; y: number }>()
  const bars: Bar[] = []
  for (const run of t.runs) {
    const x0 = x(scale.toPosition(run.start.at))
    const x1 = Math.max(x(scale.toPosition(run.end.at)), x0 + MIN_BAR_PX)
    const y = barTop(run.laneIndex)
    // Links meet the bars exactly where they are drawn (rounded as the bars are).
    ends.set(run.key, { x0: round(x0), x1: round(x0) + round(x1 - x0), y: y + BAR_HEIGHT / 2 })
    if (x1 < plotX0 || x0 > plotX1) continue
    const isMissing = missing.has(run.key)
    const was = reusable?.get(run.key)
    const kept =
      was &&
      was.missing === isMissing &&
      was.bar.x === round(x0) &&
      was.bar.w === round(x1 - x0) &&
      was.bar.y === y &&
      was.bar.dimmed === (input.failedOnly && !isFailure(was.bar.look)) &&
      (!run.open || old!.now === t.now) &&
      sameRun(was.run, run)
        ? was.bar
        : bar(run, x0, x1, y, input, x, scale, isMissing)
    memo.runs.set(run.key, { run, missing: isMissing, bar: kept })
    bars.push(kept)
  }

  const dim = new Set(bars.filter((b) => b.dimmed).map((b) => b.key))
  const links: Link[] = []
  for (const link of input.lineage.links) {
    const from = ends.get(link.from)
    const to = ends.get(link.to)
    if (!from || !to) continue
    // Within a row the arc joins the bars' top edges so it shows above them.
    const lift = from.y === to.y ? BAR_HEIGHT / 2 : 0
    const next: Link = {
      key: `${link.from}>${link.to}`,
      from: link.from,
      d: linkPath(to.x1, to.y - lift, from.x0, from.y - lift),
      type: link.type,
      dimmed: dim.has(link.from) && dim.has(link.to)
    }
    const was = old?.links.get(next.key)
    const kept =
      was && was.d === next.d && was.type === next.type && was.dimmed === next.dimmed ? was : next
    memo.links.set(kept.key, kept)
    links.push(kept)
  }

  const gaps = scale.segments
    .filter((s) => s.compressed && s.end >= view.from && s.start <= view.to)
    .map((s) => ({
      x: x(s.start),
      w: Math.max(x(s.end) - x(s.start), 6),
      label: `${formatDuration(s.to - s.from, { coarse: true })} idle`
    }))
  const ticks =
    t.axis === 'time' ? timeTicks({ scale, from: view.from, to: view.to, x, pxPerUnit: k }) : []
  const nowX = t.axis === 'time' && t.running ? x(scale.toPosition(t.now)) : undefined
  return {
    width,
    height: AXIS_HEIGHT + Math.max(1, input.lanes.length) * ROW_HEIGHT + 8,
    plotX0,
    plotX1,
    axis: t.axis,
    scale,
    view,
    rows,
    bars,
    links,
    ticks,
    gaps,
    ...(nowX !== undefined && nowX >= plotX0 && nowX <= plotX1 ? { nowX } : {}),
    memo
  }
}

function bar(
  run: RunTimes,
  x0: number,
  x1: number,
  y: number,
  input: GeometryInput,
  x: (p: number) => number,
  scale: TimeScale,
  missingOrigin: boolean
): Bar {
  const { timeline: t } = input
  const look = statusLook(run.run.status, run.run.runNumber === null)
  const shape = runShape(run.run.runType)
  const expectation = input.expectations?.get(run.laneIndex)
  const duration = measuredDuration(run)
  const overdue = duration !== undefined && isOverdue(duration, expectation)
  const activeX = run.active ? x(scale.toPosition(run.active.at)) : undefined
  return {
    key: run.key,
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
    dimmed: input.failedOnly && !isFailure(look),
    overdue,
    ...(activeX !== undefined && activeX > x0 + 2 && activeX < x1 - 1
      ? { activeX: round(activeX) }
      : {}),
    pauses: run.suspended.map((s) => {
      const px = x(scale.toPosition(s.from))
      return { x: round(px), w: round(Math.max(2, x(scale.toPosition(s.to)) - px)) }
    }),
    label: runLabel(run, t.now, {
      axis: t.axis,
      ...(input.names ? { names: input.names } : {}),
      ...(input.lanes[run.laneIndex - 1]
        ? { laneSchemaId: input.lanes[run.laneIndex - 1]!.schemaId }
        : {}),
      overdue,
      missingOrigin
    })
  }
}

const round = (n: number) => Math.round(n * 10) / 10

/** A curve from the origin's end to the repeat's start, arching above the rows. */
export function linkPath(x1: number, y1: number, x2: number, y2: number): string {
  const lift = y1 === y2 ? Math.min(ROW_HEIGHT * 0.8, 9 + Math.abs(x2 - x1) / 8) : 0
  const dx = Math.max(12, Math.abs(x2 - x1) / 3)
  return `M${round(x1)},${round(y1)}C${round(x1 + dx)},${round(y1 - lift)} ${round(x2 - dx)},${round(y2 - lift)} ${round(x2)},${round(y2)}`
}
