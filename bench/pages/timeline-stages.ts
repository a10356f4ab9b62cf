// The first render's pure stages, each timed on its own, in the order the Timeline runs them:
// what parsing the audit log, reconstructing times, lineage and geometry cost before Svelte
// makes a single element. Geometry is timed for the lanes a 1280 × 900 page shows (as drawn),
// and for every lane (what scrolling through the whole timeline would add).
import { lineage } from '../../src/shared/timeline/lineage'
import { parseLog } from '../../src/shared/timeline/log'
import { resolveLog } from '../../src/shared/timeline/resolve'
import { listRuns } from '../../src/shared/timeline/runs'
import { buildTimeline } from '../../src/shared/timeline/times'
import { layoutTimeline } from '../../src/renderer/src/lib/timeline/layout'
import { synthetic } from './timeline-data'

export interface Stages {
  parse: number
  runs: number
  resolve: number
  times: number
  lineage: number
  /** Scale, axis, and the bars and links of the lanes in view. */
  geometryInView: number
  /** The accessible names of those bars. */
  namesInView: number
  /** Geometry and names for every lane, as if all were scrolled through. */
  geometryAllLanes: number
}

/** Lanes drawn on the bench page: about 20 in view and 2 more on each side. */
const LANES_IN_VIEW = 24
const WIDTH = 1248

export function stages(lanes: number, runsPerLane: number): Stages {
  const data = synthetic(lanes, runsPerLane)
  const clock = { at: performance.now() }
  const lap = () => {
    const now = performance.now()
    const ms = now - clock.at
    clock.at = now
    return ms
  }
  const parsed = parseLog(data.log)
  const parse = lap()
  const runs = listRuns(data.details)
  const listed = lap()
  const log = resolveLog(parsed, runs)
  const resolve = lap()
  const timeline = buildTimeline({ details: data.details, runs, log, now: data.now })
  const times = lap()
  const lines = lineage(runs)
  const lineageMs = lap()
  const input = {
    timeline,
    lineage: lines,
    lanes: data.details.lanes,
    width: WIDTH,
    compress: true,
    failedOnly: false
  }
  const draw = (count: number) => {
    const layout = layoutTimeline(input)
    const bars = []
    for (let lane = 1; lane <= Math.min(count, lanes); lane++) bars.push(...layout.lane(lane).bars)
    void layout.crossLinks
    return bars
  }
  const name = (bars: readonly { label: string }[]) =>
    bars.reduce((length, bar) => length + bar.label.length, 0)
  lap()
  const inView = draw(LANES_IN_VIEW)
  const geometryInView = lap()
  name(inView)
  const namesInView = lap()
  name(draw(lanes))
  const geometryAllLanes = lap()
  return {
    parse,
    runs: listed,
    resolve,
    times,
    lineage: lineageMs,
    geometryInView,
    namesInView,
    geometryAllLanes
  }
}
