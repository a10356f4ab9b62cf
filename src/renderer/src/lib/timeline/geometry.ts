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
import type { Lineage, LineageLink } from '../../../../shared/timeline/lineage'
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
const NO_PAUSES: Bar['pauses'] = []

export interface View {
  from: number
  to: number
}

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
  /** The lanes of the repeating run and of its origin. */
  lanes: [number, number]
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
  lanes: readonly Pick<Lane, 'schemaId'>[]
  names: WorkflowNames | undefined
  expectations: ReadonlyMap<number, Expectation> | undefined
  now: number
  axis: 'time' | 'order'
  runs: Map<string, RunMemo>
  /** By the lineage's own link objects, which a kept lineage keeps. */
  links: Map<LineageLink, LinkMemo>
  /** What the whole frame was drawn for: when all of it is the same, kept runs need no maths. */
  frame: { scale: TimeScale; compress: boolean; from: number; to: number; count: number }
  key: string
  lineage: Lineage
}

interface RunMemo {
  run: RunTimes
  missing: boolean
  bar: Bar
  /** Where links meet the bar: its ends, rounded as drawn. */
  x0: number
  x1: number
}

interface LinkMemo {
  ends: readonly [number, number, number, number]
  dimmed: boolean
  link: Link
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

/**
 * The previous scale, when every run spans what it spanned then (an update that changed
 * statuses only): building a scale sorts every run's interval.
 */
function keptScale(t: ExecutionTimeline, compress: boolean, old: Memo | undefined) {
  const f = old?.frame
  if (!f || f.compress !== compress || old.axis !== t.axis || f.from !== t.from || f.to !== t.to)
    return undefined
  if (f.count !== t.runs.length) return undefined
  for (const run of t.runs) {
    const was = old.runs.get(run.key)?.run
    if (was === run) continue
    if (!was || was.start.at !== run.start.at || was.end.at !== run.end.at) return undefined
  }
  return f.scale
}

export function layoutTimeline(input: GeometryInput, previous?: Layout): Layout {
  const { timeline: t, width } = input
  const old = previous?.memo
  const kept = keptScale(t, input.compress, old)
  const scale = kept ?? scaleOf(t, input.compress)
  const view = input.view ?? fullView(scale)
  const plotX0 = LABEL_WIDTH
  const plotX1 = Math.max(plotX0 + 40, width - RIGHT_PAD)
  const k = (plotX1 - plotX0) / Math.max(view.to - view.from, 1e-9)
  const x = (position: number) => plotX0 + (position - view.from) * k
  const rowY = (laneIndex: number) => AXIS_HEIGHT + (laneIndex - 1) * ROW_HEIGHT
  const barTop = (laneIndex: number) => rowY(laneIndex) + (ROW_HEIGHT - BAR_HEIGHT) / 2

  const rowsFor =
    old?.names === input.names && old?.expectations === input.expectations
      ? previous?.rows
      : undefined
  const rows: Row[] = input.lanes.map((lane, i) => {
    const was = rowsFor?.[i]
    if (was && old!.lanes[i]?.schemaId === lane.schemaId) return was
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
  const reusable =
    old &&
    old.names === input.names &&
    old.expectations === input.expectations &&
    old.axis === t.axis
      ? old.runs
      : undefined
  const memo: Memo = {
    lanes: input.lanes,
    names: input.names,
    expectations: input.expectations,
    now: t.now,
    axis: t.axis,
    runs: new Map(),
    links: new Map(),
    frame: {
      scale,
      compress: input.compress,
      from: t.from,
      to: t.to,
      count: t.runs.length
    },
    key: `${width}|${view.from}|${view.to}|${input.failedOnly}`,
    lineage: input.lineage
  }
  // Same scale, view, width and filter: a run whose times object is the one drawn last time
  // keeps its bar and its link ends without any arithmetic.
  const sameFrame = reusable !== undefined && kept !== undefined && old!.key === memo.key
  // Where each run's bar starts and ends, by execution order: what links are drawn between.
  const n = t.runs.length
  const endX0 = new Float64Array(n)
  const endX1 = new Float64Array(n)
  const endY = new Float64Array(n)
  const endLane = new Int32Array(n)
  // Runs whose bar was kept as it was, ends included.
  const keptBar = new Uint8Array(n)
  const orderOf = new Map<string, number>()
  const bars: Bar[] = []
  for (let i = 0; i < n; i++) {
    const run = t.runs[i]!
    const same = sameFrame ? reusable.get(run.key) : undefined
    if (
      same &&
      same.run === run &&
      (!run.open || old!.now === t.now) &&
      same.missing === missing.has(run.key)
    ) {
      orderOf.set(run.key, i)
      endX0[i] = same.x0
      endX1[i] = same.x1
      endY[i] = same.bar.y + BAR_HEIGHT / 2
      endLane[i] = run.laneIndex
      keptBar[i] = 1
      memo.runs.set(run.key, same)
      bars.push(same.bar)
      continue
    }
    const x0 = x(scale.toPosition(run.start.at))
    const x1 = Math.max(x(scale.toPosition(run.end.at)), x0 + MIN_BAR_PX)
    const y = barTop(run.laneIndex)
    // Links meet the bars exactly where they are drawn (rounded as the bars are).
    orderOf.set(run.key, i)
    endX0[i] = round(x0)
    endX1[i] = round(x0) + round(x1 - x0)
    endY[i] = y + BAR_HEIGHT / 2
    endLane[i] = run.laneIndex
    if (x1 < plotX0 || x0 > plotX1) continue
    const isMissing = missing.has(run.key)
    const was = reusable?.get(run.key)
    if (
      was &&
      was.missing === isMissing &&
      was.bar.x === round(x0) &&
      was.bar.w === round(x1 - x0) &&
      was.bar.y === y &&
      was.bar.dimmed === (input.failedOnly && !isFailure(was.bar.look)) &&
      (!run.open || old!.now === t.now) &&
      sameRun(was.run, run)
    ) {
      // The previous layout is not used again: its entry can move over.
      was.run = run
      was.x0 = endX0[i]!
      was.x1 = endX1[i]!
      memo.runs.set(run.key, was)
      bars.push(was.bar)
    } else {
      const made = bar(run, x0, x1, y, input, x, scale)
      memo.runs.set(run.key, {
        run,
        missing: isMissing,
        bar: made,
        x0: endX0[i]!,
        x1: endX1[i]!
      })
      bars.push(made)
    }
  }

  const links: Link[] = []
  const sameLinks = sameFrame && old!.lineage === input.lineage
  for (const link of input.lineage.links) {
    const a = orderOf.get(link.from)
    const b = orderOf.get(link.to)
    if (a === undefined || b === undefined) continue
    const kept = sameLinks && keptBar[a] && keptBar[b] ? old!.links.get(link) : undefined
    if (kept) {
      memo.links.set(link, kept)
      links.push(kept.link)
      continue
    }
    // Within a row the arc joins the bars' top edges so it shows above them.
    const lift = endY[a] === endY[b] ? BAR_HEIGHT / 2 : 0
    const ends = [endX1[b]!, endY[b]! - lift, endX0[a]!, endY[a]! - lift] as const
    const dimmed = !!(memo.runs.get(link.from)?.bar.dimmed && memo.runs.get(link.to)?.bar.dimmed)
    const was = old?.links.get(link)
    const same =
      was &&
      was.dimmed === dimmed &&
      was.ends.every((v, i) => v === ends[i]) &&
      was.link.lanes[0] === endLane[a] &&
      was.link.lanes[1] === endLane[b]
    const made: LinkMemo = same
      ? { ...was, dimmed }
      : {
          ends,
          dimmed,
          link: {
            key: `${link.from}>${link.to}`,
            from: link.from,
            lanes: [endLane[a]!, endLane[b]!],
            d: linkPath(...ends),
            type: link.type,
            dimmed
          }
        }
    memo.links.set(link, made)
    links.push(made.link)
  }

  // The axis is the same as last time: its ticks and gap marks are too.
  const sameAxis = kept !== undefined && old!.key === memo.key && previous !== undefined
  const gaps = sameAxis
    ? previous.gaps
    : scale.segments
        .filter((s) => s.compressed && s.end >= view.from && s.start <= view.to)
        .map((s) => ({
          x: x(s.start),
          w: Math.max(x(s.end) - x(s.start), 6),
          label: `${formatDuration(s.to - s.from, { coarse: true })} idle`
        }))
  const ticks = sameAxis
    ? previous.ticks
    : t.axis === 'time'
      ? timeTicks({ scale, from: view.from, to: view.to, x, pxPerUnit: k }).filter(
          (tick) => tick.x >= plotX0 && tick.x <= plotX1 - 24
        )
      : []
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
  scale: TimeScale
): Bar {
  const look = statusLook(run.run.status, run.run.runNumber === null)
  const shape = runShape(run.run.runType)
  const expectation = input.expectations?.get(run.laneIndex)
  const duration = measuredDuration(run)
  const overdue = duration !== undefined && isOverdue(duration, expectation)
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
    dimmed: input.failedOnly && !isFailure(look),
    overdue,
    activeX:
      activeX !== undefined && activeX > x0 + 2 && activeX < x1 - 1 ? round(activeX) : undefined,
    pauses: run.suspended.length
      ? run.suspended.map((s) => {
          const px = x(scale.toPosition(s.from))
          return { x: round(px), w: round(Math.max(2, x(scale.toPosition(s.to)) - px)) }
        })
      : NO_PAUSES
  }
}

const round = (n: number) => Math.round(n * 10) / 10

const labels = new WeakMap<Bar, string>()

/**
 * The accessible name of a drawn bar. Made only for bars that are drawn and kept with the bar
 * object, which survives refreshes that do not change the run.
 */
export function labelOf(layout: Layout, bar: Bar): string {
  const cached = labels.get(bar)
  if (cached !== undefined) return cached
  const entry = layout.memo.runs.get(bar.key)
  if (!entry) return bar.key
  const lane = layout.memo.lanes[bar.laneIndex - 1]
  const label = runLabel(entry.run, layout.memo.now, {
    axis: layout.axis,
    ...(layout.memo.names ? { names: layout.memo.names } : {}),
    ...(lane ? { laneSchemaId: lane.schemaId } : {}),
    overdue: bar.overdue,
    missingOrigin: entry.missing
  })
  labels.set(bar, label)
  return label
}

/** The lanes (1-based, inclusive) whose rows show in a vertical viewport, with some to spare. */
export function visibleLanes(
  scrollTop: number,
  viewportHeight: number,
  laneCount: number,
  overscan = 4
): { first: number; last: number } {
  if (!(viewportHeight > 0)) return { first: 1, last: laneCount }
  const first = Math.floor((scrollTop - AXIS_HEIGHT) / ROW_HEIGHT) + 1 - overscan
  const last = Math.ceil((scrollTop + viewportHeight - AXIS_HEIGHT) / ROW_HEIGHT) + overscan
  return { first: Math.max(1, first), last: Math.min(laneCount, last) }
}

/** The scroll position that brings a lane's row into a viewport (unchanged if it is there). */
export function scrollToLane(scrollTop: number, viewportHeight: number, laneIndex: number): number {
  if (!(viewportHeight > 0)) return scrollTop
  const top = AXIS_HEIGHT + (laneIndex - 1) * ROW_HEIGHT
  if (top - AXIS_HEIGHT < scrollTop) return Math.max(0, top - AXIS_HEIGHT)
  if (top + ROW_HEIGHT > scrollTop + viewportHeight) return top + ROW_HEIGHT - viewportHeight
  return scrollTop
}

/** A curve from the origin's end to the repeat's start, arching above the rows. */
export function linkPath(x1: number, y1: number, x2: number, y2: number): string {
  const lift = y1 === y2 ? Math.min(ROW_HEIGHT * 0.8, 9 + Math.abs(x2 - x1) / 8) : 0
  const dx = Math.max(12, Math.abs(x2 - x1) / 3)
  return `M${round(x1)},${round(y1)}C${round(x1 + dx)},${round(y1 - lift)} ${round(x2 - dx)},${round(y2 - lift)} ${round(x2)},${round(y2)}`
}
