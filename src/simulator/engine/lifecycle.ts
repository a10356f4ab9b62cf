// A lane run from scheduled to active, as op-worker's workflow engine and
// atm_lane_execution_setup_handler take it: designated for preparation (and, with it, the next
// lane's run prepared in advance), preparing (stores and tasks created), enqueued, active; moving
// on to the next lane; resuming a suspended run.
import { errors } from '../errors'
import { derivedId } from '../ids'
import { selector } from './audit'
import type { Engine } from './engine'
import { pump } from './items'
import type { Execution, Held, PreparationFailure, Run, TaskRun } from './model'
import * as stopping from './stopping'
import { boxesJson, runJson } from './view'

const isRunning = (e: Execution) =>
  e.status === 'scheduled' || e.status === 'resuming' || e.status === 'active'

export function scheduleRun(eng: Engine, e: Execution, run: Run): void {
  run.status = 'scheduled'
  eng.later(e, run, 'scheduleMs', () => designate(eng, e, run))
}

/** The engine takes the current run up for preparation, and the next lane's run in advance with it. */
function designate(eng: Engine, e: Execution, run: Run): void {
  eng.gateRun(e, run, 'beforeLanePreparation', () => beginPreparing(eng, e, run))
  prepareAhead(eng, e, run)
}

/** Starts preparing the run of the lane after `current` in advance, unless one exists. */
export function prepareAhead(eng: Engine, e: Execution, current: Run): void {
  const laneIndex = current.laneIndex + 1
  const lane = e.lanes[laneIndex]
  if (!lane || lane.runs.some((r) => r.runNumber === null)) return
  if (e.heldAhead.some((h) => h.lane === laneIndex + 1)) return
  const slot: { held?: Held } = {}
  const place = { point: 'beforeLanePreparation' as const, execution: e.id, lane: laneIndex + 1 }
  slot.held = eng.holds.gate({ ...place, run: null }, () => {
    e.heldAhead = e.heldAhead.filter((h) => h !== slot.held)
    startAhead(eng, e, laneIndex)
  })
  if (slot.held) e.heldAhead.push(slot.held)
}

function startAhead(eng: Engine, e: Execution, laneIndex: number): void {
  const lane = e.lanes[laneIndex]!
  // Stopping or already current: op-worker's preparation then finds nothing to do.
  if (!isRunning(e) || laneIndex <= e.currentLane) return
  if (lane.runs.some((r) => r.runNumber === null)) return
  const ahead = eng.newRun(laneIndex, null, null, 'regular', null)
  ahead.inAdvance = true
  lane.runs.unshift(ahead)
  beginPreparing(eng, e, ahead)
}

export function beginPreparing(eng: Engine, e: Execution, run: Run): void {
  run.status = 'preparing'
  if (eng.isCurrent(e, run) && (e.status === 'scheduled' || e.status === 'resuming')) {
    e.status = 'active'
    e.startTime = eng.stamp(e.scheduleTime)
  }
  eng.audit.run(e, run, 'debug', 'Preparing...', undefined, true)
  eng.gateRun(e, run, 'beforeRunCreation', () => {
    if (failsNow(eng, e, run, 'beforeRunCreation')) return
    createRunResources(eng, e, run)
    eng.gateRun(e, run, 'afterRunCreation', () => {
      if (failsNow(eng, e, run, 'afterRunCreation')) return
      eng.later(e, run, 'prepareMs', () => finishPreparing(eng, e, run))
    })
  })
}

/** An injected preparation failure for this run at this stage: the run stops with `failure`. */
function failsNow(eng: Engine, e: Execution, run: Run, stage: PreparationFailure['stage']) {
  const targets = (f: PreparationFailure) =>
    f.lane === undefined && f.run === undefined
      ? eng.isCurrent(e, run)
      : (f.lane === undefined || f.lane === run.laneIndex + 1) &&
        (f.run === undefined || f.run === run.runNumber)
  const i = e.failPreparations.findIndex((f) => f.stage === stage && targets(f))
  if (i < 0) return false
  e.failPreparations.splice(i, 1)
  const laneSchemaId = e.lanes[run.laneIndex]!.def.id
  eng.audit.lane(e, run.laneIndex, 'critical', 'Failed to prepare next run.', {
    reason: errors.laneExecutionCreationFailed(laneSchemaId, errors.internalServerError()).toJson()
  })
  stopping.stopRun(eng, e, run, 'failure')
  return true
}

/** The run's exception store and task executions (what `parallelBoxes` then shows). */
function createRunResources(eng: Engine, e: Execution, run: Run): void {
  const lane = e.lanes[run.laneIndex]!
  run.iteratedStoreId ??= e.storeRegistry[lane.def.storeSchemaId] ?? null
  eng.audit.run(
    e,
    run,
    'debug',
    'Creating...',
    {
      laneRunType: run.runType,
      originRunNumber: run.originRunNumber,
      iteratedStoreId: run.iteratedStoreId
    },
    true
  )
  const exceptions = eng.newStore(e.id, 'exception', `Failed items (run ${run.runNumber ?? '?'})`)
  run.exceptionStoreId = exceptions.id
  eng.audit.run(
    e,
    run,
    'debug',
    'Exception store created.',
    { exceptionStoreId: exceptions.id },
    true
  )
  run.boxes = lane.def.boxes.map((box, b) => ({
    schemaId: box.id,
    itemMs: box.itemMs,
    done: false,
    tasks: box.tasks.map((def, j): TaskRun => {
      const executionId = eng.rng.entityId()
      const task: TaskRun = {
        schemaId: def.id,
        executionId,
        name: def.name,
        box: b + 1,
        index: j + 1,
        filePipe: def.filePipe,
        auditLogStoreId: derivedId(executionId, 'audit log'),
        status: 'pending',
        started: false,
        processed: 0,
        failed: 0,
        inProcessing: 0
      }
      const log = (text: string, details?: Record<string, unknown>) =>
        eng.audit.task(e, run, task, 'debug', text, {
          details,
          referenced: false,
          asPrepared: true
        })
      log('Executor created.')
      log('Audit log created.', { auditLogStoreId: task.auditLogStoreId })
      log('Created.', { taskId: executionId })
      return task
    })
  }))
  eng.audit.run(e, run, 'debug', 'Parallel boxes created.', { parallelBoxes: boxesJson(run) }, true)
  eng.audit.run(e, run, 'debug', 'Created.', { laneRun: runJson(e, run) }, true)
}

function finishPreparing(eng: Engine, e: Execution, run: Run): void {
  if (!isRunning(e)) {
    // The workflow began stopping meanwhile: op-worker interrupts a run prepared in advance.
    if (!eng.isCurrent(e, run)) stopping.stopRun(eng, e, run, 'interrupt', { sync: true })
    return
  }
  eng.audit.run(e, run, 'debug', 'Starting...', undefined, true)
  for (const task of run.boxes.flatMap((b) => b.tasks))
    eng.audit.task(e, run, task, 'info', 'Started.', { asPrepared: true })
  run.prepared = true
  run.status = 'enqueued'
  eng.audit.run(e, run, 'info', 'Prepared.', undefined, true)
  // A run prepared in advance waits until the lane before it ends.
  if (eng.isCurrent(e, run)) enqueueStart(eng, e, run)
}

export function enqueueStart(eng: Engine, e: Execution, run: Run): void {
  eng.later(e, run, 'enqueueMs', () => {
    if (run.started) activate(eng, e, run)
    else eng.gateRun(e, run, 'beforeFirstItem', () => activate(eng, e, run))
  })
}

function activate(eng: Engine, e: Execution, run: Run): void {
  run.status = 'active'
  if (!run.started) {
    run.started = true
    const source = run.iteratedStoreId ? eng.stores.get(run.iteratedStoreId) : undefined
    run.queue = (source?.items ?? []).map((item) => ({ item, box: 0 }))
  }
  pump(eng, e, run)
}

/** The current lane finished: the next one's run (prepared in advance if it was) becomes current. */
export function advanceToNextLane(eng: Engine, e: Execution): void {
  e.currentLane += 1
  const lane = e.lanes[e.currentLane]!
  lane.retriesLeft = lane.def.maxRetries
  for (const h of e.heldAhead.filter((x) => x.lane === e.currentLane + 1)) eng.holds.drop(h)
  e.heldAhead = e.heldAhead.filter((x) => x.lane !== e.currentLane + 1)
  const ahead = lane.runs.find((r) => r.runNumber === null)
  if (!ahead) {
    const run = eng.newRun(e.currentLane, e.currentRunNum, null, 'regular', null)
    lane.runs.unshift(run)
    scheduleRun(eng, e, run)
    return
  }
  ahead.runNumber = e.currentRunNum
  if (
    ['finished', 'failed', 'cancelled', 'crashed', 'interrupted', 'paused'].includes(ahead.status)
  )
    stopping.beginWorkflowStop(eng, e) // its preparation failed: nothing can run
  else if (ahead.status !== 'stopping') {
    prepareAhead(eng, e, ahead)
    // Still preparing: its preparation starts it, now that it is current.
    if (ahead.status === 'enqueued') enqueueStart(eng, e, ahead)
  }
}

/** A failed current run with retries left gets an automatic retry (a new run number). */
export function scheduleRetry(eng: Engine, e: Execution, failed: Run): void {
  const lane = e.lanes[failed.laneIndex]!
  lane.retriesLeft -= 1
  e.currentRunNum += 1
  const retry = eng.newRun(
    failed.laneIndex,
    e.currentRunNum,
    failed.runNumber,
    'retry',
    failed.exceptionStoreId
  )
  lane.runs.unshift(retry)
  eng.audit.run(e, failed, 'info', 'Scheduled automatic retry.', {
    scheduledLaneRunSelector: selector(retry.laneIndex, retry.runNumber),
    retriesLeft: lane.retriesLeft
  })
  scheduleRun(eng, e, retry)
}

export function resume(eng: Engine, e: Execution): void {
  if (e.status !== 'paused' && e.status !== 'interrupted') throw errors.notResumable()
  const run = eng.currentRun(e)
  e.status = 'resuming'
  e.scheduleTime = eng.stamp(e.suspendTime)
  eng.audit.write(e, 'notice', 'Resuming execution...', {
    scheduledLaneRunSelector: selector(run.laneIndex, run.runNumber)
  })
  run.status = 'resuming'
  run.stoppingReason = undefined
  eng.later(e, run, 'resumeMs', () => continueAfterResume(eng, e, run))
}

function continueAfterResume(eng: Engine, e: Execution, run: Run): void {
  // Nothing was created yet: the run is prepared as if for the first time.
  if (!run.boxes.length) {
    eng.gateRun(e, run, 'beforeLanePreparation', () => beginPreparing(eng, e, run))
    prepareAhead(eng, e, run)
    return
  }
  eng.audit.run(e, run, 'debug', 'Resuming...')
  const tasks = run.boxes.flatMap((b) => b.tasks)
  for (const task of tasks) {
    if (task.status !== 'paused' && task.status !== 'interrupted') continue
    eng.audit.task(e, run, task, 'debug', 'Resuming...')
    task.status = task.started ? 'active' : 'pending'
    task.stoppingReason = undefined
    eng.audit.task(e, run, task, 'info', 'Resumed.')
  }
  e.status = 'active'
  e.startTime = eng.stamp(e.scheduleTime)
  run.prepared = true
  run.status = tasks.every((t) => t.status === 'pending') ? 'enqueued' : 'active'
  eng.audit.run(e, run, 'info', 'Resumed.')
  if (run.status === 'enqueued') enqueueStart(eng, e, run)
  else activate(eng, e, run)
  prepareAhead(eng, e, run)
}
