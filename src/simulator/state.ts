// One loaded scenario: its world, its engine and its clock. A reset or a scenario load replaces
// the whole state; users keep their tokens across a reset so clients stay signed in.
import type { ScheduleRequest } from '../shared/execution'
import { SPACE_PRIVILEGES } from '../shared/privileges'
import { SimClock, type ClockMode } from './clock'
import { initialContent } from './data-values'
import { Engine } from './engine/engine'
import type { Execution } from './engine/model'
import { buildWorld, type Space, type User, type World } from './engine/world'
import { errors } from './errors'
import { Random } from './ids'
import type { Scenario, ScenarioAction } from './scenario'

const OPENFAAS_ERRORS = {
  notConfigured: errors.openfaasNotConfigured,
  unreachable: errors.openfaasUnreachable,
  unhealthy: errors.openfaasUnhealthy
}

/** What a schedule request carries after sanitising (spec §2.1). */
export type ScheduleInput = ScheduleRequest

export class SimulatorState {
  readonly world: World
  readonly clock: SimClock
  readonly engine: Engine
  readonly revoked = new Set<string>()

  constructor(
    readonly scenario: Scenario,
    opts: {
      startMs: number
      speed: number
      mode: ClockMode
      keepTokens?: Map<string, string>
      note: (message: string) => void
    }
  ) {
    this.world = buildWorld(scenario, opts.startMs, opts.keepTokens)
    const times = [
      ...scenario.executions.flatMap((e) => [e.at, ...e.actions.map((a) => a.at)]),
      ...scenario.restarts.map((r) => r.at)
    ]
    const earliest = Math.min(opts.startMs, ...times.map((t) => opts.startMs + t * 1000))
    this.clock = new SimClock(earliest, opts.speed, 'virtual')
    // Ids of executions and their stores come from a stream of their own, so adding a user or
    // a space to a scenario does not renumber its executions.
    this.engine = new Engine(this.clock, new Random(scenario.seed * 7919 + 17), opts.note)
    this.replayHistory(opts.startMs, opts.note)
    for (const restart of scenario.restarts)
      this.clock.at(opts.startMs + restart.at * 1000, () =>
        this.restartProvider(restart.autoResume)
      )
    this.collectGarbageEvery(earliest)
    this.clock.runUntil(opts.startMs)
    this.clock.setMode(opts.mode)
  }

  // ---- look-ups used by the routes ----------------------------------------------------------

  user(id: string): User | undefined {
    return this.world.users.find((u) => u.id === id)
  }

  space(id: string): Space | undefined {
    return this.world.spaces.find((s) => s.id === id)
  }

  hasPrivilege(user: User, spaceId: string, privilege: keyof typeof SPACE_PRIVILEGES): boolean {
    return user.spacePrivileges.get(spaceId)?.has(SPACE_PRIVILEGES[privilege]) ?? false
  }

  isMember(user: User, spaceId: string): boolean {
    return user.spacePrivileges.has(spaceId)
  }

  /** Reading an execution needs the view privilege and membership of its inventory (spec §2.0). */
  canView(user: User, e: Execution): boolean {
    return this.hasPrivilege(user, e.spaceId, 'view') && user.inventoryIds.has(e.schema.inventoryId)
  }

  /** Lifecycle actions: schedule privilege on one's own executions, manage on others'. */
  canControl(user: User, e: Execution): boolean {
    return this.hasPrivilege(user, e.spaceId, e.userId === user.id ? 'schedule' : 'manage')
  }

  /** Schedules an execution after the checks that follow sanitising (spec §1.1 steps 4–6), in
   *  op-worker's order: schema, revision, executable lanes, lambdas (OpenFaaS), stores. */
  schedule(user: User, input: ScheduleInput, id?: string): Execution {
    if (!this.hasPrivilege(user, input.spaceId, 'schedule')) throw errors.forbidden()
    const space = this.space(input.spaceId)!
    if (!space.supported) throw errors.spaceNotSupportedBy(space.id, this.world.provider.id)
    const schema = this.world.schemas.find((s) => s.id === input.atmWorkflowSchemaId)
    if (!schema) throw errors.notFound()
    if (!user.inventoryIds.has(schema.inventoryId)) throw errors.forbidden()
    const revision = schema.revisions.get(input.atmWorkflowSchemaRevisionNumber)
    if (!revision) throw errors.notFound()
    if (!revision.compatible) throw errors.notSupported()
    if (!revision.lanes.length) throw errors.workflowEmpty()
    for (const lane of revision.lanes) {
      if (!lane.boxes.length) throw errors.laneEmpty(lane.id)
      for (const box of lane.boxes) if (!box.tasks.length) throw errors.parallelBoxEmpty(box.id)
    }
    const openfaas = this.world.provider.openfaas
    if (openfaas !== 'healthy') throw OPENFAAS_ERRORS[openfaas]()
    const content = new Map<string, unknown>()
    for (const store of revision.stores)
      content.set(store.id, initialContent(store, input.storeInitialContentOverlay?.[store.id]))
    return this.engine.schedule({
      schema,
      revision,
      spaceId: space.id,
      userId: user.id,
      initialContent: content,
      logLevel: (input.logLevel as Execution['logLevel'] | undefined) ?? 'info',
      callback: input.callback,
      id
    })
  }

  /** The provider stops and starts again at once (what a restart looks like from inside). */
  restartProvider(autoResume: boolean): void {
    this.engine.providerStopped()
    this.engine.providerRestarted(autoResume)
  }

  /** op-worker's garbage collector runs every `checkIntervalSeconds` of simulated time. */
  private collectGarbageEvery(fromMs: number): void {
    const tick = () => {
      this.engine.collectGarbage(this.world.provider.retention)
      this.clock.after(this.world.provider.retention.checkIntervalSeconds * 1000, tick)
    }
    this.clock.at(fromMs + this.world.provider.retention.checkIntervalSeconds * 1000, tick)
  }

  /** Runs one scenario action or injection against an execution. */
  apply(e: Execution, action: ScenarioAction): void {
    switch (action.do) {
      case 'pause':
        return this.engine.pause(e)
      case 'resume':
        return this.engine.resume(e)
      case 'cancel':
        return this.engine.cancel(e)
      case 'forceContinue':
        return this.engine.forceContinue(e)
      case 'delete':
        return this.engine.discard(e)
      case 'retry':
      case 'rerun':
        return this.engine.repeat(e, action.do, action.lane, action.run)
      case 'crash':
        return this.engine.crash(e)
      case 'interrupt':
        return this.engine.interrupt(
          e,
          action.resumeAfter === undefined ? undefined : action.resumeAfter * 1000
        )
      case 'failPreparation':
        return this.engine.failPreparation(e, {
          stage: action.stage,
          lane: action.lane,
          run: action.run
        })
      case 'stop':
        return this.engine.stop(e, action.reason)
      case 'hold':
        return this.engine.holds.add({
          point: action.point,
          execution: e.id,
          lane: action.lane,
          run: action.run
        })
      case 'release':
        this.engine.holds.release({
          point: action.point,
          execution: e.id,
          lane: action.lane,
          run: action.run
        })
        return
      case 'failItems':
        return this.engine.failItems(e, {
          task: action.task,
          items: action.items,
          times: action.times
        })
    }
  }

  /** Creates the scenario's executions at their times and applies their actions. */
  private replayHistory(startMs: number, note: (m: string) => void): void {
    for (const [i, ex] of this.scenario.executions.entries()) {
      const user = this.world.users.find((u) => u.name === ex.user)!
      const space = this.world.spaces.find((s) => s.key === ex.space)!
      const schema = this.world.schemas.find((s) => s.key === ex.schema)!
      let execution: Execution | undefined
      this.clock.at(startMs + ex.at * 1000, () => {
        try {
          execution = this.schedule(
            user,
            {
              spaceId: space.id,
              atmWorkflowSchemaId: schema.id,
              atmWorkflowSchemaRevisionNumber: ex.revision,
              storeInitialContentOverlay: ex.overlay,
              logLevel: ex.logLevel,
              callback: ex.callback
            },
            ex.id
          )
        } catch (err) {
          note(`scenario execution #${i} (${ex.schema}) was not scheduled: ${String(err)}`)
        }
      })
      for (const action of ex.actions) {
        this.clock.at(startMs + action.at * 1000, () => {
          if (!execution) return
          try {
            this.apply(execution, action)
          } catch (err) {
            note(
              `scenario execution #${i}: "${action.do}" at ${action.at}s had no effect: ${String(err)}`
            )
          }
        })
      }
    }
  }
}
