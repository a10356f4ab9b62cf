// The execution engine: the workflow and lane-run state machine of spec §4 driven by the
// simulator's clock, as op-worker's atm_workflow_execution_handler and its lane and task handlers
// drive it. Public methods are what REST calls and injections can do; each either applies its
// effect or throws the ApiError the real server answers with (spec §4.5). The stages of a run live
// in lifecycle.ts and items.ts, stopping in stopping.ts.
import { workflowPhase, type LogLevel } from '../../shared/statuses'
import type { SimClock } from '../clock'
import { errors } from '../errors'
import { Random } from '../ids'
import { AuditLog, selector } from './audit'
import { HoldBook } from './holds'
import * as lifecycle from './lifecycle'
import type {
  Execution,
  ExtraFailure,
  HoldPoint,
  PreparationFailure,
  Run,
  StopReason,
  Store
} from './model'
import * as stopping from './stopping'
import { controlView, details, repeatability } from './view'
import type { RevisionDef, Retention, WorkflowSchemaDef } from './world'

export interface ScheduleParams {
  schema: WorkflowSchemaDef
  revision: RevisionDef
  spaceId: string
  userId: string
  /** Store schema id → checked initial content (undefined: none). */
  initialContent: Map<string, unknown>
  logLevel: LogLevel
  callback?: string
  id?: string
}

type TimingKey = keyof Execution['lanes'][number]['def']['timing']

export class Engine {
  readonly executions = new Map<string, Execution>()
  readonly stores = new Map<string, Store>()
  readonly audit: AuditLog
  readonly holds: HoldBook

  constructor(
    readonly clock: SimClock,
    readonly rng: Random,
    readonly note: (message: string) => void = () => {}
  ) {
    this.audit = new AuditLog(clock, this.stores)
    this.holds = new HoldBook(clock)
  }

  // ---- lookups ------------------------------------------------------------------------------

  /** A visible (not discarded) execution, or undefined. */
  find(id: string): Execution | undefined {
    const e = this.executions.get(id)
    return e && !e.discarded ? e : undefined
  }

  findStore(id: string): Store | undefined {
    const s = this.stores.get(id)
    return s && this.find(s.executionId) ? s : undefined
  }

  // ---- scheduling ---------------------------------------------------------------------------

  schedule(p: ScheduleParams): Execution {
    const id = p.id ?? this.rng.entityId()
    const storeRegistry: Record<string, string> = {}
    for (const def of p.revision.stores) {
      const content = p.initialContent.get(def.id)
      const store = this.newStore(id, def.type, def.name)
      if (def.type === 'list')
        store.items = ((content as unknown[] | undefined) ?? []).map((value, position) => ({
          position,
          value
        }))
      else store.value = content
      storeRegistry[def.id] = store.id
    }
    const auditLog = this.newStore(id, 'auditLog', 'Workflow audit log')
    const lambdaSnapshotRegistry: Record<string, string> = {}
    for (const lane of p.revision.lanes)
      for (const box of lane.boxes)
        for (const task of box.tasks) lambdaSnapshotRegistry[task.lambdaId] ??= this.rng.entityId()

    const e: Execution = {
      id,
      schema: p.schema,
      revision: p.revision,
      spaceId: p.spaceId,
      userId: p.userId,
      status: 'scheduled',
      scheduleTime: this.nowS(),
      startTime: 0,
      suspendTime: 0,
      finishTime: 0,
      lambdaSnapshotRegistry,
      storeRegistry,
      systemAuditLogStoreId: auditLog.id,
      lanes: p.revision.lanes.map((def) => ({ def, runs: [], retriesLeft: def.maxRetries })),
      currentLane: 0,
      currentRunNum: 1,
      logLevel: p.logLevel,
      callback: p.callback,
      discarded: false,
      failPreparations: [],
      extraFailures: [],
      attempts: new Map(),
      heldAhead: []
    }
    this.executions.set(id, e)
    const run = this.newRun(0, 1, null, 'regular', null)
    e.lanes[0]!.runs.unshift(run)
    this.audit.write(e, 'notice', 'Scheduled execution.', {
      scheduledLaneRunSelector: selector(0, 1)
    })
    lifecycle.scheduleRun(this, e, run)
    return e
  }

  // ---- user actions (spec §2.4–§2.10, matrix §4.5) -------------------------------------------

  pause(e: Execution): void {
    stopping.requestStop(this, e, 'pause')
  }

  cancel(e: Execution): void {
    stopping.requestStop(this, e, 'cancel')
  }

  resume(e: Execution): void {
    lifecycle.resume(this, e)
  }

  forceContinue(e: Execution): void {
    if (e.status !== 'failed' || e.currentLane >= e.lanes.length - 1) throw errors.notResumable()
    e.currentLane += 1
    const lane = e.lanes[e.currentLane]!
    lane.retriesLeft = lane.def.maxRetries
    const run = this.newRun(e.currentLane, e.currentRunNum, null, 'regular', null)
    lane.runs.unshift(run)
    e.status = 'resuming'
    e.scheduleTime = this.stamp(e.finishTime)
    this.audit.write(e, 'notice', 'Scheduled forced continuation.', {
      scheduledLaneRunSelector: selector(run.laneIndex, run.runNumber)
    })
    lifecycle.scheduleRun(this, e, run)
  }

  /** Manual retry (failed items again) or rerun (all items again) of one lane run. */
  repeat(e: Execution, type: 'retry' | 'rerun', laneIndex: number, runNumber: number): void {
    if (workflowPhase(e.status) !== 'ended') throw errors.notEnded()
    const lane = e.lanes[laneIndex - 1]
    const origin = lane?.runs.find((r) => r.runNumber === runNumber)
    if (!lane || !origin) throw errors.notFound()
    const flags = repeatability(e, origin)
    if (type === 'retry' && !flags.isRetriable) throw errors.retryFailed()
    if (type === 'rerun' && !flags.isRerunable) throw errors.rerunFailed()

    // Manual repeats are not retried automatically (the intent stated in op-worker's code).
    lane.retriesLeft = 0
    e.currentRunNum += 1
    e.currentLane = laneIndex - 1
    const iterated = type === 'retry' ? origin.exceptionStoreId : origin.iteratedStoreId
    const run = this.newRun(laneIndex - 1, e.currentRunNum, runNumber, type, iterated)
    lane.runs.unshift(run)
    e.status = 'scheduled'
    e.scheduleTime = this.stamp(e.finishTime)
    this.audit.run(e, origin, 'notice', `Scheduled manual ${type}.`, {
      repeatType: type,
      scheduledLaneRunSelector: selector(run.laneIndex, run.runNumber)
    })
    lifecycle.scheduleRun(this, e, run)
  }

  discard(e: Execution): void {
    const phase = workflowPhase(e.status)
    if (phase !== 'suspended' && phase !== 'ended') throw errors.notStopped()
    e.discarded = true
    stopping.haltAll(this, e)
  }

  // ---- injections (control API: what no REST call can do) -----------------------------------

  crash(e: Execution): void {
    stopping.crash(this, e)
  }

  interrupt(e: Execution, resumeAfterMs?: number): void {
    stopping.interrupt(this, e, resumeAfterMs)
  }

  /** Adds a stopping reason, as op-worker's components do (a higher priority replaces a lower). */
  stop(e: Execution, reason: StopReason): void {
    if (reason === 'crash') stopping.crash(this, e)
    else stopping.requestStop(this, e, reason)
  }

  failPreparation(e: Execution, failure: PreparationFailure): void {
    e.failPreparations.push(failure)
  }

  failItems(e: Execution, failure: ExtraFailure): void {
    e.extraFailures.push(failure)
  }

  /** The provider went down: nothing runs any more (its state is left as it was). */
  providerStopped(): void {
    for (const e of this.executions.values()) stopping.haltAll(this, e)
  }

  /** The provider came back: op-worker's restart procedure for every execution. */
  providerRestarted(autoResume: boolean): void {
    for (const e of this.executions.values())
      if (!e.discarded) stopping.restartExecution(this, e, autoResume)
  }

  /** op-worker's garbage collector: drops executions ended or suspended longer than retention. */
  collectGarbage(retention: Retention): void {
    const now = this.nowS()
    const expired = new Set<string>()
    for (const e of this.executions.values()) {
      const phase = workflowPhase(e.status)
      if (
        e.discarded ||
        (phase === 'ended' && e.finishTime < now - retention.endedSeconds) ||
        (phase === 'suspended' && e.suspendTime < now - retention.suspendedSeconds)
      )
        expired.add(e.id)
    }
    if (!expired.size) return
    for (const id of expired) {
      stopping.haltAll(this, this.executions.get(id)!)
      this.executions.delete(id)
    }
    for (const [id, store] of this.stores)
      if (expired.has(store.executionId)) this.stores.delete(id)
  }

  // ---- serialisation ------------------------------------------------------------------------

  details(e: Execution): Record<string, unknown> {
    return details(e)
  }

  view(e: Execution) {
    return controlView(e, this.holds)
  }

  // ---- helpers for the lane-run stages ------------------------------------------------------

  nowS(): number {
    return Math.floor(this.clock.now() / 1000)
  }

  /** Now in seconds, never before an earlier phase time (op-worker's monotonic timestamps). */
  stamp(notBefore: number): number {
    return Math.max(this.nowS(), notBefore)
  }

  currentRun(e: Execution): Run {
    const run = e.lanes[e.currentLane]?.runs.find((r) => r.runNumber === e.currentRunNum)
    if (!run) throw new Error(`execution ${e.id} has no current run`)
    return run
  }

  isCurrent(e: Execution, run: Run): boolean {
    return run.laneIndex === e.currentLane && run.runNumber === e.currentRunNum
  }

  timing(e: Execution, run: Run) {
    return e.lanes[run.laneIndex]!.def.timing
  }

  /** Schedules the run's next stage; `pending` is cleared before the stage runs. */
  later(e: Execution, run: Run, ms: TimingKey, next: () => void): void {
    run.pending = this.clock.after(this.timing(e, run)[ms], () => {
      run.pending = undefined
      next()
    })
  }

  /** Goes on at once unless a hold rule names this point of the run; then waits for a release. */
  gateRun(e: Execution, run: Run, point: HoldPoint, next: () => void): void {
    const place = { point, execution: e.id, lane: run.laneIndex + 1, run: run.runNumber }
    const held = this.holds.gate(place, () => {
      run.held = undefined
      next()
    })
    if (held) run.held = held
  }

  newRun(
    laneIndex: number,
    runNumber: number | null,
    originRunNumber: number | null,
    runType: Run['runType'],
    iteratedStoreId: string | null
  ): Run {
    return {
      laneIndex,
      runNumber,
      originRunNumber,
      runType,
      status: 'scheduled',
      iteratedStoreId,
      exceptionStoreId: null,
      boxes: [],
      inAdvance: false,
      prepared: false,
      started: false,
      queue: [],
      inFlight: new Map()
    }
  }

  newStore(executionId: string, type: Store['type'], name: string): Store {
    const store: Store = {
      id: this.rng.entityId(),
      executionId,
      type,
      name,
      items: [],
      entries: []
    }
    this.stores.set(store.id, store)
    return store
  }
}
