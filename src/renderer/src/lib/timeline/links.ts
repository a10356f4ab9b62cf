// Lineage links in SVG pixels: a curve from the end of the origin run's bar to the start of
// the repeat's, arching above the row when both are in one lane. A link whose ends did not
// move keeps its object from the previous layout.
import type { Lineage, LineageLink } from '../../../../shared/timeline/lineage'
import type { LaneBars } from './bars'
import { BAR_HEIGHT, barTop, ROW_HEIGHT, round } from './frame'

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

/** A curve from the origin's end to the repeat's start, arching above the rows. */
export function linkPath(x1: number, y1: number, x2: number, y2: number): string {
  const lift = y1 === y2 ? Math.min(ROW_HEIGHT * 0.8, 9 + Math.abs(x2 - x1) / 8) : 0
  const dx = Math.max(12, Math.abs(x2 - x1) / 3)
  return `M${round(x1)},${round(y1)}C${round(x1 + dx)},${round(y1 - lift)} ${round(x2 - dx)},${round(y2 - lift)} ${round(x2)},${round(y2)}`
}

/** A lineage's links by the lane of the repeating run (index 0 is lane 1), and those across lanes. */
export interface LinksByLane {
  within: LineageLink[][]
  across: LineageLink[]
}

const grouped = new WeakMap<Lineage, LinksByLane>()

/** Grouped once per lineage, which the view keeps while the runs' origins stay the same. */
export function linksByLane(lineage: Lineage, laneCount: number): LinksByLane {
  const known = grouped.get(lineage)
  if (known && known.within.length === laneCount) return known
  const within: LineageLink[][] = Array.from({ length: laneCount }, () => [])
  const across: LineageLink[] = []
  for (const link of lineage.links) {
    if (link.crossLane) across.push(link)
    else within[link.lanes[0] - 1]?.push(link)
  }
  const made = { within, across }
  grouped.set(lineage, made)
  return made
}

/**
 * The links between runs of the given lanes (`lanes[i]` is lane i + 1). `previous` holds the
 * links drawn last time by key: one whose curve and dimming are the same is kept.
 */
export function layoutLinks(
  links: readonly LineageLink[],
  lanes: readonly (LaneBars | undefined)[],
  previous: ReadonlyMap<string, Link> | undefined
): Link[] {
  const made: Link[] = []
  for (const link of links) {
    const [fromLane, toLane] = link.lanes
    const a = lanes[fromLane - 1]
    const b = lanes[toLane - 1]
    const i = a?.index.get(link.from)
    const j = b?.index.get(link.to)
    if (i === undefined || j === undefined) continue
    // Within a row the arc joins the bars' top edges so it shows above them.
    const lift = fromLane === toLane ? BAR_HEIGHT / 2 : 0
    const d = linkPath(
      b!.x1[j]!,
      barTop(toLane) + BAR_HEIGHT / 2 - lift,
      a!.x0[i]!,
      barTop(fromLane) + BAR_HEIGHT / 2 - lift
    )
    const dimmed = a!.dimmed[i] === 1 && b!.dimmed[j] === 1
    const key = `${link.from}>${link.to}`
    const was = previous?.get(key)
    if (was && was.d === d && was.dimmed === dimmed && was.type === link.type) made.push(was)
    else made.push({ key, from: link.from, lanes: [fromLane, toLane], d, type: link.type, dimmed })
  }
  return made
}
