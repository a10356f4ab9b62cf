// A world that never goes quiet: the scenario's generator schedules a new execution every minute
// or two of simulated time, in turn in each of its spaces, and decides from a seeded stream what
// happens to it (generator-schema.ts lists the behaviours). Behaviours come in cycles: those that
// keep the waiting, suspended and stalled-ongoing phases populated have fixed places and outlast
// a cycle, the rest are shuffled. Everything runs on the simulator's clock, so a seed and the
// requests made give the same history; ended executions go with the provider's retention.
import { workflowPhase } from '../shared/statuses'
import type { Execution } from './engine/model'
import { type Behaviour, type GeneratorConfig, PHASE_KEEPERS } from './generator-schema'
import { Random } from './ids'
import type { ScenarioAction } from './scenario'
import type { SimulatorState } from './state'

const SECOND = 1000
const MINUTE = 60 * SECOND
/** How often a rerun-to-be checks whether its execution has ended. */
const WATCH_MS = 30 * SECOND

type Workflow = GeneratorConfig['workflows'][number]
/** A scenario action without its time (the generator acts now). */
type Act = ScenarioAction extends infer A ? (A extends unknown ? Omit<A, 'at'> : never) : never

export function startGenerator(
  state: SimulatorState,
  g: GeneratorConfig,
  opts: { startMs: number; seed: number; note: (message: string) => void }
): void {
  const rng = new Random(opts.seed * 104_729 + 31)
  const { clock, engine, world } = state
  const user = world.users.find((u) => u.name === g.user)!
  const spaces = [...new Set(g.workflows.map((w) => w.space))]
  let cycle: Behaviour[] = []
  let slot = 0

  const between = (low: number, high: number) => low + rng.next() * (high - low)
  const pick = <T>(list: T[]): T | undefined => list[Math.floor(rng.next() * list.length)]

  /** One cycle: the mix shuffled, one of each phase keeper at its fixed place. */
  const newCycle = (): Behaviour[] => {
    const rest: Behaviour[] = []
    const keepers: Behaviour[] = []
    for (const [behaviour, count] of Object.entries(g.mix) as [Behaviour, number][])
      for (let i = 0; i < count; i++)
        (i === 0 && PHASE_KEEPERS.includes(behaviour as never) ? keepers : rest).push(behaviour)
    for (let i = rest.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1))
      ;[rest[i], rest[j]] = [rest[j]!, rest[i]!]
    }
    const size = rest.length + keepers.length
    for (const keeper of PHASE_KEEPERS) {
      if (!keepers.includes(keeper)) continue
      const place = Math.floor((PHASE_KEEPERS.indexOf(keeper) * size) / PHASE_KEEPERS.length)
      rest.splice(Math.min(place, rest.length), 0, keeper)
    }
    return rest
  }

  /** Something the user or the engine does to a generated execution later, if still possible. */
  const later = (e: Execution, afterMs: number, what: string, act: () => void) =>
    clock.after(afterMs, () => {
      if (!engine.find(e.id)) return // deleted meanwhile
      try {
        act()
      } catch (err) {
        opts.note(`generated execution ${e.id}: ${what} had no effect: ${String(err)}`)
      }
    })
  const apply = (e: Execution, action: Act) =>
    state.apply(e, { ...action, at: 0 } as ScenarioAction)

  /** Items of the lane holding `task` fail on their first `times` tries. */
  const failIn = (e: Execution, task: string, times: (maxRetries: number) => number) => {
    const lane = e.lanes.find((l) => l.def.boxes.some((b) => b.tasks.some((t) => t.name === task)))
    if (!lane) return
    const store = engine.stores.get(e.storeRegistry[lane.def.storeSchemaId] ?? '')
    const position = Math.floor(rng.next() * Math.max(1, store?.items.length ?? 1))
    apply(e, { do: 'failItems', task, items: [position], times: times(lane.def.maxRetries) })
  }

  const rerunWhenEnded = (e: Execution) =>
    later(e, WATCH_MS, 'watching for its end', () => {
      if (workflowPhase(e.status) !== 'ended') return void rerunWhenEnded(e)
      const lane = Math.floor(rng.next() * e.lanes.length)
      const run = e.lanes[lane]!.runs.find((r) => r.runNumber !== null)?.runNumber
      if (e.status !== 'crashed' && run)
        later(e, between(1, 3) * MINUTE, 'rerun', () =>
          apply(e, { do: 'rerun', lane: lane + 1, run })
        )
    })

  const launch = (w: Workflow, behaviour: Behaviour) => {
    const space = world.spaces.find((s) => s.key === w.space)!
    const schema = world.schemas.find((s) => s.key === w.schema)!
    let e: Execution
    try {
      e = state.schedule(user, {
        spaceId: space.id,
        atmWorkflowSchemaId: schema.id,
        atmWorkflowSchemaRevisionNumber: w.revision
      })
    } catch (err) {
      return opts.note(`the generator could not schedule ${w.schema}: ${String(err)}`)
    }
    const soon = between(60, 90) * SECOND
    switch (behaviour) {
      case 'retry':
        return failIn(e, w.failTask!, () => 1)
      case 'fail':
        return failIn(e, w.failTask!, (maxRetries) => maxRetries + 1)
      case 'cancel':
      case 'crash':
        return void later(e, soon, behaviour, () => apply(e, { do: behaviour }))
      case 'rerun':
        return void rerunWhenEnded(e)
      case 'pause':
        later(e, soon, 'pause', () => apply(e, { do: 'pause' }))
        return void later(e, soon + g.holdMinutes.pause * MINUTE, 'resume', () =>
          apply(e, { do: 'resume' })
        )
      case 'stall':
      case 'queue': {
        // Held where op-worker's engine would be busy elsewhere: before its first item (active,
        // nothing moves) or before its preparation (still scheduled). The rule always goes.
        const point = behaviour === 'stall' ? 'beforeFirstItem' : 'beforeLanePreparation'
        engine.holds.add({ point, execution: e.id, ...(behaviour === 'stall' ? { lane: 1 } : {}) })
        clock.after(g.holdMinutes[behaviour] * MINUTE, () =>
          engine.holds.release({ point, execution: e.id })
        )
        return
      }
      case 'finish':
        return
    }
  }

  /** Launches the cycle's next behaviour; a phase keeper does not take the cadence's turn, so
   *  another execution starts with it and something keeps ending every minute or two. */
  const launchNext = () => {
    if (!cycle.length) cycle = newCycle()
    const behaviour = cycle.shift()!
    const space = spaces[slot++ % spaces.length]
    const able = g.workflows.filter(
      (w) =>
        !w.never.includes(behaviour) &&
        (w.failTask !== undefined || (behaviour !== 'retry' && behaviour !== 'fail'))
    )
    const here = able.filter((w) => w.space === space)
    const workflow = pick(here.length ? here : able)
    if (workflow) launch(workflow, behaviour)
    if (PHASE_KEEPERS.includes(behaviour as never)) launchNext()
  }

  const tick = () => {
    launchNext()
    clock.after(between(...g.everySeconds) * SECOND, tick)
  }
  clock.at(opts.startMs + g.from * SECOND, tick)
}
