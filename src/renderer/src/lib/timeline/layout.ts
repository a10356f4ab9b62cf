// Where everything of the timeline goes, in SVG pixels: one row per lane, a bar per lane run on
// a shared (possibly compressed) time axis, lineage links, ticks, compressed-gap marks and the
// "now" line. Pure: the component only draws what this returns. Laid out lane by lane: a lane
// whose runs are the objects they were in the previous layout (of the same frame) keeps its
// drawing whole, so a refresh that changed one run recomputes one lane.
import type { Lane } from '../../../../shared/execution'
import type { WorkflowNames } from '../../../../shared/observations'
import { describeExpectation, type Expectation } from '../../../../shared/timeline/expected'
import { formatDuration } from '../../../../shared/timeline/format'
import type { TimeScale } from '../../../../shared/timeline/gaps'
import type { Lineage } from '../../../../shared/timeline/lineage'
import { changesSince } from '../../../../shared/timeline/changes'
import type { ExecutionTimeline, RunTimes } from '../../../../shared/timeline/times'
import { isDecorated, layoutLane, type Bar, type LaneBars } from './bars'
import {
  AXIS_HEIGHT,
  frameOf,
  fullView,
  keptScale,
  ROW_HEIGHT,
  rowY,
  scaleOf,
  type Frame,
  type ScaleMemo,
  type View
} from './frame'
import { layoutLinks, linksByLane, type Link } from './links'
import { timeTicks, type Tick } from './ticks'

export interface Row {
  laneIndex: number
  y: number
  title: string
  name?: string
  hint?: string
}

/** What is drawn in one lane's row. */
export interface LaneDrawing {
  laneIndex: number
  /** Its runs' bars in view, in execution order. */
  bars: Bar[]
  /** Those of them wide enough to show their fill, glyph and number, or flagged overdue. */
  decorated: Bar[]
  /** Lineage links between its own runs. */
  links: Link[]
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
  laneCount: number
  /** What is drawn in a lane's row (1-based), laid out when first asked for. */
  lane(laneIndex: number): LaneDrawing
  /** Links between runs of different lanes. */
  readonly crossLinks: Link[]
  ticks: Tick[]
  gaps: { x: number; w: number; label: string }[]
  nowX?: number
  /** What the layout was made from, so the next one can keep what did not change. */
  memo: Memo
}

interface Memo extends ScaleMemo {
  lanes: readonly Pick<Lane, 'schemaId'>[]
  names: WorkflowNames | undefined
  expectations: ReadonlyMap<number, Expectation> | undefined
  lineage: Lineage
  /** Width, view and filter: with the scale, everything bars are placed by. */
  key: string
  /** Each lane's runs (index 0 is lane 1), in execution order. */
  byLane: readonly (readonly RunTimes[])[]
  /** The lanes laid out so far (index 0 is lane 1), and their drawings. */
  laneBars: readonly (LaneBars | undefined)[]
  drawings: readonly (LaneDrawing | undefined)[]
  /** The links across lanes, once laid out. */
  readonly cross: Link[] | undefined
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

function rowsOf(input: GeometryInput, previous: Layout | undefined): Row[] {
  const old = previous?.memo
  const kept =
    old?.names === input.names && old?.expectations === input.expectations
      ? previous?.rows
      : undefined
  return input.lanes.map((lane, i) => {
    const was = kept?.[i]
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
}

/** The runs of each lane (index 0 is lane 1), in execution order. */
function runsByLane(t: ExecutionTimeline, laneCount: number): RunTimes[][] {
  const lanes: RunTimes[][] = Array.from({ length: laneCount }, () => [])
  for (const run of t.runs) lanes[run.laneIndex - 1]?.push(run)
  return lanes
}

/**
 * The runs of each lane, from the previous layout's when the timeline's runs were made from its
 * runs: only the lanes holding a replaced run are copied, the others are the same arrays.
 */
function lanesOfRuns(t: ExecutionTimeline, laneCount: number, old: Memo | undefined) {
  const changed = old?.byLane.length === laneCount && changesSince(t.runs, old.timeline.runs)
  if (!changed) return runsByLane(t, laneCount)
  const lanes = old.byLane.slice()
  for (const i of changed) {
    const was = old.timeline.runs[i]!
    const run = t.runs[i]!
    const l = run.laneIndex - 1
    const at = was.laneIndex === run.laneIndex ? lanes[l]!.indexOf(was) : -1
    if (at < 0) return runsByLane(t, laneCount)
    const lane = lanes[l]!.slice()
    lane[at] = run
    lanes[l] = lane
  }
  return lanes
}

const sameRuns = (a: readonly RunTimes[], b: readonly RunTimes[]) =>
  a === b || (a.length === b.length && a.every((run, i) => run === b[i]))

function axisMarks(t: ExecutionTimeline, frame: Frame) {
  const { scale, view, x, k, plotX0, plotX1 } = frame
  const gaps = scale.segments
    .filter((s) => s.compressed && s.end >= view.from && s.start <= view.to)
    .map((s) => ({
      x: x(s.start),
      w: Math.max(x(s.end) - x(s.start), 6),
      label: `${formatDuration(s.to - s.from, { coarse: true })} idle`
    }))
  const ticks =
    t.axis === 'time'
      ? timeTicks({ scale, from: view.from, to: view.to, x, pxPerUnit: k }).filter(
          (tick) => tick.x >= plotX0 && tick.x <= plotX1 - 24
        )
      : []
  return { gaps, ticks }
}

export function layoutTimeline(input: GeometryInput, previous?: Layout): Layout {
  const { timeline: t, width } = input
  const old = previous?.memo
  const kept = keptScale(t, input.compress, old)
  const scale = kept ?? scaleOf(t, input.compress)
  const view = input.view ?? fullView(scale)
  const frame = frameOf(scale, view, width)
  const key = `${width}|${view.from}|${view.to}|${input.failedOnly}`
  // Same scale, view, width, filter, names, expectations and lineage: only runs can differ.
  const sameFrame =
    old !== undefined &&
    kept !== undefined &&
    old.key === key &&
    old.names === input.names &&
    old.expectations === input.expectations &&
    old.lineage === input.lineage &&
    old.lanes.length === input.lanes.length
  const sameNow = old?.timeline.now === t.now
  const missing = new Set(input.lineage.missing.map((m) => m.key))
  const laneCount = input.lanes.length
  const groups = linksByLane(input.lineage, laneCount)
  const byLane = lanesOfRuns(t, laneCount, old)
  // Lanes are laid out when first asked for (the view draws those in sight): what the previous
  // layout had laid out of the same frame is where each starts from.
  const laneBars: (LaneBars | undefined)[] = new Array(laneCount)
  const drawings: (LaneDrawing | undefined)[] = new Array(laneCount)
  const barsBefore = sameFrame ? old.laneBars : []
  const drawingsBefore = sameFrame ? old.drawings : []
  const barsOfLane = (i: number): LaneBars => {
    const known = laneBars[i]
    if (known) return known
    const was = barsBefore[i]
    if (was && sameRuns(was.runs, byLane[i]!) && (!was.open || sameNow)) return (laneBars[i] = was)
    const context = {
      frame,
      failedOnly: input.failedOnly,
      missing,
      expectation: input.expectations?.get(i + 1),
      scope: {
        axis: t.axis,
        now: t.now,
        ...(input.names ? { names: input.names } : {}),
        ...(input.lanes[i] ? { laneSchemaId: input.lanes[i]!.schemaId } : {})
      }
    }
    return (laneBars[i] = layoutLane(byLane[i]!, context, was, sameNow))
  }
  const lanesOf = (indices: Iterable<number>) => {
    const lanes: (LaneBars | undefined)[] = []
    for (const i of indices) lanes[i] = barsOfLane(i)
    return lanes
  }
  const lane = (laneIndex: number): LaneDrawing => {
    const i = laneIndex - 1
    const known = drawings[i]
    if (known) return known
    const bars = barsOfLane(i)
    const drawn = drawingsBefore[i]
    if (drawn && bars === barsBefore[i]) return (drawings[i] = drawn)
    const before = drawn && new Map(drawn.links.map((l) => [l.key, l]))
    const links = layoutLinks(groups.within[i] ?? [], lanesOf([i]), before)
    return (drawings[i] = {
      laneIndex,
      bars: bars.bars,
      decorated: bars.bars.filter(isDecorated),
      links
    })
  }
  let cross: Link[] | undefined
  const crossBefore = old?.cross && new Map(old.cross.map((l) => [l.key, l]))
  const crossLinks = () =>
    (cross ??= layoutLinks(
      groups.across,
      lanesOf(groups.across.flatMap((l) => [l.lanes[0] - 1, l.lanes[1] - 1])),
      crossBefore
    ))

  // The axis is the same as last time: its ticks and gap marks are too.
  const { gaps, ticks } = kept !== undefined && old!.key === key ? previous! : axisMarks(t, frame)
  const nowX = t.axis === 'time' && t.running ? frame.x(scale.toPosition(t.now)) : undefined
  return {
    width,
    height: AXIS_HEIGHT + Math.max(1, laneCount) * ROW_HEIGHT + 8,
    plotX0: frame.plotX0,
    plotX1: frame.plotX1,
    axis: t.axis,
    scale,
    view,
    rows: rowsOf(input, previous),
    laneCount,
    lane,
    get crossLinks() {
      return crossLinks()
    },
    ticks,
    gaps,
    ...(nowX !== undefined && nowX >= frame.plotX0 && nowX <= frame.plotX1 ? { nowX } : {}),
    memo: {
      scale,
      timeline: t,
      compress: input.compress,
      lanes: input.lanes,
      names: input.names,
      expectations: input.expectations,
      lineage: input.lineage,
      key,
      byLane,
      laneBars,
      drawings,
      get cross() {
        return cross
      }
    }
  }
}

const flat = new WeakMap<Layout, { bars: Bar[]; links: Link[] }>()

function flatten(layout: Layout) {
  let made = flat.get(layout)
  if (!made) {
    const lanes = Array.from({ length: layout.laneCount }, (_, i) => layout.lane(i + 1))
    const bars = lanes.flatMap((l) => l.bars).sort((a, b) => a.order - b.order)
    const links = [...lanes.flatMap((l) => l.links), ...layout.crossLinks]
    made = { bars, links }
    flat.set(layout, made)
  }
  return made
}

/** Every bar in view, in execution order (every lane laid out). */
export const barsOf = (layout: Layout): Bar[] => flatten(layout).bars

/** Every lineage link: those within lanes (lane by lane), then those across lanes. */
export const linksOf = (layout: Layout): Link[] => flatten(layout).links
