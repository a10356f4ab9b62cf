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
  /** Its arrowhead at the repeat's start, for drawing it grouped with others. */
  arrow: string
  type: string
  dimmed: boolean
}

/** How a link's line is drawn: retries solid, reruns dashed, any other type dotted. */
export type LinkKind = 'retry' | 'rerun' | 'other'
export const linkKind = (type: string): LinkKind =>
  type === 'retry' || type === 'rerun' ? type : 'other'

/**
 * Links of one kind and dimming in one path, each ending in an arrowhead: what a lane draws
 * when none of its links is highlighted (a few elements instead of one per link).
 */
export interface LinkGroup {
  kind: LinkKind
  dimmed: boolean
  /** Every link's curve. */
  d: string
  /** Every link's arrowhead, as filled triangles. */
  arrows: string
}

const ARROW_LENGTH = 8
const ARROW_HALF_WIDTH = 4

/** A filled arrowhead at (x, y), pointing along (dx, dy). */
function arrowAt(x: number, y: number, dx: number, dy: number): string {
  const length = Math.hypot(dx, dy) || 1
  const ux = dx / length
  const uy = dy / length
  const bx = x - ux * ARROW_LENGTH
  const by = y - uy * ARROW_LENGTH
  return `M${round(x)},${round(y)}L${round(bx - uy * ARROW_HALF_WIDTH)},${round(by + ux * ARROW_HALF_WIDTH)}L${round(bx + uy * ARROW_HALF_WIDTH)},${round(by - ux * ARROW_HALF_WIDTH)}Z`
}

/** The links of a lane grouped by kind and dimming, in a stable order. */
export function groupLinks(links: readonly Link[]): LinkGroup[] {
  const groups = new Map<string, LinkGroup>()
  for (const link of links) {
    const kind = linkKind(link.type)
    const id = `${kind}${link.dimmed ? '-dimmed' : ''}`
    const group = groups.get(id)
    if (group) {
      group.d += link.d
      group.arrows += link.arrow
    } else groups.set(id, { kind, dimmed: link.dimmed, d: link.d, arrows: link.arrow })
  }
  return [...groups.values()]
}

/** A curve from the origin's end to the repeat's start, arching above the rows. */
export function linkPath(x1: number, y1: number, x2: number, y2: number): string {
  const { lift, dx } = curve(x1, y1, x2, y2)
  return `M${round(x1)},${round(y1)}C${round(x1 + dx)},${round(y1 - lift)} ${round(x2 - dx)},${round(y2 - lift)} ${round(x2)},${round(y2)}`
}

function curve(x1: number, y1: number, x2: number, y2: number) {
  const lift = y1 === y2 ? Math.min(ROW_HEIGHT * 0.8, 9 + Math.abs(x2 - x1) / 8) : 0
  return { lift, dx: Math.max(12, Math.abs(x2 - x1) / 3) }
}

/** The arrowhead at a link's end, along the curve's last control leg. */
function linkArrow(x1: number, y1: number, x2: number, y2: number): string {
  const { lift, dx } = curve(x1, y1, x2, y2)
  return arrowAt(round(x2), round(y2), round(x2) - round(x2 - dx), round(y2) - round(y2 - lift))
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
    const ends = [
      b!.x1[j]!,
      barTop(toLane) + BAR_HEIGHT / 2 - lift,
      a!.x0[i]!,
      barTop(fromLane) + BAR_HEIGHT / 2 - lift
    ] as const
    const d = linkPath(...ends)
    const dimmed = a!.dimmed[i] === 1 && b!.dimmed[j] === 1
    const key = `${link.from}>${link.to}`
    const was = previous?.get(key)
    if (was && was.d === d && was.dimmed === dimmed && was.type === link.type) made.push(was)
    else {
      const arrow = linkArrow(...ends)
      made.push({
        key,
        from: link.from,
        lanes: [fromLane, toLane],
        d,
        arrow,
        type: link.type,
        dimmed
      })
    }
  }
  return made
}
