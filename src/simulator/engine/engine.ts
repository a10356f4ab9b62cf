// The execution engine: the workflow and lane-run state machine of spec §4 driven by the
// simulator's clock. Public methods are what REST calls and injections can do; each either
// applies its effect or throws the ApiError the real server answers with (spec §4.5).
import { LOG_LEVEL_NUMBER, laneRunPhase, workflowPhase, type LogLevel } from '../../shared/statuses'
import type { SimClock } from '../clock'
import { errors } from '../errors'
import { Random, unitHash } from '../ids'
import type {
  AuditEntry,
  BoxRun,
  Execution,
  ExtraFailure,
  Item,
  Run,
  StopReason,
  Store
} from './model'
import { STATUS_AFTER_STOP, STOP_REASON_PRIORITY } from './model'
import type { RevisionDef, WorkflowSchemaDef } from './world'

export interface ScheduleParams {
  schema: WorkflowSchemaDef
  revision: RevisionDef
  spaceId: string
  userId: string
  /** Store schema id → initial content, already checked to be arrays. */
  initialContent: Map<string, unknown[]>
  logLevel: LogLevel
  callback?: string
  id?: string
}

export class Engine {
  readonly executions = new Map<string, Execution>()
  readonly stores = new Map<string, Store>()

  constructor(
    private readonly clock: SimClock,
    private readonly rng: Random,
    private readonly note: (message: string) => void = () => {}
  ) {}

  private nowS(): number {
    return Math.floor(this.clock.now() / 1000)
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
      const content = p.initialContent.get(def.id) ?? def.defaultItems
      const store = this.newStore(id, 'list', def.name)
      store.items = content.map((value, position) => ({ position, value }))
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
      failNextPreparation: false,
      extraFailures: [],
      attempts: new Map()
    }
    this.executions.set(id, e)
    const run = this.newRun(0, 1, null, 'regular', null)
    e.lanes[0]!.runs.unshift(run)
    this.log(e, 'notice', 'Scheduled execution.', { scheduledLaneRunSelector: selector(run) })
    this.scheduleRun(e, run)
    return e
  }

  // ---- user actions (spec §2.4–§2.10, matrix §4.5) -------------------------------------------

  pause(e: Execution): void {
    this.requestStop(e, 'pause')
  }

  cancel(e: Execution): void {
    this.requestStop(e, 'cancel')
  }

  resume(e: Execution): void {
    if (e.status !== 'paused' && e.status !== 'interrupted') throw errors.notResumable()
    const run = this.currentRun(e)
    e.status = 'resuming'
    e.scheduleTime = this.nowS()
    this.log(e, 'notice', 'Resuming execution...', { scheduledLaneRunSelector: selector(run) })
    run.status = 'resuming'
    run.stoppingReason = undefined
    this.log(e, 'debug', `${prefix(run)}Resuming...`)
    this.later(e, run, 'resumeMs', () => this.continueAfterResume(e, run))
  }

  forceContinue(e: Execution): void {
    if (e.status !== 'failed' || e.currentLane >= e.lanes.length - 1) throw errors.notResumable()
    e.currentLane += 1
    const lane = e.lanes[e.currentLane]!
    lane.retriesLeft = lane.def.maxRetries
    const run = this.newRun(e.currentLane, e.currentRunNum, null, 'regular', null)
    lane.runs.unshift(run)
    e.status = 'resuming'
    e.scheduleTime = this.nowS()
    this.log(e, 'notice', 'Scheduled forced continuation.', {
      scheduledLaneRunSelector: selector(run)
    })
    this.scheduleRun(e, run)
  }

  /** Manual retry (failed items again) or rerun (all items again) of one lane run. */
  repeat(e: Execution, type: 'retry' | 'rerun', laneIndex: number, runNumber: number): void {
    if (workflowPhase(e.status) !== 'ended') throw errors.notEnded()
    const lane = e.lanes[laneIndex - 1]
    const origin = lane?.runs.find((r) => r.runNumber === runNumber)
    if (!lane || !origin) throw errors.notFound()
    const flags = this.repeatability(e, origin)
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
    e.scheduleTime = this.nowS()
    this.log(e, 'notice', `${prefix(origin)}Scheduled manual ${type}.`, {
      repeatType: type,
      scheduledLaneRunSelector: selector(run)
    })
    this.scheduleRun(e, run)
  }

  discard(e: Execution): void {
    const phase = workflowPhase(e.status)
    if (phase !== 'suspended' && phase !== 'ended') throw errors.notStopped()
    e.discarded = true
    for (const lane of e.lanes) for (const run of lane.runs) this.halt(run)
  }

  // ---- injections (control API: what no REST call can do) -----------------------------------

  crash(e: Execution): void {
    this.log(e, 'emergency', 'Unexpected emergency occured.', { reason: 'simulated crash' })
    this.requestStop(e, 'crash')
  }

  interrupt(e: Execution, resumeAfterMs?: number): void {
    e.autoResumeAfterMs = resumeAfterMs
    this.requestStop(e, 'interrupt')
  }

  failPreparation(e: Execution): void {
    e.failNextPreparation = true
  }

  failItems(e: Execution, failure: ExtraFailure): void {
    e.extraFailures.push(failure)
  }

  // ---- serialisation ------------------------------------------------------------------------

  repeatability(e: Execution, run: Run): { isRetriable: boolean; isRerunable: boolean } {
    const ended = workflowPhase(e.status) === 'ended' && e.status !== 'crashed'
    return {
      isRetriable: ended && run.status === 'failed' && run.stoppingReason === undefined,
      isRerunable: ended && ['finished', 'failed', 'cancelled'].includes(run.status)
    }
  }

  /** The execution as `GET /automation/execution/workflows/{id}` returns it (spec §2.3). */
  details(e: Execution): Record<string, unknown> {
    return {
      atmWorkflowExecutionId: e.id,
      atmWorkflowSchemaSnapshotId: e.id,
      name: e.schema.name,
      atmInventoryId: e.schema.inventoryId,
      spaceId: e.spaceId,
      userId: e.userId,
      status: e.status,
      scheduleTime: e.scheduleTime,
      startTime: e.startTime,
      suspendTime: e.suspendTime,
      finishTime: e.finishTime,
      lambdaSnapshotRegistry: e.lambdaSnapshotRegistry,
      storeRegistry: e.storeRegistry,
      systemAuditLogStoreId: e.systemAuditLogStoreId,
      lanes: e.lanes.map((lane) => ({
        schemaId: lane.def.id,
        runs: lane.runs.map((run) => ({
          runNumber: run.runNumber,
          originRunNumber: run.originRunNumber,
          runType: run.runType,
          status: run.status,
          iteratedStoreId: run.iteratedStoreId,
          exceptionStoreId: run.exceptionStoreId,
          parallelBoxes: run.boxes.map((box) => ({
            schemaId: box.schemaId,
            taskRegistry: Object.fromEntries(box.tasks.map((t) => [t.schemaId, t.executionId]))
          })),
          ...this.repeatability(e, run)
        }))
      }))
    }
  }

  // ---- the lane-run life cycle --------------------------------------------------------------

  private currentRun(e: Execution): Run {
    const run = e.lanes[e.currentLane]?.runs.find((r) => r.runNumber === e.currentRunNum)
    if (!run) throw new Error(`execution ${e.id} has no current run`)
    return run
  }

  private isCurrent(e: Execution, run: Run): boolean {
    return run.laneIndex === e.currentLane && run.runNumber === e.currentRunNum
  }

  private timing(e: Execution, run: Run) {
    return e.lanes[run.laneIndex]!.def.timing
  }

  /** Schedules the run's next stage; `pending` is cleared before the stage runs. */
  private later(
    e: Execution,
    run: Run,
    ms: keyof ReturnType<Engine['timing']>,
    next: () => void
  ): void {
    run.pending = this.clock.after(this.timing(e, run)[ms], () => {
      run.pending = undefined
      next()
    })
  }

  private newRun(
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
      prepared: false,
      started: false,
      queue: [],
      inFlight: new Map(),
      failedItems: 0
    }
  }

  private newStore(executionId: string, type: Store['type'], name: string): Store {
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

  private scheduleRun(e: Execution, run: Run): void {
    run.status = 'scheduled'
    this.later(e, run, 'scheduleMs', () => this.beginPreparing(e, run))
  }

  /** Creates the run's stores and task executions (what `parallelBoxes` then shows). */
  private createRunResources(e: Execution, run: Run): void {
    if (run.boxes.length) return
    const lane = e.lanes[run.laneIndex]!
    run.iteratedStoreId ??= e.storeRegistry[lane.def.storeSchemaId] ?? null
    const exceptions = this.newStore(
      e.id,
      'exception',
      `Failed items (run ${run.runNumber ?? '?'})`
    )
    run.exceptionStoreId = exceptions.id
    run.boxes = lane.def.boxes.map((box): BoxRun => ({
      schemaId: box.id,
      tasks: box.tasks.map((t) => ({
        schemaId: t.id,
        executionId: this.rng.entityId(),
        processed: 0,
        failed: 0,
        inProcessing: 0
      }))
    }))
  }

  private beginPreparing(e: Execution, run: Run): void {
    run.status = 'preparing'
    this.log(e, 'debug', `${prefix(run)}Preparing...`)
    if (this.isCurrent(e, run) && (e.status === 'scheduled' || e.status === 'resuming')) {
      e.status = 'active'
      e.startTime = this.nowS()
    }
    this.createRunResources(e, run)
    if (e.failNextPreparation && this.isCurrent(e, run)) {
      e.failNextPreparation = false
      this.later(e, run, 'prepareMs', () => {
        this.log(e, 'critical', `[Lane: ${run.laneIndex + 1}] Failed to prepare next run.`, {
          reason: { id: 'simulated', description: 'Simulated preparation failure.' }
        })
        this.requestStop(e, 'failure')
      })
      return
    }
    this.later(e, run, 'prepareMs', () => this.finishPreparing(e, run))
  }

  private finishPreparing(e: Execution, run: Run): void {
    run.prepared = true
    run.status = 'enqueued'
    this.log(e, 'info', `${prefix(run)}Prepared.`)
    // A run prepared in advance waits until the lane before it ends.
    if (this.isCurrent(e, run)) this.enqueueStart(e, run)
  }

  private enqueueStart(e: Execution, run: Run): void {
    this.later(e, run, 'enqueueMs', () => this.activate(e, run))
  }

  private activate(e: Execution, run: Run): void {
    run.status = 'active'
    this.log(e, 'debug', `${prefix(run)}Starting...`)
    if (!run.started) {
      run.started = true
      const source = run.iteratedStoreId ? this.stores.get(run.iteratedStoreId) : undefined
      run.queue = [...(source?.items ?? [])]
      this.log(e, 'info', `${prefix(run)}Started processing ${run.queue.length} items.`)
    }
    this.prepareNextLaneInAdvance(e, run)
    this.pump(e, run)
  }

  private prepareNextLaneInAdvance(e: Execution, run: Run): void {
    const next = e.lanes[run.laneIndex + 1]
    if (!next || next.runs.some((r) => r.runNumber === null)) return
    const ahead = this.newRun(run.laneIndex + 1, null, null, 'regular', null)
    next.runs.unshift(ahead)
    this.beginPreparing(e, ahead)
  }

  /** Keeps up to `concurrency` items in processing; when none is left, the run ends. */
  private pump(e: Execution, run: Run): void {
    const def = e.lanes[run.laneIndex]!.def
    while (run.inFlight.size < def.concurrency && run.queue.length) {
      const item = run.queue.shift()!
      for (const box of run.boxes) for (const t of box.tasks) t.inProcessing += 1
      const done = this.clock.after(def.timing.itemMs, () => this.completeItem(e, run, item))
      run.inFlight.set(item.position, { item, done })
    }
    if (!run.queue.length && !run.inFlight.size && !run.pending) {
      this.later(e, run, 'finalizeMs', () => this.endRunNaturally(e, run))
    }
  }

  private completeItem(e: Execution, run: Run, item: Item): void {
    run.inFlight.delete(item.position)
    const def = e.lanes[run.laneIndex]!.def
    let failedTask: { box: number; task: number } | undefined
    run.boxes.forEach((box, b) => {
      box.tasks.forEach((task, t) => {
        task.inProcessing -= 1
        if (failedTask && failedTask.box < b) return // a failed item goes no further
        task.processed += 1
        if (this.itemFails(e, def.boxes[b]!.tasks[t]!, item)) {
          task.failed += 1
          failedTask ??= { box: b, task: t }
        }
      })
    })
    if (failedTask) {
      run.failedItems += 1
      const exceptions = run.exceptionStoreId ? this.stores.get(run.exceptionStoreId) : undefined
      exceptions?.items.push(item)
      const task = run.boxes[failedTask.box]!.tasks[failedTask.task]!
      const ratio = task.failed / (task.processed + task.inProcessing)
      if (ratio > def.instantFailureExceptionThreshold) {
        this.log(
          e,
          'critical',
          `${prefix(run, failedTask)}Exceeeded allowed failed jobs threshold.`,
          undefined,
          { tasks: [task.executionId] }
        )
        this.requestStop(e, 'failure')
        return
      }
    }
    this.pump(e, run)
  }

  private itemFails(
    e: Execution,
    task: { id: string; name: string; failureRate: number; fail: ExtraFailure[] },
    item: Item
  ): boolean {
    const key = `${task.id}:${item.position}`
    const attempt = (e.attempts.get(key) ?? 0) + 1
    e.attempts.set(key, attempt)
    const rules = [
      ...task.fail,
      ...e.extraFailures.filter((f) => !f.task || f.task === task.name || f.task === task.id)
    ]
    if (
      rules.some(
        (r) => r.items.includes(item.position) && (r.times === undefined || attempt <= r.times)
      )
    )
      return true
    return task.failureRate > 0 && unitHash(`${e.id}:${key}:${attempt}`) < task.failureRate
  }

  private endRunNaturally(e: Execution, run: Run): void {
    run.status = run.failedItems > 0 ? 'failed' : 'finished'
    this.log(e, 'info', `${prefix(run)}Stopped.`, { status: run.status })
    const lane = e.lanes[run.laneIndex]!
    if (run.status === 'finished') {
      if (run.laneIndex < e.lanes.length - 1) this.advanceToNextLane(e)
      else this.beginWorkflowStop(e)
      return
    }
    if (lane.retriesLeft > 0) {
      lane.retriesLeft -= 1
      e.currentRunNum += 1
      const retry = this.newRun(
        run.laneIndex,
        e.currentRunNum,
        run.runNumber,
        'retry',
        run.exceptionStoreId
      )
      lane.runs.unshift(retry)
      this.log(e, 'info', `${prefix(run)}Scheduled automatic retry.`, {
        scheduledLaneRunSelector: selector(retry),
        retriesLeft: lane.retriesLeft
      })
      this.scheduleRun(e, retry)
      return
    }
    this.beginWorkflowStop(e)
  }

  private advanceToNextLane(e: Execution): void {
    e.currentLane += 1
    const lane = e.lanes[e.currentLane]!
    lane.retriesLeft = lane.def.maxRetries
    const ahead = lane.runs.find((r) => r.runNumber === null)
    if (!ahead) {
      const run = this.newRun(e.currentLane, e.currentRunNum, null, 'regular', null)
      lane.runs.unshift(run)
      this.scheduleRun(e, run)
      return
    }
    ahead.runNumber = e.currentRunNum
    // Still preparing: finishPreparing starts it, now that it is current.
    if (ahead.prepared) this.enqueueStart(e, ahead)
  }

  /** The last run ended by itself: the workflow stops with that run's status. */
  private beginWorkflowStop(e: Execution): void {
    e.status = 'stopping'
    const run = this.currentRun(e)
    e.pendingStop = this.clock.after(this.timing(e, run).stopMs, () => this.finalizeWorkflow(e))
  }

  private requestStop(e: Execution, reason: StopReason): void {
    const byUser = reason === 'pause' || reason === 'cancel'
    switch (e.status) {
      case 'finished':
      case 'failed':
      case 'cancelled':
      case 'crashed':
        throw errors.ended()
      case 'stopping': {
        const run = this.currentRun(e)
        // The last run already ended and the workflow is finishing up.
        if (laneRunPhase(run.status) === 'ended')
          throw errors.invalidStatusTransition(run.status, 'stopping')
        // Already stopping: a user's pause is ignored; a stronger reason (cancel) overrides.
        const current = run.stoppingReason ?? 'op_worker_stopping'
        if (STOP_REASON_PRIORITY[reason] > STOP_REASON_PRIORITY[current])
          run.stoppingReason = reason
        return
      }
      case 'paused':
      case 'interrupted': {
        if (reason !== 'cancel' && reason !== 'crash')
          throw errors.invalidStatusTransition(e.status, 'stopping')
        const run = this.currentRun(e)
        e.status = 'stopping'
        e.startTime = this.nowS()
        this.log(e, 'notice', 'Stopping execution...', { reason })
        this.stopRun(e, run, reason)
        this.log(e, 'info', `${prefix(run)}Stopped previously suspended.`)
        return
      }
      case 'scheduled':
      case 'resuming':
      case 'active': {
        const run = this.currentRun(e)
        e.status = 'stopping'
        this.log(e, byUser ? 'notice' : 'warning', 'Stopping execution...', { reason })
        for (const lane of e.lanes)
          for (const other of lane.runs) if (other.runNumber === null) this.halt(other)
        this.stopRun(e, run, reason)
        return
      }
    }
  }

  private stopRun(e: Execution, run: Run, reason: StopReason): void {
    this.halt(run)
    run.status = 'stopping'
    run.stoppingReason = reason
    this.log(e, 'info', `${prefix(run)}Initiating stop...`, { reason })
    this.later(e, run, 'stopMs', () => {
      run.status = STATUS_AFTER_STOP[run.stoppingReason ?? reason]
      this.log(e, 'info', `${prefix(run)}Stopped.`, { status: run.status })
      this.finalizeWorkflow(e)
    })
  }

  /** Cancels a run's pending work; items in processing go back to the front of its queue. */
  private halt(run: Run): void {
    run.pending?.cancel()
    run.pending = undefined
    const back: Item[] = []
    for (const { item, done } of run.inFlight.values()) {
      done.cancel()
      back.push(item)
      for (const box of run.boxes) for (const t of box.tasks) t.inProcessing -= 1
    }
    run.inFlight.clear()
    run.queue.unshift(...back.sort((a, b) => a.position - b.position))
  }

  private finalizeWorkflow(e: Execution): void {
    e.pendingStop = undefined
    const run = this.currentRun(e)
    // A stopped execution never shows runs prepared in advance (spec §4.4).
    const removed: number[] = []
    e.lanes.forEach((lane, i) => {
      const ahead = lane.runs.filter((r) => r.runNumber === null)
      if (!ahead.length) return
      ahead.forEach((r) => this.halt(r))
      lane.runs = lane.runs.filter((r) => r.runNumber !== null)
      removed.push(i + 1)
    })
    if (removed.length)
      this.log(e, 'info', 'Deleted lane runs that were prepared in advance.', {
        laneIndices: removed
      })
    const status = run.status as Execution['status']
    e.status = status
    if (workflowPhase(status) === 'suspended') e.suspendTime = this.nowS()
    else e.finishTime = this.nowS()
    this.log(e, 'notice', 'Stopped execution.', { status })
    this.notifyCallback(e)
    if (status === 'interrupted' && e.autoResumeAfterMs !== undefined) {
      const after = e.autoResumeAfterMs
      e.autoResumeAfterMs = undefined
      this.clock.after(after, () => {
        if (e.status === 'interrupted' && !e.discarded) this.resume(e)
      })
    }
  }

  private continueAfterResume(e: Execution, run: Run): void {
    this.log(e, 'info', `${prefix(run)}Resumed.`)
    if (!run.prepared) {
      this.beginPreparing(e, run)
      return
    }
    e.status = 'active'
    e.startTime = this.nowS()
    if (!run.started) {
      run.status = 'enqueued'
      this.enqueueStart(e, run)
      return
    }
    this.activate(e, run)
  }

  // ---- audit log and callback ---------------------------------------------------------------

  private log(
    e: Execution,
    severity: LogLevel,
    description: string,
    details?: Record<string, unknown>,
    referencedElements?: Record<string, unknown>
  ): void {
    if (LOG_LEVEL_NUMBER[severity] > LOG_LEVEL_NUMBER[e.logLevel]) return
    const store = this.stores.get(e.systemAuditLogStoreId)!
    const entry: AuditEntry = {
      index: String(store.entries.length),
      timestamp: this.clock.now(),
      severity,
      content: {
        description,
        ...(details ? { details } : {}),
        ...(referencedElements ? { referencedElements } : {})
      }
    }
    store.entries.push(entry)
  }

  private notifyCallback(e: Execution): void {
    if (!e.callback) return
    const url = e.callback
    const body = JSON.stringify({ atmWorkflowExecutionId: e.id, status: e.status })
    const attempt = (n: number): void => {
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        .then((res) => {
          if (!res.ok) throw new Error(`HTTP ${res.status}`)
        })
        .catch((err: unknown) => {
          if (n < 3) setTimeout(() => attempt(n + 1), 500 * 2 ** n).unref()
          else this.note(`callback to ${url} failed: ${String(err)}`)
        })
    }
    attempt(0)
  }
}

function prefix(run: Run, task?: { box: number; task: number }): string {
  const base = `Lane: ${run.laneIndex + 1}, Run: ${run.runNumber ?? '?'}`
  return task ? `[${base}, PBox: ${task.box + 1}, Task: ${task.task + 1}] ` : `[${base}] `
}

// The key spelling `RunNumber` is what op-worker writes (spec §7.3).
function selector(run: Run): Record<string, unknown> {
  return { laneIndex: run.laneIndex + 1, RunNumber: run.runNumber }
}
