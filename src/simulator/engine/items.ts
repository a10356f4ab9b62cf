// Items through an active run, as op-worker's workflow engine passes them: an item goes through
// parallel box 1's tasks, then box 2's; a failure stops it where it failed (it lands in the run's
// exception store); a task ends when every item has passed its box; the instant-failure threshold
// is checked after each failure; when no item is left the run ends finished or failed.
import { unitHash } from '../ids'
import type { Engine } from './engine'
import { advanceToNextLane, scheduleRetry } from './lifecycle'
import type { Execution, ExtraFailure, Item, Run, TaskRun } from './model'
import { beginWorkflowStop, stopRun } from './stopping'
import type { TaskDef } from './world'

/** Keeps up to `concurrency` items in the run's boxes; when none is left, the run ends. */
export function pump(eng: Engine, e: Execution, run: Run): void {
  if (run.status !== 'active') return
  const def = e.lanes[run.laneIndex]!.def
  while (run.inFlight.size < def.concurrency && run.queue.length) {
    const next = run.queue.shift()!
    enterBox(eng, e, run, next.item, next.box)
  }
  closeFinishedBoxes(eng, e, run)
  if (run.queue.length || run.inFlight.size || run.pending || run.held) return
  eng.gateRun(e, run, 'afterAllItems', () =>
    eng.later(e, run, 'finalizeMs', () => endNaturally(eng, e, run))
  )
}

function enterBox(eng: Engine, e: Execution, run: Run, item: Item, b: number): void {
  const box = run.boxes[b]!
  for (const task of box.tasks) {
    if (task.status === 'pending') task.status = 'active'
    task.started = true
    task.inProcessing += 1
  }
  const done = eng.clock.after(box.itemMs, () => leaveBox(eng, e, run, item, b))
  run.inFlight.set(item.position, { item, box: b, done })
}

function leaveBox(eng: Engine, e: Execution, run: Run, item: Item, b: number): void {
  run.inFlight.delete(item.position)
  const def = e.lanes[run.laneIndex]!.def
  const failed: TaskRun[] = []
  run.boxes[b]!.tasks.forEach((task, j) => {
    task.inProcessing -= 1
    task.processed += 1
    if (itemFails(e, def.boxes[b]!.tasks[j]!, item)) {
      task.failed += 1
      failed.push(task)
    }
  })
  if (failed.length) {
    const exceptions = run.exceptionStoreId ? eng.stores.get(run.exceptionStoreId) : undefined
    exceptions?.items.push(item)
    const threshold = def.instantFailureExceptionThreshold
    const breached = failed.find((t) => t.failed / (t.processed + t.inProcessing) > threshold)
    if (breached) {
      // op-worker's handle_lane_run_instant_failure_exception_threshold_breached/3
      breached.status = 'stopping'
      breached.stoppingReason = 'failure'
      const text = `The instant failure exception threshold of ${threshold.toFixed(3)} has been breached.`
      eng.audit.task(e, run, breached, 'critical', text)
      stopRun(eng, e, run, 'failure')
      return
    }
  } else if (b + 1 < run.boxes.length) {
    enterBox(eng, e, run, item, b + 1)
  }
  pump(eng, e, run)
}

/** A box is done when no item waits for it or for a box before it: its tasks end, in order. */
function closeFinishedBoxes(eng: Engine, e: Execution, run: Run): void {
  const inFlight = [...run.inFlight.values()]
  for (const [b, box] of run.boxes.entries()) {
    if (box.done) continue
    if (run.queue.some((q) => q.box <= b) || inFlight.some((f) => f.box <= b)) return
    box.done = true
    for (const task of box.tasks) {
      task.status = !task.started ? 'skipped' : task.failed > 0 ? 'failed' : 'finished'
      if (task.filePipe && task.started)
        eng.audit.task(e, run, task, 'debug', 'Processed all streamed results.')
      eng.audit.task(e, run, task, 'info', 'Stopped.')
    }
  }
}

function itemFails(e: Execution, task: TaskDef, item: Item): boolean {
  const key = `${task.id}:${item.position}`
  const attempt = (e.attempts.get(key) ?? 0) + 1
  e.attempts.set(key, attempt)
  const matches = (r: ExtraFailure) =>
    r.items.includes(item.position) && (r.times === undefined || attempt <= r.times)
  const rules = [
    ...task.fail,
    ...e.extraFailures.filter((f) => !f.task || f.task === task.name || f.task === task.id)
  ]
  if (rules.some(matches)) return true
  return task.failureRate > 0 && unitHash(`${e.id}:${key}:${attempt}`) < task.failureRate
}

/** Every item was processed: the run ends by itself and the execution moves on. */
function endNaturally(eng: Engine, e: Execution, run: Run): void {
  const failed = run.boxes.some((b) => b.tasks.some((t) => t.failed > 0))
  run.status = failed ? 'failed' : 'finished'
  eng.audit.run(e, run, 'info', 'Stopped.')
  if (!failed && run.laneIndex < e.lanes.length - 1) advanceToNextLane(eng, e)
  else if (failed && e.lanes[run.laneIndex]!.retriesLeft > 0) scheduleRetry(eng, e, run)
  else beginWorkflowStop(eng, e)
}
