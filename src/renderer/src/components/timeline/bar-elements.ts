// The runs' elements: one <path> per bar, which is also the listbox option carrying the run's
// accessible name, its place in the whole list and its state. Written straight to the DOM and
// kept by run key, because these are the timeline's many elements (hundreds in view): a keyed
// block per run made the first render spend more on bookkeeping than on the elements. An
// element stays the same while its run is drawn (focus and hover stay on it), and only the
// attributes whose values changed are written again.
import type { Bar } from '../../lib/timeline/bars'
import type { LaneDrawing } from '../../lib/timeline/layout'

/** What a bar's element shows besides the bar itself. */
export interface BarState {
  selected: string | undefined
  /** The run in the tab order (roving tabindex). */
  focusKey: string | undefined
  /** Keys of the runs on the selected run's line. */
  lit: Readonly<Record<string, true>>
  /** Run key → its mark ("new", "status changed"). */
  marked: Readonly<Record<string, string>>
  /** How many runs the whole timeline has (the options in view are some of them). */
  total: number
}

const SVG = 'http://www.w3.org/2000/svg'

/** The attributes as last written to each element. */
const written = new WeakMap<Element, Record<string, string | null>>()
/** Each container's elements by run key. */
const elementsOf = new WeakMap<Element, Map<string, SVGPathElement>>()

/** The attributes of a bar's element; null means absent. */
function attributesOf(bar: Bar, state: BarState): Record<string, string | null> {
  const selected = bar.key === state.selected
  const mark = state.marked[bar.key]
  let classes = `run tl-body tl-look-${bar.look}`
  if (bar.dimmed) classes += ' dimmed'
  if (bar.ordinal) classes += ' ordinal'
  if (bar.open) classes += ' open'
  if (selected) classes += ' selected'
  if (state.lit[bar.key]) classes += ' lit'
  if (mark !== undefined) classes += ' marked'
  return {
    class: classes,
    'aria-selected': selected ? 'true' : null,
    'aria-label': mark ? `${bar.label}; marked ${mark}` : bar.label,
    'aria-posinset': String(bar.order + 1),
    'aria-setsize': String(state.total),
    tabindex: bar.key === state.focusKey ? '0' : '-1',
    d: bar.path
  }
}

function write(element: SVGPathElement, bar: Bar, state: BarState): void {
  const next = attributesOf(bar, state)
  const was = written.get(element)
  for (const name in next) {
    const value = next[name]!
    if (was && was[name] === value) continue
    if (value === null) element.removeAttribute(name)
    else element.setAttribute(name, value)
  }
  written.set(element, next)
}

function create(bar: Bar): SVGPathElement {
  const element = document.createElementNS(SVG, 'path')
  element.setAttribute('role', 'option')
  element.setAttribute('data-key', bar.key)
  return element
}

/** What a container shows: the state and each lane's drawing it was last written with. */
const drawnOf = new WeakMap<Element, { state: BarState; lanes: Map<number, LaneDrawing> }>()

/**
 * Brings a container's children in step with the bars of the lanes in view, in their order: a
 * run's element is made when its bar first appears, written where its attributes changed,
 * moved where its place changed, and removed when its bar is no longer drawn. A lane drawn
 * before from the same drawing with the same state is passed over (a refresh that changed one
 * run looks at one lane).
 */
export function drawLanes(
  container: Element,
  lanes: readonly LaneDrawing[],
  state: BarState
): void {
  let elements = elementsOf.get(container)
  if (!elements) elementsOf.set(container, (elements = new Map()))
  const before = drawnOf.get(container)
  const shown = new Map(lanes.map((lane) => [lane.laneIndex, lane]))
  // Lanes scrolled out of view go first, so those still in view are where they were.
  for (const [laneIndex, lane] of before?.lanes ?? [])
    if (!shown.has(laneIndex))
      for (const bar of lane.bars) {
        elements.get(bar.key)?.remove()
        elements.delete(bar.key)
      }
  let at = container.firstElementChild
  for (const lane of lanes) {
    const first = lane.bars[0]
    if (
      before?.state === state &&
      before.lanes.get(lane.laneIndex) === lane &&
      first &&
      at === elements.get(first.key)
    ) {
      for (let i = 0; i < lane.bars.length && at; i++) at = at.nextElementSibling
      continue
    }
    for (const bar of lane.bars) {
      let element = elements.get(bar.key)
      if (!element) elements.set(bar.key, (element = create(bar)))
      write(element, bar, state)
      if (element === at) at = at.nextElementSibling
      else container.insertBefore(element, at)
    }
  }
  // Every element still drawn is now before `at`: the rest are runs no longer drawn.
  while (at) {
    const next = at.nextElementSibling
    elements.delete(at.getAttribute('data-key') ?? '')
    at.remove()
    at = next
  }
  drawnOf.set(container, { state, lanes: shown })
}
