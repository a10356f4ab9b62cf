// The timeline's state: its inputs run through the pure timeline modules (audit log parsed, runs
// listed, times rebuilt, lineage, layout), each step recomputed only when its own inputs change
// and keeping what did not change from its previous value; and the view's own state (width,
// scale, filter, zoom, selection highlight) that the toolbar and the drawing share.
import type { AuditLogEntry, ExecutionDetails } from '../../../../shared/execution'
import type { Observations, WorkflowNames } from '../../../../shared/observations'
import type { Expectation } from '../../../../shared/timeline/expected'
import {
  lineage,
  lineageOf,
  sameKeys,
  sameLineageInputs,
  type Lineage
} from '../../../../shared/timeline/lineage'
import { parseLog, type ParsedEntry } from '../../../../shared/timeline/log'
import { resolveFor, type Resolution } from '../../../../shared/timeline/resolve'
import { listRuns, type RunRef } from '../../../../shared/timeline/runs'
import { buildTimeline, type ExecutionTimeline } from '../../../../shared/timeline/times'
import type { View } from '../../lib/timeline/frame'
import { layoutTimeline, type Layout } from '../../lib/timeline/layout'
import { zoomToRun } from '../../lib/timeline/navigation'

/** What the timeline is drawn from: the component's props, read as they change. */
export interface TimelineInputs {
  readonly details: ExecutionDetails
  readonly log: readonly AuditLogEntry[]
  readonly observations: Observations | undefined
  readonly names: WorkflowNames | undefined
  readonly expectations: ReadonlyMap<number, Expectation> | undefined
  readonly now: number
  readonly selected: string | undefined
}

/** No run highlighted: a constant, never changed. */
const NO_KEYS: ReadonlySet<string> = new Set<string>()

export class TimelineModel {
  readonly #in: TimelineInputs
  /** The drawing's width; unknown until measured (the runs are laid out once, not twice). */
  width = $state<number>()
  failedOnly = $state(false)
  /** The zoomed part of the scale; undefined shows the whole execution. */
  view = $state<View>()
  #trueScale = $state(false)

  constructor(inputs: TimelineInputs) {
    this.#in = inputs
  }

  get trueScale(): boolean {
    return this.#trueScale
  }
  /** Zoom positions belong to one scale: a change of scale shows the whole execution again. */
  set trueScale(value: boolean) {
    this.#trueScale = value
    this.view = undefined
  }

  // The log is parsed once per log; read again (a new array from each push), only what it gained.
  #parsedBefore: ParsedEntry[] | undefined
  readonly parsed = $derived.by(
    () => (this.#parsedBefore = parseLog(this.#in.log, this.#parsedBefore))
  )
  // Unchanged runs keep their references from the previous list: what is made from them is kept.
  #runsBefore: RunRef[] | undefined
  readonly runs = $derived.by(
    () => (this.#runsBefore = listRuns(this.#in.details, this.#runsBefore))
  )
  // A refresh that changed statuses only keeps the log's resolution (the same runs and tasks).
  #resolvedFor: Resolution | undefined
  readonly resolved = $derived.by(
    () =>
      (this.#resolvedFor = resolveFor(this.parsed, this.runs, this.#in.details, this.#resolvedFor))
        .log
  )
  #timelineBefore: ExecutionTimeline | undefined
  readonly timeline = $derived.by(() => {
    const { observations, now, details } = this.#in
    const previous = this.#timelineBefore
    return (this.#timelineBefore = buildTimeline({
      details,
      runs: this.runs,
      log: this.resolved,
      ...(observations ? { observations } : {}),
      now,
      ...(previous ? { previous } : {})
    }))
  })
  // Kept while the runs' origins and types stay the same, so nothing that reads it redraws.
  #linesFor: { runs: RunRef[]; value: Lineage } | undefined
  readonly lines = $derived.by(() => {
    const runs = this.runs
    if (this.#linesFor && sameLineageInputs(this.#linesFor.runs, runs)) this.#linesFor.runs = runs
    else this.#linesFor = { runs, value: lineage(runs) }
    return this.#linesFor.value
  })
  #layoutBefore: Layout | undefined
  readonly layout = $derived.by(() => {
    const { names, expectations, details } = this.#in
    const view = this.view
    return (this.#layoutBefore = layoutTimeline(
      {
        timeline: this.timeline,
        lineage: this.lines,
        lanes: details.lanes,
        ...(names ? { names } : {}),
        ...(expectations ? { expectations } : {}),
        // jsdom (and a hidden panel) measure 0: a sensible width instead.
        width: Math.max(this.width || 960, 480),
        compress: !this.#trueScale,
        failedOnly: this.failedOnly,
        ...(view ? { view } : {})
      },
      this.#layoutBefore
    ))
  })

  /** The selected run, when it is among the runs. */
  readonly current = $derived.by(() => this.run(this.#in.selected))
  /** The run in the tab order: the selected one, else the first. */
  readonly focusKey = $derived(this.current?.key ?? this.timeline.runs[0]?.key)
  // Numbers, not the timeline: what reads them is not looked at again when only runs changed.
  readonly total = $derived(this.timeline.runs.length)
  readonly measured = $derived(this.timeline.timed)
  readonly axis = $derived(this.timeline.axis)
  /** The selected run's line of origins and repeats; the same set while it has the same keys. */
  #lastHighlight: ReadonlySet<string> = NO_KEYS
  readonly highlight = $derived.by(() => {
    const next = this.current ? lineageOf(this.lines, this.current.key) : NO_KEYS
    if (!sameKeys(next, this.#lastHighlight)) this.#lastHighlight = next
    return this.#lastHighlight
  })

  run(key: string | undefined) {
    return key === undefined ? undefined : this.timeline.runs.find((r) => r.key === key)
  }

  zoomToSelected(): void {
    if (this.current) this.view = zoomToRun(this.layout.scale, this.current)
  }
}
