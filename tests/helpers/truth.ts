// What really happened to executions, read from the simulator after every step of virtual time:
// the moment each lane run and each execution entered each status. Monitor events are checked
// against it (exactly once, and soon enough).
import { isLaneRunStopped } from '../../src/shared/statuses'
import type { SimDriver } from './simulator'

export interface Transition {
  key: string
  at: number
}

export class Truth {
  readonly transitions: Transition[] = []
  private last = new Map<string, string>()

  constructor(
    private readonly sim: SimDriver,
    readonly ids: string[]
  ) {}

  /** Reads every execution now and records what changed since the last reading. */
  async sample(): Promise<void> {
    const at = this.sim.sim.state.clock.now()
    for (const id of this.ids) {
      const d = await this.sim.details(id)
      this.note(`${id} execution`, d.status, at)
      d.lanes.forEach((lane, i) => {
        for (const r of lane.runs) {
          if (r.runNumber === null) continue
          const run = `${id} ${i + 1}/${r.runNumber}`
          if (!this.last.has(run) && r.originRunNumber !== null)
            this.transitions.push({ key: `runAdded ${run} origin ${r.originRunNumber}`, at })
          this.note(run, r.status, at)
        }
      })
    }
  }

  private note(what: string, status: string, at: number): void {
    const before = this.last.get(what)
    if (before === status) return
    this.last.set(what, status)
    if (what.endsWith(' execution')) {
      this.transitions.push({ key: `${what} ${status}`, at })
      return
    }
    if (status === 'active') this.transitions.push({ key: `laneRunStarted ${what}`, at })
    if (isLaneRunStopped(status) && (before === undefined || !isLaneRunStopped(before)))
      this.transitions.push({ key: `laneRunStopped ${what} ${status}`, at })
  }

  /** Transitions of lane runs (started, stopped, added), in order. */
  runTransitions(): Transition[] {
    return this.transitions.filter((t) => !t.key.includes(' execution '))
  }

  /** When an execution first entered a status. */
  when(id: string, status: string): number | undefined {
    return this.transitions.find((t) => t.key === `${id} execution ${status}`)?.at
  }

  /** The statuses an execution went through, in order. */
  statuses(id: string): string[] {
    return this.transitions
      .filter((t) => t.key.startsWith(`${id} execution `))
      .map((t) => t.key.slice(`${id} execution `.length))
  }
}
