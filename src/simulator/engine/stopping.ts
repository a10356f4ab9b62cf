// Stopping, as op-worker's atm_lane_execution_stop_handler and atm_workflow_execution_handler do
// it: a stop request gives the current run a stopping reason (a stronger one replaces a weaker),
// the run and its tasks stop, then the workflow's stopped handling stops the runs prepared in
// advance, deletes them and ends the workflow with the current run's status. Crashes and engine
// exceptions end it abruptly; a provider restart interrupts what was running.
import { laneRunPhase, workflowPhase } from '../../shared/statuses'
import { errors } from '../errors'
import type { Engine } from './engine'
import { resume } from './lifecycle'
import {
  STATUS_AFTER_STOP,
  STOP_REASON_PRIORITY,
  TASK_STATUS_AFTER_STOP,
  TASK_STOP_PRIORITY,
  TASK_STOP_REASON,
  type Execution,
  type QueuedItem,
  type Run,
  type StopReason,
  type TaskRun,
  type TaskStopReason
} from './model'

/** A stop for the whole execution (pause, cancel, an injected reason): op-worker's init_stop. */
export function requestStop(eng: Engine, e: Execution, reason: StopReason): void {
  if (workflowPhase(e.status) === 'ended') throw errors.ended()
  const run = eng.currentRun(e)
  if (run.status === 'stopping') return raiseReason(eng, e, run, reason)
  const suspended = run.status === 'paused' || run.status === 'interrupted'
  if (suspended && reason === 'cancel') {
    if (e.status === 'stopping') return stopRun(eng, e, run, reason) // its stopped handling is due
    return cancelSuspended(eng, e, run)
  }
  // The run already ended (or was suspended): the workflow is only finishing up.
  if (laneRunPhase(run.status) === 'ended' || suspended)
    throw errors.invalidStatusTransition(run.status, 'stopping')
  stopRun(eng, e, run, reason)
}

/** A run starts stopping; after `stopMs` (at once with `sync`) it ends with its reason's status. */
export function stopRun(
  eng: Engine,
  e: Execution,
  run: Run,
  reason: StopReason,
  opts: { sync?: boolean } = {}
): void {
  halt(eng, run)
  run.status = 'stopping'
  run.stoppingReason = reason
  const current = eng.isCurrent(e, run)
  if (current && e.status !== 'stopping') {
    if (workflowPhase(e.status) !== 'ongoing') e.startTime = eng.stamp(e.scheduleTime)
    e.status = 'stopping'
  }
  logInitStop(eng, e, run, reason)
  if (current) engineLog(eng, e, 'Initiating cancel procedure...', 'Initiated cancel procedure.')
  stopTasks(eng, e, run, reason)
  if (current) engineLog(eng, e, 'Finished cancel procedure.')
  if (opts.sync) completeRunStop(eng, e, run, true)
  else eng.later(e, run, 'stopMs', () => completeRunStop(eng, e, run, false))
}

/** Already stopping: a reason of higher priority replaces the current one, anything else is ignored. */
function raiseReason(eng: Engine, e: Execution, run: Run, reason: StopReason): void {
  const now = run.stoppingReason ?? 'op_worker_stopping'
  if (STOP_REASON_PRIORITY[reason] <= STOP_REASON_PRIORITY[now]) return
  run.stoppingReason = reason
  logInitStop(eng, e, run, reason)
  stopTasks(eng, e, run, reason)
}

function logInitStop(eng: Engine, e: Execution, run: Run, reason: StopReason): void {
  if (eng.isCurrent(e, run)) eng.audit.write(e, 'notice', 'Stopping execution...', { reason })
  eng.audit.run(e, run, 'info', 'Initiating stop...', { reason })
}

function engineLog(eng: Engine, e: Execution, ...texts: string[]): void {
  for (const text of texts) eng.audit.write(e, 'debug', `[workflow engine] ${text}`)
}

/** op-worker's init_stop_tasks: each task not yet ended gets the task stopping reason. */
function stopTasks(eng: Engine, e: Execution, run: Run, reason: StopReason): void {
  const taskReason = TASK_STOP_REASON[reason]
  eng.audit.run(e, run, 'debug', 'Initiating tasks stop...', { taskStoppingReason: taskReason })
  for (const task of run.boxes.flatMap((b) => b.tasks)) {
    if (!stopTask(task, taskReason)) continue
    eng.audit.task(e, run, task, 'info', 'Stop initiated.', { details: { reason: taskReason } })
  }
}

function stopTask(task: TaskRun, reason: TaskStopReason): boolean {
  switch (task.status) {
    case 'pending':
    case 'resuming':
      task.status = TASK_STATUS_AFTER_STOP[reason]
      return true
    case 'active':
      task.status = 'stopping'
      task.stoppingReason = reason
      return true
    case 'stopping':
      if (TASK_STOP_PRIORITY[reason] <= TASK_STOP_PRIORITY[task.stoppingReason ?? 'pause'])
        return false
      task.stoppingReason = reason
      return true
    case 'paused':
      if (reason !== 'cancel' && reason !== 'interrupt') return false
      task.status = TASK_STATUS_AFTER_STOP[reason]
      return true
    case 'interrupted':
      if (reason !== 'cancel') return false
      task.status = 'cancelled'
      return true
    default:
      return false
  }
}

/** The run and its stopping tasks end; a current run then leads to the workflow's stop. */
function completeRunStop(eng: Engine, e: Execution, run: Run, sync: boolean): void {
  run.pending = undefined
  let streamLost = false
  for (const task of run.boxes.flatMap((b) => b.tasks)) {
    if (task.status !== 'stopping') continue
    // A task that streams its results may have lost some when interrupted: it failed.
    const lost = task.stoppingReason === 'interrupt' && task.filePipe
    streamLost ||= lost
    task.status = lost ? 'failed' : TASK_STATUS_AFTER_STOP[task.stoppingReason ?? 'pause']
    eng.audit.task(e, run, task, 'info', 'Stopped.')
  }
  if (streamLost && run.stoppingReason === 'interrupt') run.stoppingReason = 'failure'
  run.status = STATUS_AFTER_STOP[run.stoppingReason ?? 'pause']
  eng.audit.run(e, run, 'info', 'Stopped.')
  if (sync || !eng.isCurrent(e, run)) return
  e.status = 'stopping'
  if (e.abrupt) finalize(eng, e)
  else scheduleFinalize(eng, e)
}

/** The current run ended by itself (the last lane, or failed without retries): the workflow stops. */
export function beginWorkflowStop(eng: Engine, e: Execution): void {
  e.status = 'stopping'
  scheduleFinalize(eng, e)
}

/** The workflow's stopped handling, after `workflowStopMs` and the `beforeWorkflowStopped` point. */
function scheduleFinalize(eng: Engine, e: Execution): void {
  e.pendingStop?.cancel()
  eng.holds.drop(e.heldStop)
  e.heldStop = undefined
  const run = eng.currentRun(e)
  e.pendingStop = eng.clock.after(eng.timing(e, run).workflowStopMs, () => {
    e.pendingStop = undefined
    const place = {
      point: 'beforeWorkflowStopped' as const,
      execution: e.id,
      lane: run.laneIndex + 1,
      run: run.runNumber
    }
    e.heldStop = eng.holds.gate(place, () => {
      e.heldStop = undefined
      finalize(eng, e)
    })
  })
}

/** op-worker's finalize_workflow_execution (or, after a crash, handle_workflow_abruptly_stopped). */
export function finalize(eng: Engine, e: Execution): void {
  e.pendingStop?.cancel()
  e.pendingStop = undefined
  const run = eng.currentRun(e)
  if (run.status === 'stopping') completeRunStop(eng, e, run, true)
  removeRunsAhead(eng, e)
  const status = e.abrupt === 'crash' ? 'crashed' : (run.status as Execution['status'])
  e.status = status
  if (workflowPhase(status) === 'suspended') e.suspendTime = eng.stamp(e.startTime)
  else e.finishTime = eng.stamp(e.startTime)
  if (!e.abrupt) eng.audit.write(e, 'notice', 'Stopped execution.', { status })
  e.abrupt = undefined
  notifyCallback(eng, e)
  if (status === 'interrupted' && e.autoResumeAfterMs !== undefined) {
    const after = e.autoResumeAfterMs
    e.autoResumeAfterMs = undefined
    eng.clock.after(after, () => {
      if (e.status === 'interrupted' && !e.discarded) resume(eng, e)
    })
  }
}

/** Runs prepared in advance are interrupted, then deleted: a stopped execution never shows one. */
function removeRunsAhead(eng: Engine, e: Execution): void {
  for (const held of e.heldAhead) eng.holds.drop(held)
  e.heldAhead = []
  const removed: number[] = []
  e.lanes.forEach((lane, i) => {
    if (i <= e.currentLane) return
    const ahead = lane.runs.filter((r) => r.runNumber === null)
    if (!ahead.length) return
    for (const run of ahead) {
      const phase = laneRunPhase(run.status)
      if (phase === 'waiting') stopRun(eng, e, run, 'interrupt', { sync: true })
      else if (run.status === 'stopping') completeRunStop(eng, e, run, true)
      halt(eng, run)
    }
    lane.runs = lane.runs.filter((r) => r.runNumber !== null)
    removed.push(i + 1)
  })
  if (removed.length)
    eng.audit.write(e, 'info', 'Deleted lane runs that were prepared in advance.', {
      laneIndices: removed
    })
}

/** Cancel of a paused or interrupted execution: nothing runs, so it ends at once. */
function cancelSuspended(eng: Engine, e: Execution, run: Run): void {
  e.status = 'stopping'
  e.startTime = eng.stamp(e.suspendTime)
  run.status = 'stopping'
  run.stoppingReason = 'cancel'
  logInitStop(eng, e, run, 'cancel')
  engineLog(eng, e, 'Cleaned up execution')
  stopTasks(eng, e, run, 'cancel')
  run.status = 'cancelled'
  eng.audit.run(e, run, 'info', 'Stopped previously suspended.')
  finalize(eng, e)
}

/** An unexpected error in the engine (`error`/`exit` in op-worker): the execution ends crashed. */
export function crash(eng: Engine, e: Execution): void {
  if (workflowPhase(e.status) === 'ended') throw errors.ended()
  eng.audit.write(e, 'emergency', 'Unexpected emergency occured.', {
    reason: errors.internalServerError().toJson()
  })
  abort(eng, e, 'crash')
}

/** An engine exception (`throw` in op-worker): the execution is interrupted. */
export function interrupt(eng: Engine, e: Execution, resumeAfterMs?: number): void {
  if (workflowPhase(e.status) === 'ended') throw errors.ended()
  const run = eng.currentRun(e)
  if (workflowPhase(e.status) === 'suspended')
    throw errors.invalidStatusTransition(run.status, 'stopping')
  eng.audit.write(e, 'critical', 'Unexpected error occured.', {
    reason: errors.internalServerError().toJson()
  })
  e.autoResumeAfterMs = resumeAfterMs
  abort(eng, e, 'interrupt')
}

/** op-worker's handle_exception and handle_workflow_abruptly_stopped: never refused. */
function abort(eng: Engine, e: Execution, reason: 'crash' | 'interrupt'): void {
  e.abrupt = reason
  if (workflowPhase(e.status) === 'suspended') return finalize(eng, e)
  const run = eng.currentRun(e)
  if (run.status === 'stopping') return raiseReason(eng, e, run, reason)
  if (e.status === 'stopping') {
    // The current run already ended: only the workflow is left to stop.
    e.pendingStop?.cancel()
    eng.holds.drop(e.heldStop)
    e.heldStop = undefined
    e.pendingStop = eng.clock.after(eng.timing(e, run).stopMs, () => finalize(eng, e))
    return
  }
  stopRun(eng, e, run, reason)
}

/** op-worker's restart/1: what was waiting or ongoing when the provider went down is interrupted
 *  (and resumed); what was paused by the provider's own stop is resumed. */
export function restartExecution(eng: Engine, e: Execution, autoResume: boolean): void {
  const phase = workflowPhase(e.status)
  // Paused because the provider was stopping: op-worker resumes it once it is back.
  if (phase === 'suspended' && eng.currentRun(e).stoppingReason === 'op_worker_stopping') {
    if (autoResume) resume(eng, e)
    return
  }
  if (phase !== 'waiting' && phase !== 'ongoing') return
  eng.audit.write(
    e,
    'critical',
    'Failed to cleanly suspend execution before the Oneprovider service has stopped.'
  )
  e.abrupt = undefined
  const run = eng.currentRun(e)
  const runPhase = laneRunPhase(run.status)
  if (run.status === 'stopping') raiseReason(eng, e, run, 'interrupt')
  else if (runPhase === 'waiting' || runPhase === 'ongoing')
    stopRun(eng, e, run, 'interrupt', { sync: true })
  finalize(eng, e)
  if (e.status === 'interrupted' && autoResume) resume(eng, e)
}

/** Cancels a run's pending work; items in processing go back to wait for their box. */
export function halt(eng: Engine, run: Run): void {
  run.pending?.cancel()
  run.pending = undefined
  eng.holds.drop(run.held)
  run.held = undefined
  const back: QueuedItem[] = []
  for (const { item, box, done } of run.inFlight.values()) {
    done.cancel()
    back.push({ item, box })
    for (const task of run.boxes[box]!.tasks) task.inProcessing -= 1
  }
  run.inFlight.clear()
  run.queue.unshift(...back.sort((a, b) => a.item.position - b.item.position))
}

/** Nothing of the execution runs any more (deleted, or the provider went down). */
export function haltAll(eng: Engine, e: Execution): void {
  for (const lane of e.lanes) for (const run of lane.runs) halt(eng, run)
  e.pendingStop?.cancel()
  e.pendingStop = undefined
  eng.holds.drop(e.heldStop)
  e.heldStop = undefined
  for (const held of e.heldAhead) eng.holds.drop(held)
  e.heldAhead = []
}

function notifyCallback(eng: Engine, e: Execution): void {
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
        else eng.note(`callback to ${url} failed: ${String(err)}`)
      })
  }
  attempt(0)
}
