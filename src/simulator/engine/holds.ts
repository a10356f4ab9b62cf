// Breakpoints: rules that hold executions at named points of their life until released, as
// op-worker's test runner blocks its execution process inside a step so a test can act there.
// Everything else keeps running on the clock while a point is held.
import type { SimClock } from '../clock'
import type { Held, HoldPoint } from './model'

export interface HoldRule {
  point: HoldPoint
  /** Every execution when absent; a lane (1-based) and run (null: prepared in advance) likewise. */
  execution?: string
  lane?: number
  run?: number | null
}
export type HoldFilter = Partial<HoldRule>

export interface Place {
  point: HoldPoint
  execution: string
  lane: number
  run: number | null
}

export class HoldBook {
  private rules: HoldRule[] = []
  private readonly held = new Set<Held>()

  constructor(private readonly clock: SimClock) {}

  add(rule: HoldRule): void {
    this.rules.push(rule)
  }

  list(): { holds: HoldRule[]; held: (Place & { since: number })[] } {
    return {
      holds: [...this.rules],
      held: [...this.held].map(({ point, executionId, lane, run, since }) => ({
        execution: executionId,
        point,
        lane,
        run,
        since
      }))
    }
  }

  /** Runs `next` at once unless a rule holds this place; then `next` waits for a release. */
  gate(place: Place, next: () => void): Held | undefined {
    if (!this.rules.some((r) => covers(r, place))) {
      next()
      return undefined
    }
    const held: Held = {
      point: place.point,
      executionId: place.execution,
      lane: place.lane,
      run: place.run,
      since: this.clock.now(),
      resume: next
    }
    this.held.add(held)
    return held
  }

  /** Forgets a held place whose execution stopped (its continuation never runs). */
  drop(held: Held | undefined): void {
    if (held) this.held.delete(held)
  }

  dropExecution(executionId: string): void {
    for (const h of this.held) if (h.executionId === executionId) this.held.delete(h)
  }

  /** Removes the rules the filter names and lets the matching held places go on; returns how many. */
  release(filter: HoldFilter): number {
    this.rules = this.rules.filter((r) => !covers(filter, placeOfRule(r)))
    const going = [...this.held].filter((h) =>
      covers(filter, { point: h.point, execution: h.executionId, lane: h.lane, run: h.run })
    )
    for (const h of going) this.held.delete(h)
    for (const h of going) h.resume()
    return going.length
  }
}

/** A rule (or filter) covers a place when every field it names is equal there. */
function covers(rule: HoldFilter, place: Partial<Place>): boolean {
  return (
    (rule.point === undefined || rule.point === place.point) &&
    (rule.execution === undefined || rule.execution === place.execution) &&
    (rule.lane === undefined || rule.lane === place.lane) &&
    (rule.run === undefined || rule.run === place.run)
  )
}

function placeOfRule(rule: HoldRule): Partial<Place> {
  return { point: rule.point, execution: rule.execution, lane: rule.lane, run: rule.run }
}
